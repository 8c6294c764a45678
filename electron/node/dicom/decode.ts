/**
 * decodeFrame: one frame of a parsed file to pixel values, through Cornerstone's decoders (see
 * codecs.ts). Colour frames come back interleaved RGB; monochrome frames keep their stored values
 * (no rescale, no VOI), with the sign given by Pixel Representation. Every failure, including a
 * codestream that lies about its size or ends early, is a DicomReadError('decode_failed').
 */
import { parseJ2kHeader, parseJpegHeader } from '../../../common/dicom/codestream';
import { correctJpeg12LevelShift, signedViewForPixelRepresentation } from '../../../common/dicom/loaderFixes';
import { TS, transferSyntaxInfo, type TransferSyntaxInfo } from '../../../common/dicom/transferSyntax';
import type { DicomAttributes } from './attributes';
import { lastCodecMessages, loaderDecode, type LoaderPixels } from './codecs';
import { planarToInterleaved, unpackBits, ybrFull422ToRgb, ybrFullToRgb } from './color';
import { DicomReadError } from './errors';
import { encapsulatedFrame, nativeFrame, pixelDataElement } from './pixelData';
import type { ParsedDicom } from './read';

export interface DecodedFrame {
  pixels: Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** 'RGB' for every colour frame (converted here), else as stored (MONOCHROME1/2, PALETTE COLOR). */
  photometricInterpretation: string;
  min: number;
  max: number;
}

function fail(message: string): DicomReadError {
  return new DicomReadError('decode_failed', message);
}

/** Refuse before the codec runs when the stream's own header contradicts the data set. */
function checkStreamHeader(ts: TransferSyntaxInfo, data: Uint8Array, a: DicomAttributes, frameLabel: string): void {
  if (ts.codec === 'jpeg2000' || ts.codec === 'htj2k') {
    const h = parseJ2kHeader(data);
    if (!h) throw fail(`${frameLabel}: not a JPEG 2000 codestream (no SOC/SIZ marker)`);
    if (h.width !== a.columns || h.height !== a.rows) {
      throw fail(`${frameLabel}: JPEG 2000 codestream is ${h.width}×${h.height} but the image is ${a.columns}×${a.rows} (corrupt codestream header)`);
    }
    if (h.truncatedTilePart) {
      throw fail(`${frameLabel}: JPEG 2000 codestream is too short: a tile-part declares more than the ${data.length} bytes present (truncated stream)`);
    }
  } else if (ts.codec === 'jpeg' || ts.codec === 'jpeg-ls') {
    const h = parseJpegHeader(data);
    if (!h) throw fail(`${frameLabel}: not a JPEG stream (no SOI/SOF marker)`);
    if (h.width !== a.columns || (h.height !== 0 && h.height !== a.rows)) {
      throw fail(`${frameLabel}: JPEG stream is ${h.width}×${h.height} but the image is ${a.columns}×${a.rows}`);
    }
  }
}

