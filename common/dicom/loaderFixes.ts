/**
 * Exact corrections for known defects of Cornerstone's DICOM image loader decoders, shared so that
 * the viewer can apply the same fix and both sides keep showing identical pixels.
 *
 * 12-bit JPEG (JPEG Extended, 1.2.840.10008.1.2.4.51, SOF precision 12), codecs/jpeg.js: the final
 * level shift of the IDCT output is written as (q + 2056 / bitConversion) >> 4 with
 * bitConversion = 255/4095, i.e. + 33016.94 instead of 2048*16 + 8 = 32776. Every sample comes out
 * exactly 15 too high (measured on WG04 XA1_JPLY and pydicom JPEG-lossy: after subtracting 15 the
 * result equals dcmtk's dcmdjpeg within ±1). Samples the decoder clamped at 4095 stand for true
 * values 4080-4095 and become 4080; values the decoder put in 0-14 were below zero and become 0.
 */

export const JPEG12_LEVEL_SHIFT_BIAS = 15;

/** In place: subtract the bias, clamping at 0. */
export function correctJpeg12LevelShift(
  pixels: Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array,
): void {
  for (let i = 0; i < pixels.length; i++) {
    const v = (pixels[i] ?? 0) - JPEG12_LEVEL_SHIFT_BIAS;
    pixels[i] = v < 0 ? 0 : v;
  }
}

/**
 * Signed frames (Pixel Representation 1) can come back from the loader in an unsigned array: its
 * sign extension, ((v << s) >> s), is done in place in whatever array the codec returned, e.g. a
 * Uint16Array for a JPEG 2000 stream that says "unsigned" (pydicom issue 1149) or native 8-bit data.
 * The bits are then correct two's complement; only the array type is wrong. Returns a signed view
 * of the same memory, or the input when it is already right.
 */
export function signedViewForPixelRepresentation<T extends Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array>(
  pixels: T,
  pixelRepresentation: number,
  bitsAllocated: number,
): T | Int16Array | Int8Array {
  if (pixelRepresentation !== 1) return pixels;
  if (pixels instanceof Uint16Array && bitsAllocated >= 16) return new Int16Array(pixels.buffer, pixels.byteOffset, pixels.length);
  if (pixels instanceof Uint8Array && bitsAllocated === 8) return new Int8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  return pixels;
}
