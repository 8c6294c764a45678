import { describe, expect, it } from 'vitest';
import { addShape, fillMask, fillPolygon, gaussianBlur, upsampleAdd } from '../../../../common/phantoms/raster';
import { capsule, circle, ellipse, polygon, roundedBox } from '../../../../common/phantoms/shapes';
import { MonotoneCurve } from '../../../../common/phantoms/monotoneCurve';
import { Polyline } from '../../../../common/phantoms/polyline';

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
};

describe('shapes and rasterisation', () => {
  it('signs distances negative inside and positive outside', () => {
    const shapes = [circle(50, 50, 10), ellipse(50, 50, 20, 8, 0.7), roundedBox(50, 50, 15, 6, -0.4, 3), capsule([40, 40], [60, 55], 5), polygon([[30, 30], [70, 35], [60, 70], [45, 50]])];
    for (const s of shapes) {
      expect(s.sdf(50, 50)).toBeLessThan(0);
      expect(s.sdf(0, 0)).toBeGreaterThan(0);
      expect(s.sdf(100, 3)).toBeGreaterThan(0);
    }
    expect(circle(0, 0, 10).sdf(13, 0)).toBeCloseTo(3, 6);
    expect(roundedBox(0, 0, 10, 5, 0, 0).sdf(0, 8)).toBeCloseTo(3, 6);
  });

  it('fills masks with the area of the shape', () => {
    const mask = new Uint8Array(100 * 100);
    fillMask(mask, 100, 100, circle(50, 50, 20));
    expect(Math.abs(sum(mask) - Math.PI * 400)).toBeLessThan(40);
    const soft = new Float32Array(100 * 100);
    addShape(soft, 100, 100, circle(50, 50, 20), 1);
    expect(Math.abs(sum(soft) - Math.PI * 400)).toBeLessThan(5);
  });

  it('agrees between polygon distance and scanline fill', () => {
    const pts: Array<[number, number]> = [[10, 12], [80, 20], [70, 75], [40, 50], [15, 70]];
    const byScanline = new Float32Array(90 * 90);
    fillPolygon(byScanline, 90, 90, pts, 1);
    const byDistance = new Uint8Array(90 * 90);
    fillMask(byDistance, 90, 90, polygon(pts));
    let differ = 0;
    for (let i = 0; i < byDistance.length; i++) if ((byScanline[i] as number) !== byDistance[i]) differ++;
    expect(differ).toBeLessThan(10);
    expect(sum(byDistance)).toBeGreaterThan(1500);
  });

  it('blurs without losing mass and spreads a point symmetrically', () => {
    const img = new Float32Array(64 * 64);
    img[32 * 64 + 32] = 100;
    gaussianBlur(img, 64, 64, 3);
    expect(sum(img)).toBeCloseTo(100, 2);
    expect(img[32 * 64 + 32]).toBeLessThan(5);
    expect(img[32 * 64 + 36]).toBeCloseTo(img[32 * 64 + 28] as number, 5);
    expect(img[36 * 64 + 32]).toBeCloseTo(img[32 * 64 + 36] as number, 5);
  });

  it('upsamples a low-resolution layer with the same mean', () => {
    const small = new Float32Array(16 * 16).map((_, i) => (i % 7) / 7);
    const big = new Float32Array(64 * 64);
    upsampleAdd(big, 64, 64, small, 16, 16, 4);
    expect(sum(big) / big.length).toBeCloseTo(sum(small) / small.length, 1);
  });
});

describe('curves and polylines', () => {
  it('interpolates monotonically and keeps pauses flat', () => {
    const c = new MonotoneCurve([[0, 0], [1, 10], [2, 10], [3, 40]]);
    let prev = -Infinity;
    for (let x = -0.5; x <= 3.5; x += 0.01) {
      const y = c.at(x);
      expect(y).toBeGreaterThanOrEqual(prev - 1e-9);
      prev = y;
    }
    expect(c.at(1)).toBeCloseTo(10, 9);
    expect(c.at(1.5)).toBeCloseTo(10, 9);
    expect(c.at(3)).toBeCloseTo(40, 9);
  });

  it('maps pixels to the arc length of the nearest point', () => {
    const line = new Polyline([[10, 10], [10, 60], [60, 60]]);
    expect(line.length).toBeCloseTo(100, 9);
    const map = line.arcLengthMap(80, 80, 6);
    expect(map[30 * 80 + 12]).toBeCloseTo(20.5, 0);
    expect(map[62 * 80 + 40]).toBeCloseTo(80.5, 0);
    expect(map[5 * 80 + 70]).toBe(-1);
    expect(line.firstCrossingBelow(35)).toBeCloseTo(25, 6);
  });
});
