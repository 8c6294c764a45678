/**
 * A recording stand-in for the parts of 'electron' the main process uses, so index.ts and its
 * wiring run in plain Node. Only behaviour the shell relies on is modelled.
 */
type Fn = (...args: never[]) => unknown;

export interface FakeFrame {
  processId: number;
  frameToken: string;
  parent: FakeFrame | null;
  url: string;
  detached: boolean;
  isDestroyed(): boolean;
}

export interface FakeWebContents {
  mainFrame: FakeFrame;
  listeners: Map<string, Fn[]>;
  windowOpenHandler: ((details: { url: string }) => unknown) | null;
  sent: [string, unknown][];
  url: string;
  on(event: string, listener: Fn): FakeWebContents;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void;
  getURL(): string;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export function fakeFrame(overrides: Partial<FakeFrame> = {}): FakeFrame {
  return { processId: 1, frameToken: 'top', parent: null, url: 'app://kestrel/index.html', detached: false, isDestroyed: () => false, ...overrides };
}

export function fakeWebContents(): FakeWebContents {
  const contents: FakeWebContents = {
    mainFrame: fakeFrame(),
    listeners: new Map(),
    windowOpenHandler: null,
    sent: [],
    url: 'app://kestrel/index.html',
    on(event, listener) {
      contents.listeners.set(event, [...(contents.listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler) {
      contents.windowOpenHandler = handler;
    },
    getURL: () => contents.url,
    isDestroyed: () => false,
    send(channel, payload) {
      contents.sent.push([channel, payload]);
    },
  };
  return contents;
}

export function createFakeElectron() {
  const log: string[] = [];
  const appHandlers = new Map<string, Fn>();
  const ipcHandlers = new Map<string, Fn>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const windows: FakeBrowserWindow[] = [];
  const errorBoxes: [string, string][] = [];
  const session = {
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    beforeRequest: null as Fn | null,
    setPermissionRequestHandler: (h: Fn) => void (session.permissionRequest = h),
    setPermissionCheckHandler: (h: Fn) => void (session.permissionCheck = h),
    setDevicePermissionHandler: () => log.push('setDevicePermissionHandler'),
    setSpellCheckerEnabled: (on: boolean) => log.push(`setSpellCheckerEnabled:${on}`),
    webRequest: { onBeforeRequest: (h: Fn) => void (session.beforeRequest = h) },
  };

  class FakeBrowserWindow {
    readonly webContents = fakeWebContents();
    readonly handlers = new Map<string, Fn>();
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      windows.push(this);
      log.push('new BrowserWindow');
    }
    on(event: string, listener: Fn) {
      this.handlers.set(event, listener);
      return this;
    }
    once(event: string, listener: Fn) {
      return this.on(event, listener);
    }
    loadURL(url: string) {
      log.push(`loadURL:${url}`);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }

  const state = { singleInstance: true, quitCalls: 0, exitCode: null as number | null, menu: null as unknown };
  const electron = {
    app: {
      on(event: string, listener: Fn) {
        appHandlers.set(event, listener);
        return electron.app;
      },
      enableSandbox: () => log.push('enableSandbox'),
      requestSingleInstanceLock: () => state.singleInstance,
      whenReady: () => {
        log.push('whenReady');
        return Promise.resolve();
      },
      getPath: () => '/tmp/kestrel-fake-user-data',
      getVersion: () => '0.1.0',
      isPackaged: false,
      quit: () => void state.quitCalls++,
      exit: (code: number) => void (state.exitCode = code),
    },
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: session },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => log.push(`registerSchemesAsPrivileged:${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
      unhandle: (scheme: string) => void protocolHandlers.delete(scheme),
    },
    ipcMain: {
      handle: (channel: string, handler: Fn) => void ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (state.menu = menu) },
    dialog: { showErrorBox: (title: string, detail: string) => void errorBoxes.push([title, detail]) },
  };
  return { electron, log, appHandlers, ipcHandlers, protocolHandlers, windows, errorBoxes, session, state };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
