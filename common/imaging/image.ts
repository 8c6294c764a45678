/**
 * The 8-bit grey frame every enhancement works on, and the conversion of any decoded DICOM frame
 * into it. Models see 8-bit grey (steps.ts), so this is the one place where stored values become
 * display values — the same way for training and for inference.
 */

export interface Gray8 {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface ToGray8Options {
  /** DICOM linear VOI window (PS3.3 C.11.2.1.2.1) on modality values; null/absent: see toGray8. */
  window?: { center: number; width: number } | null;
  /** Modality LUT (Rescale Slope/Intercept) applied before the window; default identity. */
  rescale?: { slope: number; intercept: number } | null;
  /** MONOCHROME1: high values are dark; the 8-bit result is inverted so that dense is dark everywhere. */
  monochrome1?: boolean;
  /** 3: interleaved RGB, converted to luma first. Default 1. */
  samplesPerPixel?: 1 | 3;
}

export function gray8(width: number, height: number, data?: Uint8Array): Gray8 {
  checkSize(width, height);
  const d = data ?? new Uint8Array(width * height);
  if (d.length !== width * height) throw new RangeError(`Gray8 ${width}×${height} needs ${width * height} bytes, got ${d.length}`);
  return { width, height, data: d };
}

export function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
}

/** An `out` buffer the caller passed, or a new one; a wrong-sized `out` is a bug, not something to resize silently. */
export function outBuffer(out: Uint8Array | undefined, length: number): Uint8Array {
  if (!out) return new Uint8Array(length);
  if (out.length !== length) throw new RangeError(`out buffer has ${out.length} bytes, ${length} needed`);
  return out;
}

/**
 * OpenCV's BT.601 RGB→grey for 8-bit (cvtColor COLOR_RGB2GRAY): fixed point with 14 fractional
 * bits, so a colour frame gives the same grey here as in cv2.
 */
function lumaU8(r: number, g: number, b: number): number {
  return (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
}

/**
 * Any decoded frame → 8-bit grey.
 * - RGB (samplesPerPixel 3): BT.601 luma first (exact OpenCV fixed point for 8-bit samples,
 *   0.299/0.587/0.114 otherwise), then the rules below on the luma.
 * - With a window: DICOM's linear VOI function, rounded to the nearest grey level.
 * - Without a window: min–max of the frame onto 0–255 — except for frames that are already 8-bit
 *   (a Uint8Array), which are kept as they are: stretching each cine frame by its own min–max
 *   would make the brightness of a frame depend on its content (and differ from the phantoms the
 *   models were trained on, which are 8-bit already).
 * - MONOCHROME1: inverted after the mapping.
 */
export function toGray8(pixels: ArrayLike<number>, width: number, height: number, opts: ToGray8Options = {}): Gray8 {
  checkSize(width, height);
  const n = width * height;
  const spp = opts.samplesPerPixel ?? 1;
  if (pixels.length < n * spp) throw new RangeError(`toGray8: ${width}×${height}×${spp} needs ${n * spp} values, got ${pixels.length}`);
  const eightBit = pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray;
  let values: ArrayLike<number> = pixels;
  if (spp === 3) {
    const luma = eightBit ? new Uint8Array(n) : new Float64Array(n);
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      const r = pixels[j] ?? 0;
      const g = pixels[j + 1] ?? 0;
      const b = pixels[j + 2] ?? 0;
      luma[i] = eightBit ? lumaU8(r, g, b) : 0.299 * r + 0.587 * g + 0.114 * b;
    }
    values = luma;
  }
  const slope = opts.rescale?.slope ?? 1;
  const intercept = opts.rescale?.intercept ?? 0;
  const out = new Uint8Array(n);
  const win = opts.window ?? null;
  if (win) {
    applyWindow(values, n, slope, intercept, win.center, win.width, out);
  } else if (eightBit && slope === 1 && intercept === 0) {
    for (let i = 0; i < n; i++) out[i] = values[i] ?? 0;
  } else {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = (values[i] ?? 0) * slope + intercept;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const k = max > min ? 255 / (max - min) : 0;
    for (let i = 0; i < n; i++) out[i] = Math.round(((values[i] ?? 0) * slope + intercept - min) * k);
  }
  if (opts.monochrome1) for (let i = 0; i < n; i++) out[i] = 255 - (out[i] ?? 0);
  return { width, height, data: out };
}

/** PS3.3 C.11.2.1.2.1 linear function with output range 0–255; width < 1 is treated as 1 (the standard's minimum). */
function applyWindow(values: ArrayLike<number>, n: number, slope: number, intercept: number, center: number, width: number, out: Uint8Array): void {
  const w = Math.max(1, width);
  const lo = center - 0.5 - (w - 1) / 2;
  const hi = center - 0.5 + (w - 1) / 2;
  const k = w > 1 ? 255 / (w - 1) : 0;
  for (let i = 0; i < n; i++) {
    const x = (values[i] ?? 0) * slope + intercept;
    if (x <= lo) out[i] = 0;
    else if (x > hi) out[i] = 255;
    else out[i] = Math.round((x - (center - 0.5)) * k + 127.5);
  }
}
