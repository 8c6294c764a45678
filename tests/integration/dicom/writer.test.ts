/**
 * The Part 10 writer: read -> normalizeToPart10 -> read keeps every element and every pixel, and
 * what Kestrel stores opens in the viewer's parser (dicom-parser) and in dcmtk.
 */
import * as dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { isBytes, isFragments, isSequence, type DicomDataset } from '../../../electron/node/dicom/model';
import { readDicom, type ParsedDicom } from '../../../electron/node/dicom/read';
import { normalizeToPart10, writePart10 } from '../../../electron/node/dicom/write';
import { absDiff, goodFiles, readFixture, runTool, tempDir, writeTemp } from './fixtures';

/** Readable malformed files whose stored copy must be clean too. */
const REPAIRED = [
  'malformed/pydicom-data_bad_sequence.dcm',
  'malformed/pydicom-data_emri_small_jpeg_2k_lossless_too_short.dcm',
  'malformed/pydicom_J2K_pixelrep_mismatch.dcm',
  'malformed/pydicom_badVR.dcm',
  'malformed/pydicom_no_meta.dcm',
];

/** Element-by-element comparison; group lengths are recomputed by the writer and not compared. */
function expectSameDataset(actual: DicomDataset, expected: DicomDataset, path = ''): void {
  const keep = (ds: DicomDataset): DicomDataset => ds.filter((e) => !e.tag.endsWith('0000'));
  const a = keep(actual);
  const e = keep(expected);
  expect(a.map((x) => x.tag), `${path} tags`).toEqual(e.map((x) => x.tag));
  e.forEach((want, i) => {
    const got = a[i];
    if (!got) throw new Error('missing element');
    const where = `${path}${want.tag}`;
    expect(got.vr, `${where} VR`).toBe(want.vr);
    if (isSequence(want)) {
      expect(isSequence(got), where).toBe(true);
      const items = got.value as DicomDataset[];
      expect(items.length, `${where} items`).toBe(want.value.length);
      want.value.forEach((item, k) => expectSameDataset(items[k] ?? [], item, `${where}[${k}].`));
    } else if (isFragments(want)) {
      expect(isFragments(got), where).toBe(true);
      const frags = got.value as Uint8Array[];
      expect(frags.length, `${where} fragments`).toBe(want.value.length);
      // Fragments are padded to even length on write; the padding byte is the only change allowed.
      want.value.forEach((f, k) => expect(Buffer.from((frags[k] ?? new Uint8Array()).subarray(0, f.length)).equals(Buffer.from(f)), `${where} fragment ${k}`).toBe(true));
    } else if (isBytes(want) && isBytes(got)) {
      const w = want.value.length % 2 ? Buffer.concat([Buffer.from(want.value), Buffer.from([got.value[got.value.length - 1] ?? 0])]) : Buffer.from(want.value);
      expect(Buffer.from(got.value).equals(w), `${where} value`).toBe(true);
    }
  });
}

async function expectSamePixels(a: ParsedDicom, b: ParsedDicom): Promise<void> {
  for (const i of new Set([0, a.attributes.frames - 1])) {
    const fa = await decodeFrame(a, i);
    const fb = await decodeFrame(b, i);
    expect(absDiff(fa.pixels, fb.pixels)).toEqual({ max: 0, mean: 0 });
  }
}

describe('read -> normalizeToPart10 -> read', () => {
  it.each([...goodFiles(), ...REPAIRED])('%s keeps every element and pixel', async (file) => {
    const first = readDicom(readFixture(file));
    const bytes = normalizeToPart10(first);
    const second = readDicom(bytes);
    expect(second.needsRewrite, second.rewriteReasons.join('; ')).toBe(false);
    expect(second.transferSyntaxUid).toBe(first.transferSyntaxUid);
    expectSameDataset(second.dataset, first.dataset);
    expect(second.attributes).toEqual(first.attributes);
    await expectSamePixels(first, second);
  });
});

