import { createContext, useContext } from 'react';
import type { Settings } from '../../common/api';
import type { Api } from '../api/client';

export interface AppContextValue {
  api: Api;
  settings: Settings;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  notify(message: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
