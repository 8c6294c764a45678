/**
 * Colour conversions the codecs leave to the caller (PS3.3 C.7.6.3.1.2): YBR_FULL and
 * YBR_FULL_422 to RGB, and planar (R..., G..., B...) to interleaved (RGBRGB...). Same formulas as
 * Cornerstone's convertColorSpace, so the viewer and the main side agree.
 */

function clamp8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function ybrPixel(out: Uint8Array, o: number, y: number, cb: number, cr: number): void {
  out[o] = clamp8(y + 1.402 * (cr - 128));
  out[o + 1] = clamp8(y - 0.34414 * (cb - 128) - 0.71414 * (cr - 128));
  out[o + 2] = clamp8(y + 1.772 * (cb - 128));
}

/** Interleaved YBR_FULL (8-bit) to interleaved RGB. */
export function ybrFullToRgb(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i + 2 < src.length; i += 3) ybrPixel(out, i, src[i] ?? 0, src[i + 1] ?? 0, src[i + 2] ?? 0);
  return out;
}

/** Native YBR_FULL_422: each pair of pixels is Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2). */
export function ybrFull422ToRgb(src: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0; p < pixels; p += 2, i += 4) {
    const cb = src[i + 2] ?? 128;
    const cr = src[i + 3] ?? 128;
    ybrPixel(out, p * 3, src[i] ?? 0, cb, cr);
    if (p + 1 < pixels) ybrPixel(out, (p + 1) * 3, src[i + 1] ?? 0, cb, cr);
  }
  return out;
}

/** Planar configuration 1 to 0 for any sample type. */
export function planarToInterleaved<T extends Uint8Array | Uint16Array>(src: T, pixels: number, make: (n: number) => T): T {
  const out = make(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    out[i * 3] = src[i] ?? 0;
    out[i * 3 + 1] = src[pixels + i] ?? 0;
    out[i * 3 + 2] = src[2 * pixels + i] ?? 0;
  }
  return out;
}

/** Bits Allocated 1: LSB-first bit packing (PS3.5 8.1.1), starting `bitOffset` bits into `src`. */
export function unpackBits(src: Uint8Array, count: number, bitOffset: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = i + bitOffset;
    out[i] = ((src[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }
  return out;
}
