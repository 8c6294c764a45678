/**
 * Every BrowserWindow is made here, with Electron's security checklist written once: isolated,
 * sandboxed renderer without Node, our preload, our protocol, deny-by-default navigation, new
 * windows and permissions. The decisions themselves are pure functions in security/policy.ts.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import {
  APP_ENTRY_URL,
  isNavigationAllowed,
  isPermissionAllowed,
  isRequestAllowed,
  windowOpenAction,
} from './security/policy';

type Log = (message: string) => void;

export interface WindowFactoryOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preload: string;
  /** DevTools are available in development only. */
  readonly devTools: boolean;
  readonly log: Log;
}

export interface WindowFactory {
  create(): BrowserWindow;
  /** True when `contents` is the page of a window this factory made and that is still open. */
  owns(contents: WebContents): boolean;
  windows(): BrowserWindow[];
}

const hardened = new WeakSet<WebContents>();

/**
 * Guards any WebContents (ours, and any other that appears: app 'web-contents-created' calls
 * this too): no navigation away from app://kestrel, no new windows, no <webview>.
 */
export function hardenWebContents(contents: WebContents, log: Log): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const guard = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log(`blocked ${kind} to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.setWindowOpenHandler((details) => {
    log(`blocked window.open of ${details.url.slice(0, 200)}`);
    return windowOpenAction();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
}

/** Session-wide rules: permissions, device access, network egress, spell-check downloads. */
export function hardenSession(session: Session, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl);
    if (!allowed) log(`denied permission "${permission}"`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  // Kestrel is offline: a page never reaches the network, whatever the CSP says.
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isRequestAllowed(details.url);
    if (!allowed) log(`blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  // Hunspell dictionaries would otherwise be downloaded from a Google CDN on Windows and Linux.
  session.setSpellCheckerEnabled(false);
}

export function createWindowFactory(opts: WindowFactoryOptions): WindowFactory {
  const windows = new Set<BrowserWindow>();
  const live = (): BrowserWindow[] => [...windows].filter((w) => !w.isDestroyed());

  return {
    create() {
      const win = new BrowserWindow({
        width: 1440,
        height: 900,
        minWidth: 1024,
        minHeight: 640,
        show: false,
        title: 'Kestrel',
        backgroundColor: '#101317',
        webPreferences: {
          preload: opts.preload,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webviewTag: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          // A file dropped outside the import area must not replace the app with file://…
          navigateOnDragDrop: false,
          spellcheck: false,
          safeDialogs: true,
          devTools: opts.devTools,
        },
      });
      windows.add(win);
      hardenWebContents(win.webContents, opts.log);
      win.on('closed', () => windows.delete(win));
      win.once('ready-to-show', () => win.show());
      win.webContents.on('render-process-gone', (_event, details) => {
        opts.log(`renderer process gone (${details.reason}, exit code ${details.exitCode})`);
      });
      win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
        opts.log(`could not load ${APP_ENTRY_URL}: ${error instanceof Error ? error.message : String(error)}`);
      });
      return win;
    },
    owns(contents) {
      return live().some((w) => w.webContents === contents);
    },
    windows: live,
  };
}
