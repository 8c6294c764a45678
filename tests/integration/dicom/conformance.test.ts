/**
 * Every good public test file (compressed/, multiframe/, radiographs/) reads and decodes with the
 * decoders the viewer uses, and the lossless encodings of WG04 XA1 are pixel-identical to the
 * uncompressed original.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, type DecodedFrame } from '../../../electron/node/dicom/decode';
import { readDicom } from '../../../electron/node/dicom/read';
import { absDiff, goodFiles, readFixture } from './fixtures';

async function decodeFile(relative: string, frame = 0): Promise<DecodedFrame> {
  return decodeFrame(readDicom(readFixture(relative)), frame);
}

describe('good files read and decode', () => {
  it.each(goodFiles())('%s: first and last frame', async (file) => {
    const parsed = readDicom(readFixture(file));
    const a = parsed.attributes;
    expect(a.rows).toBeGreaterThan(0);
    expect(a.columns).toBeGreaterThan(0);
    expect(a.sopInstanceUid).not.toBe('');
    for (const index of new Set([0, a.frames - 1])) {
      const frame = await decodeFrame(parsed, index);
      expect(frame.rows).toBe(a.rows);
      expect(frame.columns).toBe(a.columns);
      expect(frame.pixels.length).toBe(a.rows * a.columns * a.samplesPerPixel);
      // A decoded image that is one flat value would be a blank viewer: every good file has content.
      expect(frame.max).toBeGreaterThan(frame.min);
      if (a.samplesPerPixel === 3) expect(frame.photometricInterpretation).toBe('RGB');
    }
  });
});

describe('WG04 XA1: lossless encodings equal the uncompressed original', () => {
  it.each(['XA1_J2KR', 'XA1_JLSL', 'XA1_JPLL', 'XA1_RLE'])('%s', async (name) => {
    const reference = await decodeFile('compressed/XA1_UNC.dcm');
    const frame = await decodeFile(`compressed/${name}.dcm`);
    expect(frame.pixels.length).toBe(1024 * 1024);
    expect(absDiff(frame.pixels, reference.pixels)).toEqual({ max: 0, mean: 0 });
  });

  it('the lossy encodings stay close to the original (sanity, not the codec check)', async () => {
    const reference = await decodeFile('compressed/XA1_UNC.dcm');
    // Measured: J2KI max 8 / mean 1.14, JLSN max 4 (its near-lossless bound), JPLY max 116 / mean 2.17.
    const bounds: Record<string, { max: number; mean: number }> = {
      XA1_J2KI: { max: 8, mean: 1.5 },
      XA1_JLSN: { max: 4, mean: 2 },
      XA1_JPLY: { max: 120, mean: 2.5 },
    };
    for (const [name, bound] of Object.entries(bounds)) {
      const d = absDiff((await decodeFile(`compressed/${name}.dcm`)).pixels, reference.pixels);
      expect(d.max, name).toBeLessThanOrEqual(bound.max);
      expect(d.mean, name).toBeLessThanOrEqual(bound.mean);
    }
  });
});

describe('multi-frame cine', () => {
  it('decodes all 96 frames of the JPEG angiography run, each different from the last', async () => {
    const parsed = readDicom(readFixture('multiframe/dbdicom_XRayAngio_0002_compressed.dcm'));
    expect(parsed.attributes.frames).toBe(96);
    let previous: DecodedFrame | null = null;
    let changes = 0;
    for (let i = 0; i < 96; i++) {
      const frame = await decodeFrame(parsed, i);
      expect(frame.pixels.length).toBe(512 * 512);
      if (previous && absDiff(frame.pixels, previous.pixels).max > 0) changes++;
      previous = frame;
    }
    expect(changes).toBeGreaterThan(90);
  });

  it('refuses a frame index outside the file', async () => {
    const parsed = readDicom(readFixture('multiframe/dbdicom_XRayAngio_0002_compressed.dcm'));
    await expect(decodeFrame(parsed, 96)).rejects.toThrow(RangeError);
  });
});

describe('attributes', () => {
  it('reads calibration, photometric and timing attributes of the radiographs and the XA run', () => {
    const rg3 = readDicom(readFixture('radiographs/WG04_RG3_J2KR.dcm')).attributes;
    expect(rg3.photometricInterpretation).toBe('MONOCHROME1');
    expect(rg3.bitsStored).toBe(10);
    const xa = readDicom(readFixture('multiframe/dbdicom_XRayAngio_0002_compressed.dcm')).attributes;
    expect(xa.modality).toBe('XA');
    expect(xa.frameTimeMs ?? xa.frameTimeVectorMs ?? xa.recommendedDisplayFrameRate ?? xa.cineRate).not.toBeNull();
  });

  it('decodes names with their Specific Character Set (ISO 2022 IR 13 \\ IR 87)', () => {
    const a = readDicom(readFixture('malformed/pydicom_J2K_pixelrep_mismatch.dcm')).attributes;
    expect(a.specificCharacterSet).toBe('ISO 2022 IR 13\\ISO 2022 IR 87');
    // No escape bytes or mojibake survive decoding.
    expect(a.patientName).not.toMatch(/[\x1b\ufffd]/);
  });
});
