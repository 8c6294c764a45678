/**
 * Kestrel's Electron main process: lifecycle only. Services come from electron/node (the same
 * composition root as web mode); security decisions live in security/policy.ts.
 */
import path from 'node:path';
import { app, dialog, session } from 'electron';
import { createServices, type Services } from '../node/app/createServices';
import { utilityProcessLauncher } from './inferenceLauncher';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { describeStartupFailure } from './startupFailure';
import { createWindowFactory, hardenSession, hardenWebContents, type WindowFactory } from './windowFactory';

const log = (message: string): void => console.log(`[kestrel] ${message}`);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// Bundled to dist/electron/main.cjs: the preload sits beside it, the renderer build in dist/renderer.
const preloadPath = path.join(__dirname, 'preload.cjs');
const rendererDir = path.join(__dirname, '..', 'renderer');
const inferenceHost = path.join(__dirname, '..', 'server', 'inference-host.mjs');
// Shipped models: next to the app in a packaged build (extraResources), the repo's models/ otherwise.
const modelsDir = app.isPackaged ? path.join(process.resourcesPath, 'models') : path.join(__dirname, '..', '..', 'models');

// Both must happen before `ready`.
registerAppScheme();
app.enableSandbox();

let services: Services | null = null;
let windows: WindowFactory | null = null;
const cleanups: (() => void)[] = [];

function focusExisting(): void {
  const win = windows?.windows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

function openServices(dataDir: string): Services | null {
  try {
    return createServices({
      dataDir,
      mode: 'electron',
      version: app.getVersion(),
      demo: true,
      log,
      modelsDir,
      hostLauncher: utilityProcessLauncher(inferenceHost),
    });
  } catch (error) {
    // Typically a database written by a newer Kestrel, or a data folder that cannot be written.
    log(`cannot start: ${messageOf(error)}`);
    const failure = describeStartupFailure(messageOf(error), dataDir);
    dialog.showErrorBox(failure.title, failure.detail);
    return null;
  }
}

function start(): void {
  hardenSession(session.defaultSession, log);
  const dataDir = process.env.KESTREL_DATA_DIR ?? app.getPath('userData');
  const opened = openServices(dataDir);
  if (opened === null) {
    app.exit(1);
    return;
  }
  services = opened;
  log(`data folder: ${opened.dataDir}`);
  opened.ready.catch((error: unknown) => log(`demo seeding failed: ${messageOf(error)}`));

  windows = createWindowFactory({ preload: preloadPath, devTools: !app.isPackaged, log });
  cleanups.push(
    handleAppProtocol({
      rendererDir,
      instanceFile: (id) => opened.studies.instanceFile(id),
      maskPayload: (id, frame, key) => opened.vfss.effectivePayload(id, frame, key === 'none' ? null : key),
      exportFile: (name) => opened.vfssExport.resolve(name),
      log,
    }),
    wireIpc({ services: opened, windows, log }),
  );
  installMenu({ services: opened, isDev: !app.isPackaged, log });
  windows.create();
}

if (!app.requestSingleInstanceLock()) {
  // Another Kestrel owns the database; it is told (second-instance) and brings its window forward.
  app.quit();
} else {
  app.on('second-instance', focusExisting);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows && windows.windows().length === 0) windows.create();
  });
  app.on('will-quit', (event) => {
    const running = services;
    if (running === null) return;
    // Finish the database work (running imports, WAL checkpoint on close) before the process ends.
    event.preventDefault();
    services = null;
    for (const cleanup of cleanups.splice(0)) cleanup();
    running
      .dispose()
      .catch((error: unknown) => log(`shutdown: ${messageOf(error)}`))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log(`failed to start: ${messageOf(error)}`);
      const failure = describeStartupFailure(messageOf(error), app.getPath('userData'));
      dialog.showErrorBox(failure.title, failure.detail);
      app.exit(1);
    });
}
