import type { Db } from '../db/openDatabase';
import type { ImportService } from '../import/ImportService';
import type { SourceFile } from '../import/sources';
import { pathologyDemo, spineDemo, vfssDemo } from './demoCases';

const FLAG = 'demo.seeded';

/** The demo cases every fresh installation starts with, generated (deterministically) on first start. */
export async function buildDemoSources(): Promise<SourceFile[]> {
  return [
    vfssDemo(1, 300, 30, 101, 'VFSS thin liquid 5 mL'),
    vfssDemo(2, 150, 15, 102, 'VFSS 15 fps (older unit)'),
    // The same patient before and after fusion surgery.
    spineDemo(1, false, 201, 1),
    spineDemo(1, true, 202, 1),
    ...(await pathologyDemo(12, 1)),
  ];
}

/**
 * Seeds once per database: a user who deletes the demo cases does not get them back. The import
 * goes through the same pipeline as a user's files.
 */
export async function seedDemoCases(db: Db, imports: ImportService, log: (m: string) => void): Promise<void> {
  const seeded = db.prepare('SELECT value FROM settings WHERE key = ?').get(FLAG);
  if (seeded) return;
  const t0 = Date.now();
  const id = imports.start(buildDemoSources, { deidentify: false, workflow: 'auto' }, { demo: true });
  const report = await imports.wait(id);
  if (report.state !== 'done' || report.counts.refused > 0) {
    const why = report.files.filter((f) => f.status === 'refused').map((f) => `${f.name}: ${f.message}`);
    log(`Demo cases could not all be created (${report.error ?? why.slice(0, 3).join('; ')}).`);
    return;
  }
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    FLAG,
    JSON.stringify(new Date().toISOString()),
  );
  log(`Demo cases ready: ${report.counts.imported} instances in ${report.studyIds.length} studies (${Date.now() - t0} ms).`);
}
