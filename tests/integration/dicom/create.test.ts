/**
 * createInstance: what Kestrel writes from pixels passes dicom3tools' dciodvfy without errors for
 * each SOP class it creates (warnings are allowed and listed), dcmdump reads it, and reading it back
 * gives the same attributes and pixels.
 */
import { describe, expect, it } from 'vitest';
import { frameTimingFromAttributes } from '../../../common/dicom/frameTiming';
import { calibrationFromAttributes } from '../../../common/dicom/calibration';
import { createInstance, type NewInstanceSpec } from '../../../electron/node/dicom/create';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { readDicom } from '../../../electron/node/dicom/read';
import { runTool, tempDir, writeTemp } from './fixtures';

const SOP = {
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
  RF: '1.2.840.10008.5.1.4.1.1.12.2',
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  SC: '1.2.840.10008.5.1.4.1.1.7',
  SC_MF_BYTE: '1.2.840.10008.5.1.4.1.1.7.2',
  SC_MF_WORD: '1.2.840.10008.5.1.4.1.1.7.3',
  SC_MF_COLOR: '1.2.840.10008.5.1.4.1.1.7.4',
};

function gradient(rows: number, columns: number, spp: number, bits: 8 | 16, maxValue: number, phase: number): Uint8Array | Uint16Array {
  const n = rows * columns * spp;
  const out = bits === 8 ? new Uint8Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + phase * 13) % (maxValue + 1);
  return out;
}

function spec(sopClassUid: string, modality: string, frames: number, bits: 8 | 16, extra: Partial<NewInstanceSpec> = {}): NewInstanceSpec {
  const spp = extra.samplesPerPixel ?? 1;
  const bitsStored = extra.bitsStored ?? (bits === 8 ? 8 : 12);
  return {
    patientId: 'KST-TEST-1',
    patientName: 'Test^Phantom',
    patientSex: 'O',
    patientBirthDate: '19700101',
    studyInstanceUid: '2.25.1001',
    studyDate: '20260114',
    studyTime: '101500',
    studyDescription: 'createInstance test',
    accessionNumber: 'ACC1',
    seriesInstanceUid: '2.25.1002',
    seriesNumber: 1,
    seriesDescription: 'series',
    modality,
    sopClassUid,
    sopInstanceUid: '2.25.1003',
    instanceNumber: 1,
    rows: 24,
    columns: 32,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: bits,
    bitsStored,
    frames: Array.from({ length: frames }, (_, i) => gradient(24, 32, spp, bits, 2 ** bitsStored - 1, i)),
    ...extra,
  };
}

const CASES: Array<[string, NewInstanceSpec]> = [
  ['XA multi-frame cine (FrameTime)', spec(SOP.XA, 'XA', 6, 8, { frameTimeMs: 1000 / 30, recommendedDisplayFrameRate: 30, cineRate: 30 })],
  ['XA single frame, 16-bit', spec(SOP.XA, 'XA', 1, 16)],
  ['RF multi-frame cine (VFSS demo shape)', spec(SOP.RF, 'RF', 6, 8, { frameTimeMs: 1000 / 15, cineRate: 15, burnedInAnnotation: 'NO', windowCenter: 128, windowWidth: 256 })],
  ['CR MONOCHROME1 with PixelSpacing', spec(SOP.CR, 'CR', 1, 16, { photometricInterpretation: 'MONOCHROME1', pixelSpacing: [0.15, 0.15] })],
  [
    'DX for presentation (spine demo shape)',
    spec(SOP.DX, 'DX', 1, 16, {
      imagerPixelSpacing: [0.275, 0.275],
      estimatedRadiographicMagnificationFactor: 1.1,
      patientOrientation: ['A', 'F'],
      anatomicRegion: { value: '122496007', scheme: 'SCT', meaning: 'Lumbar spine' },
      burnedInAnnotation: 'NO',
      windowCenter: 2048,
      windowWidth: 4096,
    }),
  ],
  ['SC RGB (PNG import shape), UTF-8 name', spec(SOP.SC, 'OT', 1, 8, { samplesPerPixel: 3, photometricInterpretation: 'RGB', patientName: '홍^길동', conversionType: 'WSD' })],
  ['SC multi-frame grayscale byte (video, FrameTimeVector)', spec(SOP.SC_MF_BYTE, 'RF', 4, 8, { frameTimeVectorMs: [0, 33.4, 33.3, 33.4], burnedInAnnotation: 'YES' })],
  ['SC multi-frame grayscale byte without timing', spec(SOP.SC_MF_BYTE, 'OT', 3, 8)],
  ['SC multi-frame grayscale word', spec(SOP.SC_MF_WORD, 'OT', 3, 16, { frameTimeMs: 40 })],
  ['SC multi-frame true colour', spec(SOP.SC_MF_COLOR, 'OT', 2, 8, { samplesPerPixel: 3, photometricInterpretation: 'RGB', frameTimeMs: 40 })],
];