describe('stored copies open in dicom-parser and dcmtk', () => {
  it.each([...goodFiles(), ...REPAIRED])('%s', (file) => {
    const bytes = normalizeToPart10(readDicom(readFixture(file)));
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00080018')).toBe(readDicom(bytes).attributes.sopInstanceUid);
    expect(ds.elements.x7fe00010).toBeDefined();
    const { dir, cleanup } = tempDir('dcmdump');
    try {
      const run = runTool('dcmdump', ['-q', writeTemp(dir, 'file.dcm', bytes)]);
      expect(run.ok, run.stderr).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('pydicom_SC_rgb_jpeg (implicit VR under an explicit transfer syntax) is rewritten explicit and readable', () => {
    const parsed = readDicom(readFixture('compressed/pydicom_SC_rgb_jpeg.dcm'));
    expect(parsed.needsRewrite).toBe(true);
    expect(() => dicomParser.parseDicom(readFixture('compressed/pydicom_SC_rgb_jpeg.dcm'))).toThrow();
    const bytes = normalizeToPart10(parsed);
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.4.50');
    expect(ds.uint16('x00280010')).toBe(256);
    expect(ds.elements.x7fe00010?.encapsulatedPixelData).toBe(true);
    const { dir, cleanup } = tempDir('dcmdump');
    try {
      const run = runTool('dcmdump', ['+E', writeTemp(dir, 'rgb.dcm', bytes)]);
      expect(run.ok, run.stderr).toBe(true);
      expect(run.stdout).toMatch(/\(0028,0004\) CS \[RGB\]/);
      expect(run.stderr).not.toMatch(/^E:/m);
    } finally {
      cleanup();
    }
  });
});

describe('writePart10 encoding', () => {
  const parsed = readDicom(readFixture('compressed/pydicom_MR_small_jp2klossless.dcm'));
  const bytes = writePart10(parsed.dataset, {
    transferSyntaxUid: parsed.transferSyntaxUid,
    sopClassUid: parsed.attributes.sopClassUid,
    sopInstanceUid: parsed.attributes.sopInstanceUid,
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  it('writes a zero preamble, DICM and a correct File Meta group length', () => {
    expect(bytes.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(Buffer.from(bytes.subarray(128, 132)).toString('ascii')).toBe('DICM');
    expect(Buffer.from(bytes.subarray(132, 138)).toString('latin1')).toBe('\x02\x00\x00\x00UL');
    const groupLength = view.getUint32(140, true);
    // The element after the group is the first data set element, group 0008.
    expect(view.getUint16(144 + groupLength, true)).toBe(0x0008);
    const meta = dicomParser.parseDicom(bytes, { untilTag: 'x00020010' });
    expect(meta.string('x00020010')).toBe('1.2.840.10008.1.2.4.90');
    expect(meta.string('x00020003')).toBe(parsed.attributes.sopInstanceUid);
  });

  it('pads odd values: UI with NUL, text with space', () => {
    const ds: DicomDataset = [
      { tag: '00080018', vr: 'UI', value: Buffer.from('1.2.3') },
      { tag: '00100010', vr: 'PN', value: Buffer.from('Doe') },
    ];
    const out = writePart10(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1', sopClassUid: '1.2', sopInstanceUid: '1.2.3' });
    const text = Buffer.from(out).toString('latin1');
    expect(text).toContain('UI\x06\x001.2.3\x00');
    expect(text).toContain('PN\x04\x00Doe ');
  });

  it('keeps undefined-length sequences undefined and defined ones defined', () => {
    const seq = (undefinedLength: boolean): DicomDataset => [
      { tag: '00081140', vr: 'SQ', undefinedLength, value: [[{ tag: '00081155', vr: 'UI', value: Buffer.from('1.2.3.4\0') }]] },
    ];
    for (const undefinedLength of [true, false]) {
      const out = writePart10(seq(undefinedLength), { transferSyntaxUid: '1.2.840.10008.1.2.1', sopClassUid: '1.2', sopInstanceUid: '1.2.3' });
      const ds = dicomParser.parseDicom(out);
      expect(ds.elements.x00081140?.hadUndefinedLength ?? false).toBe(undefinedLength);
      expect(ds.elements.x00081140?.items?.[0]?.dataSet?.string('x00081155')).toBe('1.2.3.4');
      const back = readDicom(out, { requirePixelData: false }).dataset.find((e) => e.tag === '00081140');
      expect(Boolean(back?.undefinedLength)).toBe(undefinedLength);
    }
  });

  it('maps the Basic Offset Table to the written fragments', () => {
    const cine = readDicom(readFixture('multiframe/dbdicom_XRayAngio_0002_compressed.dcm'));
    const px = cine.dataset.find((e) => e.tag === '7FE00010');
    expect(px?.offsetTable?.length).toBe(96);
    const ds = dicomParser.parseDicom(normalizeToPart10(cine));
    const el = ds.elements.x7fe00010;
    expect(el?.basicOffsetTable).toEqual(px?.offsetTable);
    expect(el?.fragments?.length).toBe(96);
  });
});
