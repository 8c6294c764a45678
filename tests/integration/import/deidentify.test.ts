import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../electron/node/app/createServices';
import { readDicom } from '../../../electron/node/dicom/read';
import { FIXTURES, importPaths, services } from '../../helpers/services';
import { tempDir } from '../../helpers/tempDir';

describe('de-identification at import', () => {
  const tmp = tempDir();
  let s: Services;
  const file = path.join(FIXTURES, 'dicom', 'multiframe', 'dbdicom_XRayAngio_0002_compressed.dcm');
  const original = readDicom(new Uint8Array(readFileSync(file)));

  beforeAll(() => {
    s = services(path.join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('stores a de-identified copy with a pseudonym and new UIDs, and keeps the identity apart', async () => {
    const report = await importPaths(s, [file], { deidentify: true });
    expect(report.counts.imported, JSON.stringify(report.files)).toBe(1);
    const row = s.db.prepare('SELECT id, sop_uid FROM instances').get() as { id: number; sop_uid: string };
    const bytes = readFileSync(s.studies.instanceFile(row.id));
    const stored = readDicom(new Uint8Array(bytes));
    expect(stored.attributes.patientId).toMatch(/^KP-[0-9A-F]{10}$/);
    expect(stored.attributes.studyInstanceUid).not.toBe(original.attributes.studyInstanceUid);
    expect(stored.attributes.sopInstanceUid).toBe(row.sop_uid);
    expect(stored.attributes.sopInstanceUid.startsWith('2.25.')).toBe(true);
    if (original.attributes.patientName.length > 2) {
      expect(bytes.includes(Buffer.from(original.attributes.patientName.split('^')[0] as string))).toBe(false);
    }
    // Private tags go (they often hide identifiers); dates move by the patient's fixed shift.
    expect(bytes.includes(Buffer.from('CARDIO-SMS'))).toBe(false);
    expect(stored.attributes.studyDate).not.toBe(original.attributes.studyDate);
    expect(stored.attributes.studyDate).toMatch(/^\d{4}-?\d{2}-?\d{2}$/);
    // The pixels are untouched.
    expect(stored.attributes.frames).toBe(96);
    // The case database knows only the pseudonym; the identity map (a separate file) the name.
    const patients = s.db.prepare('SELECT pseudo_id FROM patients').all();
    expect(patients).toEqual([{ pseudo_id: stored.attributes.patientId }]);
    const caseDb = readFileSync(path.join(s.dataDir, 'kestrel.sqlite'));
    if (original.attributes.patientId.length > 3) expect(caseDb.includes(Buffer.from(original.attributes.patientId))).toBe(false);
  });

  it('recognises the same source file again (no duplicate study)', async () => {
    const report = await importPaths(s, [file], { deidentify: true });
    expect(report.counts.duplicate).toBe(1);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM studies').get() as { n: number }).n).toBe(1);
  });
});
