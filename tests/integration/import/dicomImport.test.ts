import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../electron/node/app/createServices';
import { count, FIXTURES, importPaths, services } from '../../helpers/services';
import { tempDir } from '../../helpers/tempDir';

const GOOD = ['compressed', 'multiframe', 'radiographs'].map((d) => path.join(FIXTURES, 'dicom', d));

describe('DICOM import', () => {
  const tmp = tempDir();
  let s: Services;
  beforeAll(() => {
    s = services(tmp.dir);
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('imports every good file of every transfer syntax, recursively, into the managed store', async () => {
    const report = await importPaths(s, GOOD);
    const refused = report.files.filter((f) => f.status === 'refused' || f.status === 'skipped');
    expect(refused, JSON.stringify(refused, null, 1)).toEqual([]);
    // Two pairs of pydicom files share their SOP Instance UID (the same image in two syntaxes):
    // the second of each pair is a duplicate, not a new instance.
    expect(report.counts).toEqual({ imported: 24, duplicate: 2, refused: 0, skipped: 0 });
    const dup = report.files.filter((f) => f.status === 'duplicate').map((f) => path.basename(f.name)).sort();
    expect(dup).toEqual(['pydicom_JPGExtended.dcm', 'pydicom_MR_small_jpeg_ls_lossless.dcm']);
    expect(report.state).toBe('done');
    expect(count(s, 'instances')).toBe(24);
    const cine = s.db.prepare("SELECT frames, transfer_syntax FROM instances WHERE source_name LIKE '%XRayAngio_0002%'").get();
    expect(cine).toEqual({ frames: 96, transfer_syntax: '1.2.840.10008.1.2.4.50' });
    // Stored by content hash: the file on disk is the file served to the viewer.
    const row = s.db.prepare("SELECT id, store_path, file_sha256 FROM instances WHERE source_name LIKE '%XA1_UNC%'").get() as { id: number; store_path: string; file_sha256: string };
    expect(row.store_path).toContain(row.file_sha256);
    expect(readFileSync(s.studies.instanceFile(row.id)).equals(readFileSync(path.join(FIXTURES, 'dicom/compressed/XA1_UNC.dcm')))).toBe(true);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('imports the same data again without duplicates', async () => {
    const before = { studies: count(s, 'studies'), instances: count(s, 'instances') };
    const report = await importPaths(s, GOOD);
    expect(report.counts).toEqual({ imported: 0, duplicate: 26, refused: 0, skipped: 0 });
    expect({ studies: count(s, 'studies'), instances: count(s, 'instances') }).toEqual(before);
  });

  it('rewrites a file whose dataset encoding contradicts its transfer syntax into a clean one', async () => {
    const row = s.db.prepare("SELECT id FROM instances WHERE source_name LIKE '%SC_rgb_jpeg.dcm'").get() as { id: number };
    const report = s.imports.report(1).files.find((f) => f.name.endsWith('pydicom_SC_rgb_jpeg.dcm'));
    expect(report?.message).toMatch(/corrected copy/);
    const stored = readFileSync(s.studies.instanceFile(row.id));
    expect(stored.equals(readFileSync(path.join(FIXTURES, 'dicom/compressed/pydicom_SC_rgb_jpeg.dcm')))).toBe(false);
  });

  it('classifies workflows and keeps frame timing and calibration', async () => {
    const page = s.handlers['worklist.query']({ text: '', modalities: [], workflows: [], dateFrom: null, dateTo: null, minFrames: null, maxFrames: null, sort: { field: 'frames', dir: 'desc' }, offset: 0, limit: 100 });
    const items = (await page).items;
    const angio = items.find((i) => i.numFrames === 96);
    expect(angio?.workflow).toBe('vfss');
    const detail = await s.handlers['study.get']({ studyId: angio?.id as number });
    const inst = detail.series[0]?.instances[0];
    expect(inst?.timing.source).not.toBe('none');
    expect(inst?.timing.timestampsMs?.length).toBe(96);
    const cr = items.filter((i) => i.modalities.includes('CR'));
    expect(cr.length).toBeGreaterThan(0);
    expect(cr.every((i) => i.workflow === 'spine')).toBe(true);
  });
});
