import { readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../e2e/helpers/webServer';
import { writeSyntheticStudies } from '../../helpers/syntheticDicom';
import { apiCaller, poll } from '../../helpers/apiClient';
import { tempDir } from '../../helpers/tempDir';

function storeFiles(dataDir: string): number {
  let n = 0;
  const root = path.join(dataDir, 'store');
  for (const a of readdirSync(root)) {
    if (a === 'tmp') continue;
    for (const b of readdirSync(path.join(root, a))) n += readdirSync(path.join(root, a, b)).length;
  }
  return n;
}

/**
 * SIGKILL in the middle of a large import, at several points (while files are being prepared and
 * while studies are being committed): the database is always consistent, holds only whole studies,
 * and the next start marks the import interrupted and removes the files it left behind.
 */
describe('a process killed during an import', () => {
  const tmp = tempDir('kestrel-kill-');
  const source = path.join(tmp.dir, 'source');
  let expected: Map<string, number>;

  beforeAll(() => {
    expected = writeSyntheticStudies(source, 30, 12);
  });
  afterAll(() => tmp.cleanup());

  for (const killAt of [0.3, 0.95, 1.0]) {
    it(`leaves only whole studies when killed at ${Math.round(killAt * 100)}% of the files`, async () => {
      const dataDir = path.join(tmp.dir, `data-${killAt}`);
      const server = await startServer(dataDir, { demo: false });
      const call = apiCaller(server.origin, new URL(server.url).searchParams.get('token') as string);
      const { importId } = (await call('import.paths', { paths: [source], options: { deidentify: false } })) as { importId: number };
      const total = 30 * 12;
      await poll(() => call<{ done: number; state: string }>('import.get', { importId }), (r) => r.done >= total * killAt || r.state !== 'running', 120_000, 5);
      server.process.kill('SIGKILL');
      await new Promise((resolve) => server.process.once('exit', resolve));

      const db = new Database(path.join(dataDir, 'kestrel.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare('SELECT s.study_uid AS uid, COUNT(i.id) AS n FROM studies s JOIN series se ON se.study_id = s.id JOIN instances i ON i.series_id = se.id GROUP BY s.id')
        .all() as { uid: string; n: number }[];
      for (const r of rows) expect(r.n, `study ${r.uid} is partial`).toBe(expected.get(r.uid));
      const empty = db.prepare('SELECT COUNT(*) AS n FROM studies s WHERE NOT EXISTS (SELECT 1 FROM series se WHERE se.study_id = s.id)').get();
      expect(empty).toEqual({ n: 0 });
      db.close();

      // The next start recovers: the import is marked interrupted (or done, if it had finished),
      // and every stored file belongs to a committed instance.
      const again = await startServer(dataDir, { demo: false });
      const call2 = apiCaller(again.origin, new URL(again.url).searchParams.get('token') as string);
      const report = (await call2('import.get', { importId })) as { state: string; error: string | null };
      expect(['interrupted', 'done']).toContain(report.state);
      if (report.state === 'interrupted') expect(report.error).toMatch(/stopped during this import/);
      const db2 = new Database(path.join(dataDir, 'kestrel.sqlite'), { readonly: true });
      const instances = (db2.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
      db2.close();
      expect(storeFiles(dataDir)).toBe(instances);
      // And importing again completes the job without duplicates.
      const { importId: second } = (await call2('import.paths', { paths: [source], options: { deidentify: false } })) as { importId: number };
      type Report = { state: string; counts: { imported: number; duplicate: number } };
      const done = await poll(() => call2<Report>('import.get', { importId: second }), (r) => r.state !== 'running');
      expect(done.counts.imported + done.counts.duplicate).toBe(total);
      expect(done.counts.duplicate).toBe(instances);
      await again.stop();
    });
  }
});
