/**
 * Every file in malformed/ is either read correctly (with a warning that says what was odd) or
 * refused with a DicomReadError whose code and message name the problem. Never a hang, never another
 * exception type. A sweep of truncated and corrupted copies of good files holds the same promise.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { DicomReadError, readDicom, type DicomReadErrorCode, type ParsedDicom } from '../../../electron/node/dicom/read';
import { listFixtures, readFixture } from './fixtures';

type Expectation =
  | {
      outcome: 'read';
      warning: RegExp;
      frames: number;
      needsRewrite: boolean;
      /** When the data set reads but a frame cannot be decoded. */
      decode?: { code: DicomReadErrorCode; message: RegExp };
      check?: (p: ParsedDicom) => void;
    }
  | { outcome: 'refused'; code: DicomReadErrorCode; message: RegExp };

const EXPECTED: Record<string, Expectation> = {
  'pydicom-data_bad_sequence.dcm': {
    outcome: 'read',
    warning: /\(0018,9346\).*stored as UN; read as an Implicit VR sequence/,
    frames: 1,
    needsRewrite: false,
    check: (p) => expect(p.dataset.find((e) => e.tag === '00189346')?.vr).toBe('SQ'),
  },
  'pydicom-data_emri_small_jpeg_2k_lossless_too_short.dcm': {
    // The ten J2K frames are complete; only the Sequence Delimitation Item after them is missing.
    outcome: 'read',
    warning: /no Sequence Delimitation Item: the file ends right after fragment 10/,
    frames: 10,
    needsRewrite: false,
  },
  'pydicom_ExplVR_BigEndNoMeta.dcm': {
    outcome: 'refused',
    code: 'unsupported_sop_class',
    message: /Not an image: SOP Class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\.8 is RT Ion Plan Storage.*Explicit VR Big Endian/,
  },
  'pydicom_J2K_pixelrep_mismatch.dcm': {
    outcome: 'read',
    warning: /Pixel Representation \(0028,0103\) is 1 \(signed\) but the JPEG 2000 codestream is unsigned 13-bit/,
    frames: 1,
    needsRewrite: false,
  },
  'pydicom_JPEG2000-embedded-sequence-delimiter.dcm': {
    outcome: 'read',
    warning: /^$/,
    frames: 1,
    needsRewrite: false,
    decode: { code: 'decode_failed', message: /JPEG 2000 codestream is \d+×1024 but the image is 256×1024/ },
  },
  'pydicom_MR_truncated.dcm': {
    outcome: 'refused',
    code: 'truncated',
    message: /^File ends inside element \(7FE0,0010\) Pixel Data: 8192 bytes declared, 8130 present \(truncated file\)$/,
  },
  'pydicom_UN_sequence.dcm': { outcome: 'refused', code: 'no_pixel_data', message: /no Pixel Data \(7FE0,0010\)/ },
  'pydicom_badVR.dcm': {
    outcome: 'read',
    warning: /Number of Frames \(0028,0008\) "1A" is not a positive integer; 15 frames inferred/,
    frames: 15,
    needsRewrite: true,
  },
  'pydicom_empty_charset_LEI.dcm': { outcome: 'refused', code: 'no_pixel_data', message: /no Pixel Data/ },
  'pydicom_meta_missing_tsyntax.dcm': {
    outcome: 'refused',
    code: 'missing_attribute',
    message: /Required UIDs are missing: .*Study Instance UID.*no Transfer Syntax UID \(0002,0010\)/,
  },
  'pydicom_no_meta.dcm': {
    outcome: 'read',
    warning: /no preamble and no File Meta Information; the data set reads as Explicit VR Little Endian/,
    frames: 1,
    needsRewrite: true,
    check: (p) => expect(p.warnings.join(' ')).toMatch(/1 stray byte/),
  },
  'pydicom_no_meta_group_length.dcm': {
    outcome: 'refused',
    code: 'no_pixel_data',
    message: /no Pixel Data.*no group length \(0002,0000\)/,
  },
  'pydicom_rtplan_truncated.dcm': {
    outcome: 'refused',
    code: 'truncated',
    message: /^File ends inside element \(300A,00B0\) Beam Sequence: 976 bytes declared, 711 present \(truncated file\)$/,
  },
};

