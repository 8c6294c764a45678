/**
 * Per-frame image operations that must be cheap (a 512 x 512 frame has a budget of a few ms):
 * whole-pixel translation of the static anatomy and masks, and adding a cropped layer.
 *
 * Head motion is applied in whole pixels so that the image, every mask and the arc-length map used
 * for the bolus head and tail stay exactly registered.
 */
import type { PixelBox } from '../raster';

export type WholeShift = readonly [number, number];

/** dest(x, y) = src(x - dx, y - dy); pixels shifted in from outside repeat the nearest edge. */
export function shiftImage(src: Float32Array, dest: Float32Array, width: number, height: number, shift: WholeShift): void {
  const [dx, dy] = shift;
  const x0 = Math.max(0, Math.min(width, dx));
  const x1 = Math.max(x0, Math.min(width, width + dx));
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - dy));
    const row = y * width;
    const srcRow = sy * width;
    if (x1 > x0) dest.set(src.subarray(srcRow + x0 - dx, srcRow + x1 - dx), row + x0);
    if (x0 > 0) dest.fill(src[srcRow] as number, row, row + x0);
    if (x1 < width) dest.fill(src[srcRow + width - 1] as number, row + x1, row + width);
  }
}

/** A static 0/1 mask shifted by whole pixels and cut to the visible span of each row. */
export function shiftMask(
  mask: Uint8Array,
  rows: readonly [number, number],
  spans: Int32Array,
  width: number,
  height: number,
  shift: WholeShift,
): Uint8Array {
  const [dx, dy] = shift;
  const out = new Uint8Array(width * height);
  const yStart = Math.max(0, rows[0] + dy);
  const yEnd = Math.min(height, rows[1] + dy);
  for (let y = yStart; y < yEnd; y++) {
    const x0 = Math.max(spans[2 * y] as number, dx, 0);
    const x1 = Math.min(spans[2 * y + 1] as number, width + dx, width);
    if (x1 <= x0) continue;
    const src = (y - dy) * width - dx;
    out.set(mask.subarray(src + x0, src + x1), y * width + x0);
  }
  return out;
}

/** First and last+1 row that contain a set pixel (so shifting skips empty rows). */
export function maskRows(mask: Uint8Array, width: number, height: number): [number, number] {
  let first = height;
  let last = 0;
  for (let y = 0; y < height; y++) {
    const row = mask.subarray(y * width, (y + 1) * width);
    if (row.indexOf(1) >= 0) {
      if (y < first) first = y;
      last = y + 1;
    }
  }
  return [first, Math.max(first, last)];
}

/** Zeroes mask pixels outside the visible span of their row, within a box. */
export function clipToSpans(mask: Uint8Array, spans: Int32Array, width: number, box: PixelBox): void {
  for (let y = box.y0; y < box.y1; y++) {
    const s0 = spans[2 * y] as number;
    const s1 = spans[2 * y + 1] as number;
    const row = y * width;
    if (box.x0 < s0) mask.fill(0, row + box.x0, row + Math.min(s0, box.x1));
    if (box.x1 > s1) mask.fill(0, row + Math.max(s1, box.x0), row + box.x1);
  }
}

/** Adds gain * crop at its box shifted by whole pixels. */
export function addCrop(
  target: Float32Array,
  width: number,
  height: number,
  crop: { box: PixelBox; data: Float32Array },
  gain: number,
  shift: WholeShift,
): void {
  const { box, data } = crop;
  const w = box.x1 - box.x0;
  for (let y = box.y0; y < box.y1; y++) {
    const ty = y + shift[1];
    if (ty < 0 || ty >= height) continue;
    for (let x = box.x0; x < box.x1; x++) {
      const tx = x + shift[0];
      if (tx < 0 || tx >= width) continue;
      target[ty * width + tx] = (target[ty * width + tx] as number) + gain * (data[(y - box.y0) * w + (x - box.x0)] as number);
    }
  }
}
