import { describe, expect, it } from 'vitest';
import type { Gray8 } from '../../../../common/imaging/image';
import { laplacianSharpen } from '../../../../common/imaging/sharpen';

const src: Gray8 = { width: 4, height: 3, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((v) => v * 20)) };

function rows(g: Gray8): number[][] {
  return Array.from({ length: g.height }, (_, y) => Array.from(g.data.subarray(y * g.width, (y + 1) * g.width)));
}

describe('laplacianSharpen', () => {
  it('c = 5 with reflect-101 borders and saturation (cv2.filter2D output)', () => {
    // Row 1, column 0 (100): north 20, south 180, west reflects to column 1 (120), east 120:
    // 5·100 − 20 − 180 − 120 − 120 = 60. Row 0 goes negative (→ 0), row 2 above 255 (→ 255).
    expect(rows(laplacianSharpen(src))).toEqual([
      [0, 0, 0, 0],
      [60, 120, 140, 200],
      [255, 255, 255, 255],
    ]);
  });

  it('c = 7 is normalised by c − 4 and rounded like cv2 (float32, half to even)', () => {
    expect(rows(laplacianSharpen(src, { centre: 7 }))).toEqual([
      [0, 0, 7, 40],
      [87, 120, 140, 173],
      [220, 253, 255, 255],
    ]);
  });

  it('keeps flat regions and linear ramps unchanged (the kernel sums to 1, the Laplacian of a ramp is 0)', () => {
    const flat: Gray8 = { width: 5, height: 4, data: new Uint8Array(20).fill(77) };
    expect(Array.from(laplacianSharpen(flat, { centre: 9 }).data)).toEqual(Array(20).fill(77));
    const ramp: Gray8 = { width: 6, height: 1, data: Uint8Array.from([10, 20, 30, 40, 50, 60]) };
    // Interior pixels of a ramp keep their value; the ends see the reflected neighbour (no ramp there).
    expect(Array.from(laplacianSharpen(ramp).data).slice(1, 5)).toEqual([20, 30, 40, 50]);
  });

  it('works on one-pixel-wide images (the border reflects onto itself)', () => {
    expect(Array.from(laplacianSharpen({ width: 1, height: 1, data: Uint8Array.of(90) }).data)).toEqual([90]);
    expect(Array.from(laplacianSharpen({ width: 1, height: 3, data: Uint8Array.of(10, 50, 10) }).data)).toEqual([0, 130, 0]); // 5·50 − 10 − 10 − 50 − 50 (west and east are the pixel itself)
  });
});
