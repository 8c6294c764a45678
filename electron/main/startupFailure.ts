/**
 * Turns a start-up failure into the dialog the user sees: what happened, what to do, and where
 * the data is. Pure, so each known cause is tested.
 */
export interface StartupFailure {
  readonly title: string;
  readonly detail: string;
}

export function describeStartupFailure(message: string, dataDir: string): StartupFailure {
  const where = `Data folder: ${dataDir}`;
  const quit = 'Kestrel will now quit. Nothing was changed.';
  if (/newer Kestrel/i.test(message)) {
    return { title: 'Kestrel cannot open its database', detail: `${message}\n\n${where}\n\n${quit}` };
  }
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    // Happens in a development checkout: node_modules was built for Node (web mode, tests).
    return {
      title: 'Kestrel was built for another runtime',
      detail:
        `A native module was compiled for Node.js, not for Electron:\n${message}\n\n` +
        'In a development checkout, run "npx @electron/rebuild -f -w better-sqlite3" before "npm start", ' +
        'and "npm rebuild better-sqlite3" before using web mode or the tests again. Packaged builds ' +
        'are rebuilt for Electron by electron-builder.',
    };
  }
  if (/\b(EACCES|EPERM|EROFS|ENOSPC)\b/.test(message)) {
    return {
      title: 'Kestrel cannot write its data folder',
      detail: `${message}\n\n${where}\n\nCheck that the folder is writable and the disk is not full. ${quit}`,
    };
  }
  return { title: 'Kestrel could not start', detail: `${message}\n\n${where}\n\n${quit}` };
}
