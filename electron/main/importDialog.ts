/**
 * What File › Import offers, as data (pure, tested without Electron). On Windows and Linux one
 * open dialog cannot pick files and folders at once (Electron shows a folder picker when asked
 * for both), so those platforms get two entries; macOS gets one.
 */
import type { MethodInput } from '../../common/api';

export type OpenDialogProperty = 'openFile' | 'openDirectory' | 'multiSelections';

export interface ImportDialogSpec {
  readonly label: string;
  readonly accelerator?: string;
  readonly title: string;
  readonly properties: OpenDialogProperty[];
}

export function importDialogs(platform: string): ImportDialogSpec[] {
  if (platform === 'darwin') {
    return [
      {
        label: 'Import…',
        accelerator: 'CmdOrCtrl+O',
        title: 'Import studies',
        properties: ['openFile', 'openDirectory', 'multiSelections'],
      },
    ];
  }
  return [
    { label: 'Import Files…', accelerator: 'CmdOrCtrl+O', title: 'Import files', properties: ['openFile', 'multiSelections'] },
    {
      label: 'Import Folder…',
      accelerator: 'CmdOrCtrl+Shift+O',
      title: 'Import folders',
      properties: ['openDirectory', 'multiSelections'],
    },
  ];
}

/** Menu imports always de-identify and let the importer classify the workflow. */
export function importPathsInput(paths: readonly string[]): MethodInput<'import.paths'> {
  return { paths: [...paths], options: { deidentify: true, workflow: 'auto' } };
}
