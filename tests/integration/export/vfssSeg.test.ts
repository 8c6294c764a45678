/**
 * VFSS DICOM SEG export: built from a synthetic multi-frame XA written by Kestrel's own writer and
 * from a real 96-frame XA cine (tests/fixtures/dicom/multiframe, QIB-Sheffield/dbdicom); read back
 * with dcmjs (every mask bit-exact, every frame reference right); validated by dicom3tools' dciodvfy
 * (no errors; warnings printed) and dumped by dcmtk's dcmdump (key attributes); and each bad input
 * refused with its specific error.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createInstance, type NewInstanceSpec } from '../../../electron/node/dicom/create';
import { codeItem, setSequence, setString, type DicomDataset } from '../../../electron/node/dicom/model';
import { readDicom } from '../../../electron/node/dicom/read';
import { writePart10 } from '../../../electron/node/dicom/write';
import { buildVfssSeg, packBits, readVfssSeg, unpackFrame, VfssSegError, type SegSegment, type VfssSegErrorCode } from '../../../electron/node/export/vfssSeg';
import { readFixture, runTool, tempDir, writeTemp } from '../dicom/fixtures';

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const XA = '1.2.840.10008.5.1.4.1.1.12.1';
const RF = '1.2.840.10008.5.1.4.1.1.12.2';
const REAL_XA = 'multiframe/dbdicom_XRayAngio_0002_compressed.dcm';
const REAL_XA_UID = '1.3.12.2.1107.5.4.3.321890.19960124.162922.29';

function source(opts: { sop?: string; modality?: string; rows?: number; columns?: number; frames?: number; extra?: DicomDataset; spec?: Partial<NewInstanceSpec> } = {}): Uint8Array {
  const rows = opts.rows ?? 64;
  const columns = opts.columns ?? 64;
  const n = opts.frames ?? 20;
  const spec: NewInstanceSpec = {
    patientId: 'KST-SEG-1',
    patientName: 'Phantom^Swallow',
    patientSex: 'O',
    patientBirthDate: '19700101',
    studyInstanceUid: '2.25.5001',
    studyDate: '20260114',
    studyTime: '101500',
    studyDescription: 'VFSS',
    accessionNumber: 'ACC-SEG',
    seriesInstanceUid: '2.25.5002',
    seriesNumber: 4,
    seriesDescription: 'cine',
    modality: opts.modality ?? 'XA',
    sopClassUid: opts.sop ?? XA,
    sopInstanceUid: '2.25.5003',
    instanceNumber: 1,
    rows,
    columns,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 8,
    bitsStored: 8,
    frames: Array.from({ length: n }, (_, f) => Uint8Array.from({ length: rows * columns }, (_, k) => (k * 3 + f * 11) & 0xff)),
    frameTimeMs: 1000 / 30,
    ...(opts.extra ? { extra: opts.extra } : {}),
    ...opts.spec,
  };
  return createInstance(spec);
}

/** Deterministic masks: a disc that moves with the frame plus sparse noise; `empty` gives all zeros. */
function mask(rows: number, columns: number, frame: number, seed: number, empty = false): Uint8Array {
  const m = new Uint8Array(rows * columns);
  if (empty) return m;
  let s = (frame * 7919 + seed * 104729) >>> 0 || 1;
  const cx = (frame * 5 + seed * 3) % columns;
  const cy = (frame * 3 + seed * 7) % rows;
  const r = Math.max(2, Math.min(rows, columns) / 6);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      m[y * columns + x] = inDisc || s >>> 28 === 0 ? 1 : 0;
    }
  }
  return m;
}

function segment(label: string, category: SegSegment['category'], frames: number[], rows: number, columns: number, seed: number, extra: Partial<SegSegment> = {}): SegSegment {
  return {
    label,
    algorithmType: 'AUTOMATIC',
    algorithmName: 'vfss-unet',
    algorithmVersion: '2.1',
    category,
    // The last listed frame is empty: analysed, no bolus. It must survive the round trip.
    frames: frames.map((f, i) => ({ frame: f, mask: mask(rows, columns, f, seed, i === frames.length - 1) })),
    ...extra,
  };
}

