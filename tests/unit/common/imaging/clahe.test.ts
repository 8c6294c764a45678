/**
 * CLAHE on images small enough to check by hand, with cv2.createCLAHE's output (OpenCV 4.6)
 * recorded as the expected values, so these run in plain Node without Python.
 */
import { describe, expect, it } from 'vitest';
import { clahe, claheClipCount, claheGeometry } from '../../../../common/imaging/clahe';
import type { Gray8 } from '../../../../common/imaging/image';

function img(rows: number[][]): Gray8 {
  return { width: rows[0]!.length, height: rows.length, data: Uint8Array.from(rows.flat()) };
}
function rows(g: Gray8): number[][] {
  return Array.from({ length: g.height }, (_, y) => Array.from(g.data.subarray(y * g.width, (y + 1) * g.width)));
}

describe('CLAHE geometry and clip limit (OpenCV rules)', () => {
  it('uses the image as is when the grid divides it', () => {
    expect(claheGeometry(512, 512, 8, 8)).toEqual({ tileW: 64, tileH: 64, extW: 512, extH: 512 });
  });
  it('pads both axes when either is not divisible, a divisible axis by a whole grid step', () => {
    // 8 % 4 = 0 but 5 % 2 ≠ 0: OpenCV still adds 4 columns (tiles − 0), so tiles are 3 wide.
    expect(claheGeometry(8, 5, 4, 2)).toEqual({ tileW: 3, tileH: 3, extW: 12, extH: 6 });
    expect(claheGeometry(7, 5, 2, 2)).toEqual({ tileW: 4, tileH: 3, extW: 8, extH: 6 });
  });
  it('clip limit is max(1, (int)(clipLimit · area / 256))', () => {
    expect(claheClipCount(2, 64 * 64)).toBe(32);
    expect(claheClipCount(2, 64)).toBe(1); // (int)0.5 = 0 → 1
    expect(claheClipCount(4, 1000)).toBe(15); // 15.625 truncated
  });
});

describe('clahe', () => {
  it('maps a uniform image through the clipped, redistributed histogram', () => {
    // 8×8 of 100, one tile: clip 1, so 63 counts are clipped; batch 0, residual 63 spread every
    // 256/63 = 4 bins from bin 0 (bins 0, 4, …, 248, bin 100 included). cumsum(100) = 25 + 2 = 27,
    // LUT = round(27 · 255/64) = round(107.58) = 108.
    const out = clahe(img(Array.from({ length: 8 }, () => Array(8).fill(100))), { clipLimit: 2, tilesX: 1, tilesY: 1 });
    expect(new Set(out.data)).toEqual(new Set([108]));
  });

  it('two-level image, 2×2 grid (cv2 output)', () => {
    const src = img(Array.from({ length: 8 }, () => [60, 60, 60, 60, 190, 190, 190, 190]));
    const expected = Array.from({ length: 8 }, () => [80, 80, 80, 76, 207, 207, 207, 207]);
    expect(rows(clahe(src, { clipLimit: 2, tilesX: 2, tilesY: 2 }))).toEqual(expected);
  });

  it('7×5 with a 2×2 grid: padded with reflect-101 for the histograms (cv2 output)', () => {
    const src = img(Array.from({ length: 5 }, (_, y) => Array.from({ length: 7 }, (_, x) => (y * 7 + x) * 7)));
    expect(rows(clahe(src, { clipLimit: 3, tilesX: 2, tilesY: 2 }))).toEqual([
      [21, 42, 64, 69, 64, 69, 85],
      [106, 128, 149, 149, 138, 138, 170],
      [166, 184, 202, 203, 196, 199, 209],
      [170, 180, 192, 194, 197, 202, 212],
      [202, 219, 238, 242, 237, 242, 255],
    ]);
  });

  it('8×5 with a 4×2 grid: a divisible width is padded too, as OpenCV does (cv2 output)', () => {
    const src = img(Array.from({ length: 5 }, (_, y) => Array.from({ length: 8 }, (_, x) => (y * 8 + x) * 6)));
    expect(rows(clahe(src, { clipLimit: 2, tilesX: 4, tilesY: 2 }))).toEqual([
      [28, 57, 71, 56, 62, 76, 71, 85],
      [113, 142, 156, 142, 147, 156, 142, 170],
      [174, 199, 210, 198, 203, 211, 201, 206],
      [170, 184, 191, 184, 186, 208, 206, 212],
      [208, 232, 243, 231, 236, 247, 243, 255],
    ]);
  });

  it('handles images smaller than the grid and writes into `out`', () => {
    const src = img([[0, 255, 128]]);
    const out = new Uint8Array(3);
    const r = clahe(src, { clipLimit: 2, tilesX: 8, tilesY: 8 }, out);
    expect(r.data).toBe(out);
    expect(r.width).toBe(3);
    expect(() => clahe(src, { clipLimit: 2, tilesX: 8, tilesY: 8 }, new Uint8Array(4))).toThrow(RangeError);
  });

  it('keeps the order of grey levels inside one tile (monotone LUT)', () => {
    const src = img([Array.from({ length: 64 }, (_, x) => x * 4)]);
    const out = clahe(src, { clipLimit: 4, tilesX: 1, tilesY: 1 }).data;
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
  });
});
