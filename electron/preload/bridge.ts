/**
 * Builds what the preload exposes as window.kestrel (the shape renderer/api/bridge.ts expects):
 * one function per contract method, an event subscription, a file-path helper and the base URL
 * for pixel data. Takes ipcRenderer and webUtils as parameters so it is tested without Electron;
 * the object it returns never contains them.
 */
import { methodNames, type MethodName } from '../../common/api';

/** Same names as electron/main/ipcChannels.ts (a preload cannot import main; a test holds them equal). */
export const CALL_CHANNEL = 'kestrel:call';
export const EVENT_CHANNEL = 'kestrel:event';
export const APP_BASE_URL = 'app://kestrel/';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The part of Electron's webUtils the bridge uses. */
export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

export interface Bridge {
  readonly call: Readonly<Record<MethodName, (input: unknown) => Promise<unknown>>>;
  onEvent(listener: (event: unknown) => void): () => void;
  pathForFile(file: File): string;
  readonly baseUrl: string;
}

export function createBridge(ipc: IpcRendererLike, webUtils: WebUtilsLike): Bridge {
  const call = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of methodNames) {
    // The method name is fixed here, not taken from the page: the renderer can only call the contract.
    call[method] = (input: unknown) => ipc.invoke(CALL_CHANNEL, method, input);
  }
  return Object.freeze({
    call: Object.freeze(call),
    onEvent(listener: (event: unknown) => void): () => void {
      // The IPC event object (with its sender and ports) stays here; the page gets the payload.
      const wrapper = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(EVENT_CHANNEL, wrapper);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, wrapper);
      };
    },
    pathForFile: (file: File): string => webUtils.getPathForFile(file),
    baseUrl: APP_BASE_URL,
  });
}
