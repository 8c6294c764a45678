import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../electron/node/app/createServices';
import { count, FIXTURES, importPaths, services } from '../../helpers/services';
import { tempDir } from '../../helpers/tempDir';

/**
 * Every malformed file is either read where the data allow it or refused with a specific message,
 * and nothing half-imported is ever left in the database.
 */
describe('bad input at import', () => {
  const tmp = tempDir();
  let s: Services;
  beforeAll(() => {
    s = services(path.join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('reads or refuses each malformed DICOM file with a specific reason', async () => {
    const report = await importPaths(s, [path.join(FIXTURES, 'dicom', 'malformed')]);
    expect(report.state).toBe('done');
    expect(report.files).toHaveLength(readdirSync(path.join(FIXTURES, 'dicom', 'malformed')).length);
    const byName = new Map(report.files.map((f) => [path.basename(f.name), f]));
    const refused = (name: string, pattern: RegExp) => {
      const f = byName.get(name);
      expect(f?.status, `${name}: ${f?.message}`).toBe('refused');
      expect(f?.message).toMatch(pattern);
    };
    refused('pydicom_MR_truncated.dcm', /truncat|ends|short|bytes/i);
    refused('pydicom_rtplan_truncated.dcm', /truncat|ends|short|bytes|pixel/i);
    refused('pydicom_JPEG2000-embedded-sequence-delimiter.dcm', /JPEG 2000 codestream is \d+×\d+ but the image is/);
    // Its only fault is the missing end-of-sequence marker: all 10 frames decode, so it is read with a warning.
    const emri = byName.get('pydicom-data_emri_small_jpeg_2k_lossless_too_short.dcm');
    expect(emri?.status).toBe('imported');
    expect(emri?.message).toMatch(/Sequence Delimitation/);
    for (const readable of ['pydicom-data_bad_sequence.dcm', 'pydicom_J2K_pixelrep_mismatch.dcm', 'pydicom_badVR.dcm', 'pydicom_no_meta.dcm']) {
      expect(byName.get(readable)?.status, `${readable}: ${byName.get(readable)?.message}`).toBe('imported');
    }
    refused('pydicom_meta_missing_tsyntax.dcm', /Required UIDs are missing/);
    refused('pydicom_ExplVR_BigEndNoMeta.dcm', /Not an image/);
    refused('pydicom_UN_sequence.dcm', /pixel data|no image/i);
    refused('pydicom_empty_charset_LEI.dcm', /pixel data|no image|UID/i);
    for (const f of report.files) {
      expect(f.message === null || f.message.length > 10, `${f.name} needs a real message`).toBe(true);
      if (f.status === 'refused') expect(f.message).not.toMatch(/Unexpected error|undefined|\[object/);
    }
    // Only whole studies: every committed instance has its file and every study its instances.
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const orphans = s.db.prepare('SELECT COUNT(*) AS n FROM studies s WHERE NOT EXISTS (SELECT 1 FROM series se JOIN instances i ON i.series_id = se.id WHERE se.study_id = s.id)').get();
    expect(orphans).toEqual({ n: 0 });
    expect(count(s, 'instances')).toBe(report.counts.imported);
  });

  it('refuses a file that only pretends to be a slide', async () => {
    const report = await importPaths(s, [path.join(FIXTURES, 'wsi', 'broken.svs')]);
    expect(report.files[0]?.status).toBe('refused');
    expect(report.files[0]?.message).toMatch(/not a TIFF file/);
  });

  it('imports a real Aperio slide as an overview, keeping the original and skipping the label page', async () => {
    const report = await importPaths(s, [path.join(FIXTURES, 'wsi', 'cmu-1-small-region.svs')]);
    expect(report.files[0]?.status, report.files[0]?.message ?? '').toBe('imported');
    const row = s.db.prepare("SELECT kind, rows, columns, original_path FROM instances WHERE source_name LIKE '%cmu-1%'").get() as { kind: string; rows: number; columns: number; original_path: string | null };
    expect(row.kind).toBe('wsi');
    expect(Math.max(row.rows, row.columns)).toBeLessThanOrEqual(2048);
    expect(row.original_path).toMatch(/\.svs$/);
    const study = s.db.prepare("SELECT workflow FROM studies ORDER BY id DESC LIMIT 1").get();
    expect(study).toEqual({ workflow: 'pathology' });
  });

  it('skips files that are not medical images, and refuses empty or garbage ".dcm" files', async () => {
    const dir = path.join(tmp.dir, 'junk');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.txt'), 'notes about this folder');
    writeFileSync(path.join(dir, 'empty.dcm'), '');
    writeFileSync(path.join(dir, 'garbage.dcm'), Buffer.alloc(4000, 0x41));
    writeFileSync(path.join(dir, 'fake.png'), Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\nnot really a png')]));
    writeFileSync(path.join(dir, 'notes.jpg'), 'a text file named like a JPEG');
    const report = await importPaths(s, [dir]);
    const byName = new Map(report.files.map((f) => [path.basename(f.name), f]));
    expect(byName.get('README.txt')?.status).toBe('skipped');
    expect(byName.get('empty.dcm')?.status).toBe('refused');
    expect(byName.get('garbage.dcm')?.status).toBe('refused');
    expect(byName.get('fake.png')?.status).toBe('refused');
    expect(byName.get('fake.png')?.message).toMatch(/Image cannot be decoded/);
    expect(byName.get('notes.jpg')?.status).toBe('refused');
    expect(byName.get('notes.jpg')?.message).toMatch(/named \.jpg but its content is not/);
  });

  it('fails an import on a full disk with a clear message and keeps no partial study', async () => {
    const mnt = path.join(tmp.dir, 'small');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      console.warn('skipping the full-disk test: cannot mount a small tmpfs here (needs root)');
      return;
    }
    const small = services(path.join(mnt, 'data'));
    try {
      const report = await importPaths(small, [path.join(FIXTURES, 'dicom', 'compressed')]);
      expect(report.state).toBe('failed');
      expect(report.error).toMatch(/disk is full/i);
      expect(small.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(count(small, 'studies')).toBe(0);
      expect(count(small, 'instances')).toBe(0);
    } finally {
      await small.dispose();
      execFileSync('umount', [mnt]);
    }
  });
});
