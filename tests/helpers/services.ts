import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createServices, type Services } from '../../electron/node/app/createServices';
import type { ImportOptions, ImportReport } from '../../common/api';
import { scanPaths } from '../../electron/node/import/sources';

export const FIXTURES = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures');

export function services(dataDir: string): Services {
  return createServices({ dataDir, mode: 'web', version: 'test', demo: false, log: () => {} });
}

/** Imports paths through the real pipeline and waits for the report. */
export async function importPaths(s: Services, paths: string[], options: ImportOptions = { deidentify: false }): Promise<ImportReport> {
  const id = s.imports.start(() => scanPaths(paths), options);
  return s.imports.wait(id);
}

export function count(s: Services, table: string): number {
  return (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