function tryRead(bytes: Uint8Array): ParsedDicom | DicomReadError {
  try {
    return readDicom(bytes);
  } catch (error) {
    if (error instanceof DicomReadError) return error;
    throw error; // any other exception fails the test
  }
}

describe('malformed/', () => {
  it('has an expectation for every file', () => {
    expect(listFixtures('malformed').map((f) => f.replace('malformed/', ''))).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', { timeout: 20_000 }, async (file, expected) => {
    const result = tryRead(readFixture(`malformed/${file}`));
    if (expected.outcome === 'refused') {
      expect(result).toBeInstanceOf(DicomReadError);
      const error = result as DicomReadError;
      expect(error.code).toBe(expected.code);
      expect(error.message).toMatch(expected.message);
      return;
    }
    expect(result).not.toBeInstanceOf(DicomReadError);
    const parsed = result as ParsedDicom;
    expect(parsed.warnings.join('\n')).toMatch(expected.warning);
    expect(parsed.attributes.frames).toBe(expected.frames);
    expect(parsed.needsRewrite).toBe(expected.needsRewrite);
    expected.check?.(parsed);
    for (let i = 0; i < parsed.attributes.frames; i++) {
      const decoding = decodeFrame(parsed, i);
      if (expected.decode) {
        await expect(decoding).rejects.toBeInstanceOf(DicomReadError);
        await decoding.catch((e: DicomReadError) => {
          expect(e.code).toBe(expected.decode?.code);
          expect(e.message).toMatch(expected.decode?.message ?? /./);
        });
        break;
      }
      const frame = await decoding;
      expect(frame.pixels.length).toBe(parsed.attributes.rows * parsed.attributes.columns * parsed.attributes.samplesPerPixel);
    }
  });

  it('decodes the J2K pixel-representation mismatch as signed values (air near -1000)', async () => {
    const frame = await decodeFrame(readDicom(readFixture('malformed/pydicom_J2K_pixelrep_mismatch.dcm')), 0);
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(frame.min).toBe(-2000);
    expect(frame.max).toBeLessThan(4096);
  });

  it('reads non-image files when pixel data are not required', () => {
    const plan = readDicom(readFixture('malformed/pydicom_ExplVR_BigEndNoMeta.dcm'), { requirePixelData: false });
    expect(plan.attributes.modality).toBe('RTPLAN');
    expect(plan.attributes.sopInstanceUid).toBe('1.2.333.4444.5.6.7.8');
    expect(plan.needsRewrite).toBe(true);
    expect(plan.sourceTransferSyntaxUid).toBe('1.2.840.10008.1.2.2');
    expect(plan.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });
});

/** Deterministic pseudo-random numbers (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('damaged copies of good files', () => {
  const sources = [
    'compressed/pydicom_MR_small_jp2klossless.dcm',
    'compressed/pydicom_SC_rgb_jpeg.dcm',
    'compressed/pydicom_MR_small_jpeg_ls_lossless.dcm',
    'compressed/pydicom-data_liver_j2k.dcm',
    'malformed/pydicom_no_meta.dcm',
  ];

  it.each(sources)('%s: truncated or corrupted, read and decode only ever throw DicomReadError', { timeout: 60_000 }, async (file) => {
    const original = readFixture(file);
    const random = rng(original.length);
    const variants: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) variants.push(original.slice(0, Math.floor(random() * original.length)));
    for (let i = 0; i < 40; i++) {
      const copy = original.slice();
      for (let k = 0; k < 4; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      variants.push(copy);
    }
    for (const bytes of variants) {
      const result = tryRead(bytes);
      if (result instanceof DicomReadError) continue;
      try {
        await decodeFrame(result, 0);
      } catch (error) {
        expect(error).toBeInstanceOf(DicomReadError);
      }
    }
  });
});