function expectRoundTrip(seg: Uint8Array, segments: SegSegment[], rows: number, columns: number, sourceUid: string): void {
  const back = readVfssSeg(seg);
  expect(back.rows).toBe(rows);
  expect(back.columns).toBe(columns);
  expect(back.referencedSopInstanceUid).toBe(sourceUid);
  expect(back.segments.map((s) => [s.number, s.label])).toEqual(segments.map((s, i) => [i + 1, s.label]));
  segments.forEach((s, i) => {
    const got = back.segments[i]?.frames;
    if (!got) throw new Error(`segment ${i + 1} missing`);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual(s.frames.map((f) => f.frame).sort((a, b) => a - b));
    for (const f of s.frames) {
      const m = got.get(f.frame);
      expect(m, `segment ${i + 1} frame ${f.frame}`).toBeDefined();
      expect(Buffer.from(m ?? []).equals(Buffer.from(f.mask)), `segment ${i + 1} frame ${f.frame} bits`).toBe(true);
    }
  });
}

interface Validation {
  dump: string;
  warnings: string[];
}

/** dciodvfy must report no error; dcmdump must read the file. Warnings are returned (and printed). */
function validate(seg: Uint8Array, name: string): Validation {
  const { dir, cleanup } = tempDir('vfss-seg');
  try {
    const path = writeTemp(dir, 'seg.dcm', seg);
    // dciodvfy reports on stderr and exits 0 when it finds only warnings: read both streams to see them.
    const verify = spawnSync('dciodvfy', [path], { encoding: 'utf8', timeout: 60_000 });
    const report = `${verify.stdout}\n${verify.stderr}`;
    expect(report, 'dciodvfy ran').toMatch(/Segmentation/);
    expect(report.split('\n').filter((l) => l.includes('Error')), report).toEqual([]);
    const warnings = report.split('\n').filter((l) => l.startsWith('Warning') && !l.includes('needed to build DICOMDIR'));
    if (warnings.length) console.log(`dciodvfy warnings (${name}):\n${warnings.join('\n')}`);
    const dump = runTool('dcmdump', ['-q', '-Un', '+L', path]);
    expect(dump.ok, dump.stderr).toBe(true);
    return { dump: dump.stdout, warnings };
  } finally {
    cleanup();
  }
}

/** All values of a tag in dcmdump's output (nested ones included), in order. */
function dumpValues(dump: string, tag: string): string[] {
  const re = new RegExp(`^\\s*\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`, 'gm');
  return [...dump.matchAll(re)].map((m) => m[1] ?? '');
}

function expectDump(dump: string, segments: SegSegment[], sourceUid: string): void {
  const frameNumbers = segments.flatMap((s) => [...s.frames].sort((a, b) => a.frame - b.frame).map((f) => String(f.frame + 1)));
  expect(dumpValues(dump, '0008,0016')).toEqual([SEG_SOP_CLASS]);
  expect(dumpValues(dump, '0008,0060')).toEqual(['SEG']);
  expect(dumpValues(dump, '0028,0008')).toEqual([String(frameNumbers.length)]);
  expect(dumpValues(dump, '0062,0005')).toEqual(segments.map((s) => s.label));
  expect(dumpValues(dump, '0008,1160')).toEqual(frameNumbers);
  // Once in the Referenced Series Sequence, then once per frame.
  expect(dumpValues(dump, '0008,1155')).toEqual(Array(frameNumbers.length + 1).fill(sourceUid));
  expect(dumpValues(dump, '0062,0001')).toEqual(['BINARY']);
  expect(dump).toMatch(/\(0028,0100\) US 1\b/);
}

