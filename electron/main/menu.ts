/** The application menu: import, quit, edit roles (clipboard shortcuts), view, help. */
import { app, dialog, Menu, type BaseWindow, type MenuItemConstructorOptions } from 'electron';
import { dispatch } from '../node/api/dispatch';
import type { Services } from '../node/app/createServices';
import { importDialogs, importPathsInput, type ImportDialogSpec } from './importDialog';

export interface MenuOptions {
  readonly services: Pick<Services, 'handlers'>;
  readonly isDev: boolean;
  readonly log: (message: string) => void;
}

/**
 * Opens the picker and starts an import through the same validated dispatch the renderer uses.
 * Progress and completion reach the window as contract events (import.progress,
 * import.finished, worklist.changed) that the services emit.
 */
async function runImport(spec: ImportDialogSpec, window: BaseWindow | undefined, opts: MenuOptions): Promise<void> {
  const options = { title: spec.title, buttonLabel: 'Import', properties: spec.properties };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return;
  const reply = await dispatch(opts.services.handlers, 'import.paths', importPathsInput(picked.filePaths), opts.log);
  if (!reply.ok) dialog.showErrorBox('Import could not start', reply.error.message);
}

async function showAbout(window: BaseWindow | undefined): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About Kestrel',
    message: `Kestrel ${app.getVersion()}`,
    detail:
      'Offline workstation for swallow studies, spine measurement and pathology patches.\n\n' +
      'The bundled demo models are trained on synthetic phantoms and are not for clinical use.',
    buttons: ['OK'],
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const fail = (what: string) => (error: unknown) =>
    opts.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  const imports: MenuItemConstructorOptions[] = importDialogs(process.platform).map((spec) => ({
    label: spec.label,
    accelerator: spec.accelerator,
    click: (_item, window) => void runImport(spec, window, opts).catch(fail('import')),
  }));
  const mac = process.platform === 'darwin';
  const devItems: MenuItemConstructorOptions[] = opts.isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];

  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [...imports, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...devItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    ...(mac ? [{ role: 'windowMenu' as const }] : []),
    {
      label: '&Help',
      role: 'help',
      submenu: [{ label: 'About Kestrel', click: (_item, window) => void showAbout(window).catch(fail('about')) }],
    },
  ];
}

export function installMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(opts)));
}
