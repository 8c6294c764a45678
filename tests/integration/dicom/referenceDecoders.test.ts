/**
 * Our decoders (Cornerstone's, as the viewer uses them) against independent reference decoders
 * run at test time: dcmtk's dcmdjpeg / dcmdjpls (IJG libjpeg, CharLS) and GDCM's gdcmconv --raw
 * (OpenJPEG). The reference writes an uncompressed copy, which our reader reads back.
 *
 * Tolerances, in stored grey levels, over every sample of every frame:
 * - JPEG lossy (baseline 8-bit and extended 12-bit): max 2, mean 0.25. libjpeg-turbo and dcmtk's
 *   IJG use different integer IDCTs; measured max 1 (mean 0.157 on XA1_JPLY, 0.093 on the pydicom
 *   12-bit files, 0 on the 8-bit files). The 12-bit result includes Kestrel's correction of the
 *   loader's +15 level-shift bias (common/dicom/loaderFixes.ts); without it the mean is 14.9.
 * - JPEG-LS, JPEG 2000 (same OpenJPEG family in GDCM), and all lossless syntaxes: max 0.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { readDicom, type ParsedDicom } from '../../../electron/node/dicom/read';
import { normalizeToPart10 } from '../../../electron/node/dicom/write';
import { absDiff, readFixture, runTool, tempDir, writeTemp } from './fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Tool = 'dcmdjpeg' | 'dcmdjpls' | 'gdcmconv';

interface Case {
  file: string;
  tool: Tool;
  max: number;
  mean: number;
  /** Give the reference our normalized copy (the original is not readable by that tool). */
  normalizedInput?: boolean;
}

const JPEG_LOSSY = { max: 2, mean: 0.25 };
const EXACT = { max: 0, mean: 0 };

const CASES: Case[] = [
  { file: 'compressed/XA1_JPLY.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'compressed/pydicom_JPEG-lossy.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'compressed/pydicom_JPGExtended.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'compressed/pydicom_SC_jpeg_no_color_transform.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'compressed/pydicom_SC_rgb_jpeg.dcm', tool: 'gdcmconv', ...JPEG_LOSSY },
  { file: 'compressed/pydicom_SC_rgb_jpeg.dcm', tool: 'dcmdjpeg', normalizedInput: true, ...JPEG_LOSSY },
  { file: 'compressed/pydicom_SC_rgb_small_odd_jpeg.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'multiframe/dbdicom_XRayAngio_0002_compressed.dcm', tool: 'dcmdjpeg', ...JPEG_LOSSY },
  { file: 'compressed/XA1_JLSN.dcm', tool: 'dcmdjpls', ...EXACT },
  { file: 'compressed/XA1_J2KI.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'compressed/pydicom_JPEG2000.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'radiographs/WG04_RG1_J2KI.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'radiographs/WG04_RG2_J2KI.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'radiographs/WG04_RG3_J2KI.dcm', tool: 'gdcmconv', ...EXACT },
  // Lossless syntaxes, checked against the same references for good measure.
  { file: 'compressed/pydicom-data_JPEG-LL.dcm', tool: 'dcmdjpeg', ...EXACT },
  { file: 'compressed/pydicom-data_JPGLosslessP14SV1_1s_1f_8b.dcm', tool: 'dcmdjpeg', ...EXACT },
  { file: 'compressed/pydicom_MR_small_jpeg_ls_lossless.dcm', tool: 'dcmdjpls', ...EXACT },
  { file: 'compressed/pydicom_MR_small_jp2klossless.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'compressed/pydicom-data_liver_j2k.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'radiographs/WG04_RG3_J2KR.dcm', tool: 'gdcmconv', ...EXACT },
  { file: 'malformed/pydicom_J2K_pixelrep_mismatch.dcm', tool: 'gdcmconv', ...EXACT },
];

function referenceCopy(c: Case, source: ParsedDicom): ParsedDicom {
  const { dir, cleanup } = tempDir('ref');
  try {
    const input = writeTemp(dir, 'in.dcm', c.normalizedInput ? normalizeToPart10(source) : readFixture(c.file));
    const output = join(dir, 'out.dcm');
    const args = c.tool === 'gdcmconv' ? ['--raw', input, output] : [input, output];
    const run = runTool(c.tool, args);
    if (!run.ok) throw new Error(`${c.tool} failed on ${c.file}: ${run.stderr}`);
    return readDicom(new Uint8Array(readFileSync(output)));
  } finally {
    cleanup();
  }
}

describe('decoders agree with dcmtk / GDCM reference decoders', () => {
  it.each(CASES.map((c) => [`${c.file} vs ${c.tool}${c.normalizedInput ? ' (normalized copy)' : ''}`, c] as const))('%s', async (_name, c) => {
    const ours = readDicom(readFixture(c.file));
    const ref = referenceCopy(c, ours);
    expect(ref.attributes.frames).toBe(ours.attributes.frames);
    let max = 0;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < ours.attributes.frames; i++) {
      const a = await decodeFrame(ours, i);
      const b = await decodeFrame(ref, i);
      const d = absDiff(a.pixels, b.pixels);
      max = Math.max(max, d.max);
      sum += d.mean * a.pixels.length;
      count += a.pixels.length;
    }
    const mean = sum / count;
    expect(max, `max abs diff ${max}`).toBeLessThanOrEqual(c.max);
    expect(mean, `mean abs diff ${mean}`).toBeLessThanOrEqual(c.mean);
  });
});