describe('buildVfssSeg / readVfssSeg: synthetic XA cine (20 frames, 64×64)', () => {
  const src = source();

  it('one segment on a subset of frames: bit-exact round trip, dciodvfy clean, key attributes', () => {
    const segments = [segment('Bolus', 'bolus', [2, 3, 4, 9, 15], 64, 64, 1)];
    const seg = buildVfssSeg(src, segments, { creator: 'Reviewer^Ann', now: new Date(2026, 0, 15, 9, 30, 5) });
    expectRoundTrip(seg, segments, 64, 64, '2.25.5003');
    const { dump, warnings } = validate(seg, 'synthetic, 1 segment');
    expect(warnings).toEqual([]);
    expectDump(dump, segments, '2.25.5003');
    expect(dumpValues(dump, '0008,0023')).toEqual(['20260115']);
    expect(dumpValues(dump, '0008,0033')).toEqual(['093005']);
    expect(dumpValues(dump, '0070,0084')).toEqual(['Reviewer^Ann']);
    // Coded bolus: Substance / Contrast media; AI family for an automatic segment.
    expect(dumpValues(dump, '0008,0100')).toEqual(expect.arrayContaining(['105590001', '385420005', '123110', '121322', '113076']));
    expect(dump).toMatch(/\(0020,9157\) UL 1\\3\b/);
  });

  it('two segments (bolus + hyoid) with overlapping frames: each mask read back bit-exactly', () => {
    const segments = [
      segment('Bolus', 'bolus', [0, 5, 6, 7, 19], 64, 64, 2, { algorithmType: 'SEMIAUTOMATIC' }),
      segment('Hyoid', 'structure', [5, 12, 6], 64, 64, 3, { algorithmType: 'MANUAL', algorithmName: undefined, description: 'Drawn by a person' }),
    ];
    const seg = buildVfssSeg(src, segments, { seriesDescription: 'Bolus and hyoid', contentLabel: 'vfss masks' });
    expectRoundTrip(seg, segments, 64, 64, '2.25.5003');
    const { dump, warnings } = validate(seg, 'synthetic, 2 segments');
    expect(warnings).toEqual([]);
    expectDump(dump, segments, '2.25.5003');
    expect(dumpValues(dump, '0008,0100')).toEqual(expect.arrayContaining(['91723000', '21387005']));
    expect(dumpValues(dump, '0070,0080')).toEqual(['VFSS MASKS']);
    expect(dumpValues(dump, '0062,0008')).toEqual(['SEMIAUTOMATIC', 'MANUAL']);
  });

  it('keeps the study and patient, starts a new series, writes no invented geometry', () => {
    const seg = buildVfssSeg(src, [segment('Bolus', 'bolus', [1], 64, 64, 4)]);
    const a = readDicom(seg, { requirePixelData: false }).attributes;
    const s = readDicom(src).attributes;
    expect(a).toMatchObject({ studyInstanceUid: s.studyInstanceUid, patientId: s.patientId, patientName: s.patientName, patientSex: 'O', modality: 'SEG', sopClassUid: SEG_SOP_CLASS });
    expect(a.patientBirthDate).toBe(s.patientBirthDate);
    expect(a.seriesInstanceUid).not.toBe(s.seriesInstanceUid);
    expect(a.seriesNumber).toBe(1004);
    const { dump } = validate(seg, 'synthetic, study/series');
    expect(dumpValues(dump, '0020,0052')).toEqual([]); // the XA has no Frame of Reference: none made up
    expect(dump).not.toMatch(/\((0020,9113|0020,9116|0028,9110)\)/);
    expect(dumpValues(dump, '0028,2110')).toEqual(['00']);
  });

  it('copies a de-identified, UTF-8 patient module and the patient orientation as they are', () => {
    const extra: DicomDataset = [];
    setString(extra, '00120062', 'CS', 'YES');
    setString(extra, '00120063', 'LO', 'Kestrel basic profile');
    setSequence(extra, '00120064', [codeItem('113100', 'DCM', 'Basic Application Confidentiality Profile')]);
    const deid = source({ frames: 3, extra, spec: { patientName: '홍^길동', patientOrientation: ['A', 'F'] } });
    const seg = buildVfssSeg(deid, [segment('Bolus', 'bolus', [0, 2], 64, 64, 11)]);
    expect(readDicom(seg, { requirePixelData: false }).attributes.patientName).toBe('홍^길동');
    const { dump, warnings } = validate(seg, 'de-identified UTF-8 source');
    expect(warnings).toEqual([]);
    expect(dumpValues(dump, '0008,0005')).toEqual(['ISO_IR 192']);
    expect(dumpValues(dump, '0012,0062')).toEqual(['YES']);
    expect(dumpValues(dump, '0012,0063')).toEqual(['Kestrel basic profile']);
    expect(dumpValues(dump, '0008,0100')).toContain('113100');
    expect(dumpValues(dump, '0020,0020')).toEqual(['A\\F']);
  });

  it('all 20 frames of the cine, and every combination of foreground bits in a byte', () => {
    const frames = Array.from({ length: 20 }, (_, f) => ({ frame: f, mask: Uint8Array.from({ length: 64 * 64 }, (_, k) => ((k ^ (f * 37)) >> (k % 3)) & 1) }));
    const segments: SegSegment[] = [{ label: 'Bolus', algorithmType: 'MANUAL', category: 'bolus', frames }];
    const seg = buildVfssSeg(src, segments);
    expectRoundTrip(seg, segments, 64, 64, '2.25.5003');
    validate(seg, 'synthetic, all frames');
  });
});

