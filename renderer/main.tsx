import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultApi } from './api/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import { initCornerstone } from './viewer/cornerstone/init';
// Korean glyphs ship with the app (SIL OFL): many Linux workstations have no Hangul font, and the
// browser loads only the unicode ranges a page actually uses.
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/700.css';
import './styles.css';

async function boot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const api = createDefaultApi();
  // Start the imaging stack while the worklist loads, so opening a study does not wait for it.
  void initCornerstone().catch(() => undefined);
  try {
    const settings = await api.call['settings.get']({});
    initI18n(settings.language);
    createRoot(root).render(
      <StrictMode>
        <App api={api} initialSettings={settings} />
      </StrictMode>,
    );
  } catch (error) {
    root.textContent = `Kestrel could not reach its services: ${(error as Error).message}`;
    root.className = 'fatal';
  }
}

void boot();
