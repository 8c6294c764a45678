import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../../common/api';
import { EventBus } from '../../../electron/node/services/EventBus';
import { createFakeElectron, fakeFrame, type FakeElectron } from './fakeElectron';

/**
 * Runs electron/main/index.ts against a fake 'electron' and fake services: the lifecycle and the
 * wiring (scheme before ready, window preferences, IPC sender check, events, quit) without Electron.
 */
const h = vi.hoisted(() => ({
  fake: null as unknown as FakeElectron,
  createServices: null as unknown as () => unknown,
  dispatched: [] as unknown[][],
}));

vi.mock('electron', () => {
  const pick = (key: string) => (h.fake.electron as unknown as Record<string, unknown>)[key];
  return {
    get app() { return pick('app'); },
    get BrowserWindow() { return pick('BrowserWindow'); },
    get session() { return pick('session'); },
    get protocol() { return pick('protocol'); },
    get ipcMain() { return pick('ipcMain'); },
    get Menu() { return pick('Menu'); },
    get dialog() { return pick('dialog'); },
  };
});
vi.mock('../../../electron/node/app/createServices', () => ({ createServices: () => h.createServices() }));
vi.mock('../../../electron/node/api/dispatch', () => ({
  dispatch: async (_handlers: unknown, method: string, input: unknown) => {
    h.dispatched.push([method, input]);
    return method === 'app.info' ? { ok: true, result: { mode: 'electron' } } : { ok: false, error: { code: 'unknown_method', message: 'x' } };
  },
}));

function fakeServices() {
  const events = new EventBus();
  const disposed = { value: false };
  return {
    services: {
      handlers: {},
      events,
      studies: { instanceFile: () => '/nonexistent.dcm' },
      dataDir: '/tmp/kestrel-fake-user-data',
      ready: Promise.resolve(),
      dispose: async () => void (disposed.value = true),
    },
    events,
    disposed,
  };
}

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/main/index');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  h.fake = createFakeElectron();
  h.dispatched = [];
});

describe('Electron main lifecycle', () => {
  it('registers the app scheme and the sandbox before ready, then opens one hardened window', async () => {
    const { services } = fakeServices();
    h.createServices = () => services;
    await startMain();
    const { log, windows, protocolHandlers, session } = h.fake;
    expect(log.indexOf('whenReady')).toBeGreaterThan(log.findIndex((l) => l.startsWith('registerSchemesAsPrivileged:')));
    expect(log.indexOf('whenReady')).toBeGreaterThan(log.indexOf('enableSandbox'));
    expect(log.find((l) => l.startsWith('registerSchemesAsPrivileged:'))).toContain('"scheme":"app"');
    expect(windows).toHaveLength(1);
    expect(windows[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
    expect(String(windows[0]?.options.webPreferences?.preload)).toMatch(/preload\.cjs$/);
    expect(log).toContain('loadURL:app://kestrel/index.html');
    expect(protocolHandlers.has('app')).toBe(true);
    expect(session.permissionRequest).not.toBeNull();
    expect(session.beforeRequest).not.toBeNull();
    expect(h.fake.state.menu).not.toBeNull();
  });

  it('dispatches calls from our top frame and refuses every other sender', async () => {
    h.createServices = () => fakeServices().services;
    await startMain();
    const call = h.fake.ipcHandlers.get('kestrel:call') as (...args: unknown[]) => Promise<unknown>;
    const sender = h.fake.windows[0]?.webContents;
    const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };

    await expect(call({ sender, senderFrame: sender?.mainFrame }, 'app.info', {})).resolves.toEqual({ ok: true, result: { mode: 'electron' } });
    const others = [
      { sender, senderFrame: null },
      { sender, senderFrame: fakeFrame({ frameToken: 'child', parent: sender?.mainFrame ?? null }) },
      { sender, senderFrame: fakeFrame({ url: 'https://evil.example/' }) },
      { sender, senderFrame: fakeFrame({ url: 'file:///tmp/index.html' }) },
      { sender, senderFrame: fakeFrame({ detached: true }) },
      { sender: { ...sender }, senderFrame: sender?.mainFrame },
    ];
    for (const event of others) await expect(call(event, 'app.info', {})).resolves.toEqual(forbidden);
    expect(h.dispatched).toEqual([['app.info', {}]]);
  });

  it('forwards service events to windows showing our page', async () => {
    const { services, events } = fakeServices();
    h.createServices = () => services;
    await startMain();
    const contents = h.fake.windows[0]?.webContents;
    const event: ApiEvent = { type: 'worklist.changed' };
    events.emit(event);
    expect(contents?.sent).toEqual([['kestrel:event', event]]);
    if (contents) contents.url = 'https://evil.example/';
    events.emit(event);
    expect(contents?.sent).toHaveLength(1);
  });

  it('disposes the services and removes its handlers before quitting', async () => {
    const { services, disposed } = fakeServices();
    h.createServices = () => services;
    await startMain();
    const event = { preventDefault: vi.fn() };
    (h.fake.appHandlers.get('will-quit') as (e: unknown) => void)(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(h.fake.state.quitCalls).toBe(1));
    expect(disposed.value).toBe(true);
    expect(h.fake.ipcHandlers.size).toBe(0);
    expect(h.fake.protocolHandlers.size).toBe(0);
  });

  it('shows a clear dialog and exits when the database cannot be opened', async () => {
    h.createServices = () => {
      throw new Error('This database was written by a newer Kestrel (schema 9, this build knows 3).');
    };
    await startMain();
    expect(h.fake.errorBoxes).toHaveLength(1);
    expect(h.fake.errorBoxes[0]?.[0]).toBe('Kestrel cannot open its database');
    expect(h.fake.state.exitCode).toBe(1);
    expect(h.fake.windows).toHaveLength(0);
  });

  it('leaves the work to the running instance when it is not the first', async () => {
    h.fake.state.singleInstance = false;
    h.createServices = () => fakeServices().services;
    await startMain();
    expect(h.fake.state.quitCalls).toBe(1);
    expect(h.fake.log).not.toContain('whenReady');
    expect(h.fake.windows).toHaveLength(0);
  });
});