describe('buildVfssSeg: frames whose size is not a multiple of 8 pixels (RF 13×11)', () => {
  it('packs frames as one bit stream without padding between frames, as PS3.5 8.1.1 requires', () => {
    const src = source({ sop: RF, modality: 'RF', rows: 13, columns: 11, frames: 6 });
    const segments = [segment('Bolus', 'bolus', [0, 1, 2, 4], 13, 11, 5), segment('mandible', 'structure', [3, 5], 13, 11, 6, { algorithmType: 'MANUAL' })];
    const seg = buildVfssSeg(src, segments);
    expectRoundTrip(seg, segments, 13, 11, '2.25.5003');
    const { dump } = validate(seg, 'RF 13×11');
    expectDump(dump, segments, '2.25.5003');
    // 6 frames × 143 bits = 858 bits -> 108 bytes, padded to even length.
    expect(dump).toMatch(/\(7fe0,0010\) OB .*# +108, 1 PixelData/);
  });

  it('packBits / unpackFrame put pixel 0 in the least significant bit of byte 0', () => {
    const a = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const b = Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const packed = packBits([a, b], 11);
    // bits 0, 9, 10 (frame a) and 11+5=16, 11+10=21 (frame b)
    expect(Array.from(packed)).toEqual([0b00000001, 0b00000110, 0b00100001, 0]);
    expect(Array.from(unpackFrame(packed, 0, 11))).toEqual(Array.from(a));
    expect(Array.from(unpackFrame(packed, 1, 11))).toEqual(Array.from(b));
  });
});

describe('buildVfssSeg: no geometry for projection images, even when the source states some', () => {
  it('writes no Frame of Reference and no Pixel Measures (PS3.3 A.51.5.1: pixels correspond through Derivation Image)', () => {
    const extra: DicomDataset = [];
    setString(extra, '00200052', 'UI', '2.25.5099');
    setString(extra, '00201040', 'LO', '');
    setString(extra, '00280030', 'DS', ['0.25', '0.3']);
    const src = source({ frames: 4, extra });
    expect(readDicom(src).attributes.pixelSpacing).toEqual([0.25, 0.3]);
    const seg = buildVfssSeg(src, [segment('Bolus', 'bolus', [1, 2], 64, 64, 7)]);
    const { dump, warnings } = validate(seg, 'source with Frame of Reference and Pixel Spacing');
    expect(warnings).toEqual([]);
    expect(dumpValues(dump, '0020,0052')).toEqual([]);
    expect(dumpValues(dump, '0028,0030')).toEqual([]);
    expect(dump).not.toMatch(/\((0020,9113|0020,9116|0028,9110)\)/); // Plane Position, Plane Orientation, Pixel Measures
  });
});

describe('buildVfssSeg / readVfssSeg: real XA cine (dbdicom, 96 frames 512×512 JPEG baseline)', () => {
  const real = readFixture(REAL_XA);

  it('one segment: round trip, dciodvfy clean, lossy history carried over', () => {
    const segments = [segment('Bolus', 'bolus', [0, 40, 41, 95], 512, 512, 8)];
    const seg = buildVfssSeg(real, segments);
    expectRoundTrip(seg, segments, 512, 512, REAL_XA_UID);
    const { dump, warnings } = validate(seg, 'real XA, 1 segment');
    // The only warning is about the source's own patient name ("Rubo DEMO", a retired PN form), copied as is.
    for (const w of warnings) expect(w).toMatch(/Person Name form/);
    expectDump(dump, segments, REAL_XA_UID);
    expect(dumpValues(dump, '0010,0010')).toEqual(['Rubo DEMO']);
    expect(dumpValues(dump, '0020,000d')).toEqual(['1.3.12.2.1107.5.4.3.123456789012345.19950922.121803.6']);
    expect(dumpValues(dump, '0008,1150')[0]).toBe(XA);
    // The source is JPEG baseline: the SEG says its pixels derive from lossy-compressed ones.
    expect(dumpValues(dump, '0028,2110')).toEqual(['01']);
    expect(dumpValues(dump, '0028,2114')).toEqual(['ISO_10918_1']);
  });

  it('two segments (bolus + cervical spine): round trip and dciodvfy clean', () => {
    const segments = [segment('Bolus', 'bolus', [10, 11, 12, 13], 512, 512, 9), segment('cervicalSpine', 'structure', [10, 50], 512, 512, 10, { algorithmType: 'SEMIAUTOMATIC' })];
    const seg = buildVfssSeg(real, segments);
    expectRoundTrip(seg, segments, 512, 512, REAL_XA_UID);
    const { dump, warnings } = validate(seg, 'real XA, 2 segments');
    for (const w of warnings) expect(w).toMatch(/Person Name form/);
    expectDump(dump, segments, REAL_XA_UID);
    expect(dumpValues(dump, '0008,0100')).toEqual(expect.arrayContaining(['122494005']));
  });
});

describe('buildVfssSeg: refusals, each with its own error', () => {
  const src = source({ frames: 5, rows: 16, columns: 16 });
  const ok = (frames = [{ frame: 1, mask: new Uint8Array(256) }]): SegSegment[] => [{ label: 'Bolus', algorithmType: 'MANUAL', category: 'bolus', frames }];

  function refusal(fn: () => unknown): { code: VfssSegErrorCode; message: string } {
    try {
      fn();
    } catch (error) {
      if (error instanceof VfssSegError) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error('no error thrown');
  }

  it('an empty segment list', () => {
    expect(refusal(() => buildVfssSeg(src, []))).toMatchObject({ code: 'no_segments', message: expect.stringMatching(/at least one segment/) });
  });

  it('a single-frame source', () => {
    const single = createInstance({ ...singleFrameSpec() });
    expect(refusal(() => buildVfssSeg(single, ok()))).toMatchObject({ code: 'source_not_multiframe', message: expect.stringMatching(/1 frame/) });
  });

  it('a source that is not an image (no pixel data; a SEG)', () => {
    const ds: DicomDataset = [];
    setString(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.88.22');
    setString(ds, '00080018', 'UI', '2.25.6001');
    setString(ds, '0020000D', 'UI', '2.25.6002');
    setString(ds, '0020000E', 'UI', '2.25.6003');
    const sr = writePart10(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22', sopInstanceUid: '2.25.6001' });
    expect(refusal(() => buildVfssSeg(sr, ok()))).toMatchObject({ code: 'source_not_image' });
    const seg = buildVfssSeg(src, ok());
    expect(refusal(() => buildVfssSeg(seg, ok()))).toMatchObject({ code: 'source_not_image', message: expect.stringMatching(/itself a Segmentation/) });
  });

  it('bytes that are not DICOM', () => {
    expect(refusal(() => buildVfssSeg(new Uint8Array(300).fill(7), ok()))).toMatchObject({ code: 'source_unreadable' });
  });

  it('a mask whose size is not rows × columns', () => {
    expect(refusal(() => buildVfssSeg(src, ok([{ frame: 1, mask: new Uint8Array(255) }])))).toMatchObject({ code: 'mask_size', message: expect.stringMatching(/255 values.*16×16 \(256\)/) });
  });

  it('a frame index out of range (negative, past the end, not an integer)', () => {
    for (const frame of [-1, 5, 1.5]) {
      expect(refusal(() => buildVfssSeg(src, ok([{ frame, mask: new Uint8Array(256) }])))).toMatchObject({ code: 'frame_out_of_range', message: expect.stringMatching(/0\.\.4/) });
    }
  });

  it('the same frame twice in a segment; a segment without frames; an uncoded structure; a bad label', () => {
    const m = new Uint8Array(256);
    expect(refusal(() => buildVfssSeg(src, ok([{ frame: 2, mask: m }, { frame: 2, mask: m }])))).toMatchObject({ code: 'duplicate_frame' });
    expect(refusal(() => buildVfssSeg(src, ok([])))).toMatchObject({ code: 'bad_segment', message: expect.stringMatching(/no frames/) });
    expect(refusal(() => buildVfssSeg(src, [{ label: 'Epiglottis', algorithmType: 'MANUAL', category: 'structure', frames: [{ frame: 0, mask: m }] }]))).toMatchObject({
      code: 'bad_segment',
      message: expect.stringMatching(/Epiglottis.*cervical spine, mandible, hyoid/),
    });
    expect(refusal(() => buildVfssSeg(src, [{ label: 'a\\b', algorithmType: 'MANUAL', category: 'bolus', frames: [{ frame: 0, mask: m }] }]))).toMatchObject({ code: 'bad_segment' });
  });

  it('a content label that is not a CS value', () => {
    expect(refusal(() => buildVfssSeg(src, ok(), { contentLabel: 'bolus-mask!' }))).toMatchObject({ code: 'bad_option' });
    expect(refusal(() => buildVfssSeg(src, ok(), { contentLabel: 'A_VERY_LONG_CONTENT_LABEL' }))).toMatchObject({ code: 'bad_option' });
  });

  it('readVfssSeg: a file that is not a Segmentation', () => {
    expect(refusal(() => readVfssSeg(src))).toMatchObject({ code: 'not_a_segmentation', message: expect.stringMatching(/SOP Class UID/) });
    expect(refusal(() => readVfssSeg(new Uint8Array(10)))).toMatchObject({ code: 'not_a_segmentation' });
  });
});

function singleFrameSpec(): NewInstanceSpec {
  return {
    patientId: 'P',
    patientName: 'Single^Frame',
    studyInstanceUid: '2.25.7001',
    studyDate: '20260114',
    studyDescription: 'single',
    seriesInstanceUid: '2.25.7002',
    seriesNumber: 1,
    seriesDescription: 's',
    modality: 'XA',
    sopClassUid: XA,
    sopInstanceUid: '2.25.7003',
    instanceNumber: 1,
    rows: 16,
    columns: 16,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 8,
    bitsStored: 8,
    frames: [new Uint8Array(256)],
  };
}