describe('createInstance output', () => {
  it.each(CASES)('%s: dciodvfy without errors, dcmdump reads it', (_name, s) => {
    const bytes = createInstance(s);
    const { dir, cleanup } = tempDir('create');
    try {
      const path = writeTemp(dir, 'instance.dcm', bytes);
      const verify = runTool('dciodvfy', [path]);
      const report = `${verify.stdout}\n${verify.stderr}`;
      const errors = report.split('\n').filter((l) => l.startsWith('Error'));
      expect(errors, report).toEqual([]);
      // Only the warnings we know and accept (see the final report of the DICOM layer).
      const warnings = report.split('\n').filter((l) => l.startsWith('Warning'));
      for (const w of warnings) expect(w).toMatch(/Study ID|Laterality/);
      const dump = runTool('dcmdump', ['-q', path]);
      expect(dump.ok, dump.stderr).toBe(true);
    } finally {
      cleanup();
    }
  });

  it.each(CASES)('%s: reads back with the same attributes and pixels', async (_name, s) => {
    const parsed = readDicom(createInstance(s));
    const a = parsed.attributes;
    expect(parsed.needsRewrite).toBe(false);
    expect(parsed.warnings).toEqual([]);
    expect(a).toMatchObject({
      patientId: s.patientId,
      patientName: s.patientName,
      studyInstanceUid: s.studyInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
      sopInstanceUid: s.sopInstanceUid,
      sopClassUid: s.sopClassUid,
      modality: s.modality,
      rows: s.rows,
      columns: s.columns,
      frames: s.frames.length,
      samplesPerPixel: s.samplesPerPixel,
      photometricInterpretation: s.photometricInterpretation,
      bitsAllocated: s.bitsAllocated,
      bitsStored: s.bitsStored,
      studyDate: '2026-01-14',
    });
    for (let i = 0; i < s.frames.length; i++) {
      const frame = await decodeFrame(parsed, i);
      expect(Array.from(frame.pixels)).toEqual(Array.from(s.frames[i] ?? []));
    }
    const timing = frameTimingFromAttributes(a);
    if (s.frameTimeMs) {
      expect(timing.source).toBe('FrameTime');
      // FrameTime is DS (16 characters): 1000/30 is stored as 33.3333333333333.
      expect(timing.fps).toBeCloseTo(1000 / s.frameTimeMs, 9);
    }
    if (s.frameTimeVectorMs && !s.frameTimeMs) expect(timing).toMatchObject({ source: 'FrameTimeVector', variable: true });
  });

  it('writes calibration the calibration reader understands (DX: ImagerPixelSpacing / ERMF)', () => {
    const dx = CASES.find(([n]) => n.startsWith('DX'))?.[1];
    if (!dx) throw new Error('no DX case');
    const cal = calibrationFromAttributes(readDicom(createInstance(dx)).attributes);
    expect(cal.source).toBe('ImagerPixelSpacing/ERMF');
    expect(cal.rowMm).toBeCloseTo(0.25, 10);
  });

  it('refuses inconsistent specs with a reason instead of writing a wrong file', () => {
    const base = spec(SOP.XA, 'XA', 3, 8);
    expect(() => createInstance({ ...base, frameTimeMs: undefined })).toThrow(/frameTimeMs or frameTimeVectorMs/);
    expect(() => createInstance({ ...base, frames: [new Uint8Array(10)] })).toThrow(/frame 1 has 10 samples/);
    expect(() => createInstance({ ...spec(SOP.XA, 'XA', 1, 16, { bitsStored: 10 }), frames: [new Uint16Array(24 * 32).fill(2000)] })).toThrow(/above 1023/);
    expect(() => createInstance({ ...spec(SOP.DX, 'DX', 1, 16) })).toThrow(/imagerPixelSpacing/);
    expect(() => createInstance({ ...base, studyDate: '2026-01-14' })).toThrow(/YYYYMMDD/);
  });
});