function minMax(px: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < px.length; i++) {
    const v = px[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return px.length ? { min, max } : { min: 0, max: 0 };
}

/**
 * The loader returns the narrowest array that holds the values; signed frames may still sit in an
 * unsigned array (see signedViewForPixelRepresentation). 32-bit integers become Float32Array
 * (exact up to 2^24), the widest type DecodedFrame carries.
 */
function normalizeType(px: LoaderPixels, a: DicomAttributes): DecodedFrame['pixels'] {
  const signed = signedViewForPixelRepresentation(px, a.pixelRepresentation, a.bitsAllocated);
  if (signed instanceof Uint32Array || signed instanceof Int32Array) return Float32Array.from(signed);
  return signed;
}

function toRgb(px: DecodedFrame['pixels'], a: DicomAttributes, ts: TransferSyntaxInfo): { pixels: DecodedFrame['pixels']; pi: string } {
  const pixels = a.rows * a.columns;
  const pi = a.photometricInterpretation;
  const uncompressedLayout = ts.codec === 'native' || ts.codec === 'rle';
  let out = px;
  if (uncompressedLayout && a.planarConfiguration === 1 && pi !== 'YBR_FULL_422') {
    if (out instanceof Uint8Array) out = planarToInterleaved(out, pixels, (n) => new Uint8Array(n));
    else if (out instanceof Uint16Array) out = planarToInterleaved(out, pixels, (n) => new Uint16Array(n));
  }
  if (uncompressedLayout && out instanceof Uint8Array) {
    if (pi === 'YBR_FULL') return { pixels: ybrFullToRgb(out), pi: 'RGB' };
    if (pi === 'YBR_FULL_422') return { pixels: ybrFull422ToRgb(out, pixels), pi: 'RGB' };
  }
  // JPEG and JPEG 2000 decoders return RGB already (libjpeg-turbo and OpenJPEG apply the inverse
  // colour transform), which is how Cornerstone displays them too.
  return { pixels: out, pi: 'RGB' };
}

async function decodeEncoded(parsed: ParsedDicom, ts: TransferSyntaxInfo, data: Uint8Array, label: string): Promise<LoaderPixels> {
  const a = parsed.attributes;
  checkStreamHeader(ts, data, a, label);
  const frame = {
    rows: a.rows,
    columns: a.columns,
    bitsAllocated: a.bitsAllocated,
    bitsStored: a.bitsStored,
    pixelRepresentation: a.pixelRepresentation,
    samplesPerPixel: a.samplesPerPixel,
    photometricInterpretation: a.photometricInterpretation,
    planarConfiguration: a.planarConfiguration ?? 0,
  };
  try {
    const result = await loaderDecode(frame, parsed.transferSyntaxUid, ts.codec, data);
    if ((result.rows !== undefined && result.rows !== a.rows) || (result.columns !== undefined && result.columns !== a.columns)) {
      throw new Error(`decoded ${result.columns ?? '?'}×${result.rows ?? '?'} instead of ${a.columns}×${a.rows}`);
    }
    const px = result.pixelData;
    if (parsed.transferSyntaxUid === TS.JPEGExtended12Bit && a.pixelRepresentation === 0 && parseJpegHeader(data)?.precision === 12) {
      correctJpeg12LevelShift(px); // see common/dicom/loaderFixes.ts
    }
    return px;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const said = lastCodecMessages();
    throw fail(`${label}: ${ts.name} decoder failed: ${why || 'unknown error'}${said.length ? ` (codec: ${said.join('; ')})` : ''}`);
  }
}

export async function decodeFrame(parsed: ParsedDicom, frameIndex: number): Promise<DecodedFrame> {
  const a = parsed.attributes;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= a.frames) {
    throw new RangeError(`Frame index ${frameIndex} is outside 0..${a.frames - 1}`);
  }
  const label = `Frame ${frameIndex + 1} of ${a.frames}`;
  const ts = transferSyntaxInfo(parsed.transferSyntaxUid);
  if (!ts) throw new DicomReadError('unsupported_transfer_syntax', `Transfer syntax ${parsed.transferSyntaxUid} cannot be decoded`);
  const el = pixelDataElement(parsed.dataset);
  if (!el) throw new DicomReadError('no_pixel_data', 'The data set has no Pixel Data (7FE0,0010)');

  let px: LoaderPixels;
  if (ts.encapsulated) {
    px = await decodeEncoded(parsed, ts, encapsulatedFrame(el, a.frames, frameIndex), label);
  } else if (a.bitsAllocated === 1) {
    const { bytes, bitOffset } = nativeFrame(el, a, frameIndex);
    px = unpackBits(bytes, a.rows * a.columns * a.samplesPerPixel, bitOffset);
  } else {
    // Copy: the loader may view the buffer in place, and the frame must not alias the file.
    const { bytes } = nativeFrame(el, a, frameIndex);
    px = await decodeEncoded(parsed, ts, bytes.slice(), label);
  }

  let pixels = normalizeType(px, a);
  let pi = a.photometricInterpretation;
  if (a.samplesPerPixel === 3) ({ pixels, pi } = toRgb(pixels, a, ts));

  const expected = a.rows * a.columns * a.samplesPerPixel;
  if (pixels.length < expected) {
    const said = lastCodecMessages();
    throw fail(
      `${label}: decoder returned ${pixels.length} samples, ${a.rows}×${a.columns}×${a.samplesPerPixel} = ${expected} expected` +
        (said.length ? ` (codec: ${said.join('; ')})` : ' (stream too short)'),
    );
  }
  if (pixels.length > expected) pixels = pixels.subarray(0, expected);
  return { pixels, rows: a.rows, columns: a.columns, samplesPerPixel: a.samplesPerPixel, photometricInterpretation: pi, ...minMax(pixels) };
}
