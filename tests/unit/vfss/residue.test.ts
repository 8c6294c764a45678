import { describe, expect, it } from 'vitest';
import { rasterizePolygon, residueInRegion, residueNormalised, residuePercentFull } from '../../../common/vfss/residue';

type Pt = [number, number];
const count = (m: Uint8Array): number => m.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0);
const shoelace = (p: Pt[]): number => Math.abs(p.reduce((s, [x, y], i) => s + x * (p[(i + 1) % p.length] as Pt)[1] - (p[(i + 1) % p.length] as Pt)[0] * y, 0)) / 2;
const regular = (cx: number, cy: number, r: number, n: number, phase = 0): Pt[] =>
  Array.from({ length: n }, (_, i) => [cx + r * Math.cos(phase + (2 * Math.PI * i) / n), cy + r * Math.sin(phase + (2 * Math.PI * i) / n)]);

describe('rasterizePolygon', () => {
  it('fills an axis-aligned rectangle with integer corners with exactly its area', () => {
    const m = rasterizePolygon([[10, 10], [30, 10], [30, 20], [10, 20]], 64, 48);
    expect(count(m)).toBe(200);
    // Half-open edges: the top-left corner pixel is in, the bottom-right one out.
    expect(m[10 * 64 + 10]).toBe(1);
    expect(m[20 * 64 + 30]).toBe(0);
    expect(m[19 * 64 + 29]).toBe(1);
  });

  it('gives two polygons that share an edge no pixel in common and no gap', () => {
    const left = rasterizePolygon([[5, 5], [20.3, 5], [17.6, 30], [5, 30]], 40, 40);
    const right = rasterizePolygon([[20.3, 5], [35, 5], [35, 30], [17.6, 30]], 40, 40);
    const whole = rasterizePolygon([[5, 5], [35, 5], [35, 30], [5, 30]], 40, 40);
    let overlap = 0;
    for (let i = 0; i < whole.length; i++) overlap += (left[i] ?? 0) & (right[i] ?? 0);
    expect(overlap).toBe(0);
    expect(count(left) + count(right)).toBe(count(whole));
    expect(count(whole)).toBe(750);
  });

  it('matches the analytic area of a circle, a triangle and a rotated square', () => {
    const shapes: Pt[][] = [regular(100, 90, 60, 96), [[12.2, 8.7], [150.4, 40.1], [60.3, 170.9]], regular(90, 100, 50, 4, 0.3)];
    for (const s of shapes) {
      const area = shoelace(s);
      expect(Math.abs(count(rasterizePolygon(s, 200, 200)) - area) / area).toBeLessThan(0.01);
    }
  });

  it('uses the even-odd rule: the centre of a pentagram is a hole', () => {
    const star = [0, 2, 4, 1, 3].map((i) => regular(50, 50, 40, 5, -Math.PI / 2)[i] as Pt);
    const m = rasterizePolygon(star, 100, 100);
    expect(m[50 * 100 + 50]).toBe(0);
    expect(m[20 * 100 + 50]).toBe(1); // inside the top point
    const outer = shoelace(regular(50, 50, 40, 5, -Math.PI / 2));
    expect(count(m)).toBeLessThan(outer);
  });

  it('clips to the image and ignores degenerate polygons', () => {
    expect(count(rasterizePolygon([[-10, -10], [20, -10], [20, 15], [-10, 15]], 32, 32))).toBe(300);
    expect(count(rasterizePolygon([[-50, -50], [500, -50], [500, 500], [-50, 500]], 32, 24))).toBe(32 * 24);
    expect(count(rasterizePolygon([[1, 1], [10, 10]], 32, 32))).toBe(0);
    expect(count(rasterizePolygon([[1, 1], [10, 1], [20, 1]], 32, 32))).toBe(0);
  });
});

describe('residue measures', () => {
  const w = 40;
  const h = 30;
  const region = rasterizePolygon([[10, 10], [20, 10], [20, 20], [10, 20]], w, h); // 100 px
  const bolus = rasterizePolygon([[15, 15], [30, 15], [30, 20], [15, 20]], w, h); // 75 px, 25 inside

  it('gives %-full as residue inside the region over the region', () => {
    expect(residueInRegion(bolus, region)).toEqual({ residuePx: 25, regionPx: 100, percentFull: 25 });
    expect(residuePercentFull(bolus, region)).toBe(25);
    expect(residuePercentFull(region, region)).toBe(100);
    expect(residuePercentFull(new Uint8Array(w * h), region)).toBe(0);
  });

  it('has no %-full for an empty region and refuses masks of different sizes', () => {
    expect(residuePercentFull(bolus, new Uint8Array(w * h))).toBeNull();
    expect(() => residuePercentFull(bolus, new Uint8Array(10))).toThrow(RangeError);
  });

  it('normalises an area by the squared C2–C4 length', () => {
    expect(residueNormalised(450, 30)).toBe(0.5);
    expect(residueNormalised(0, 30)).toBe(0);
    expect(residueNormalised(450, null)).toBeNull();
    expect(residueNormalised(450, 0)).toBeNull();
    expect(residueNormalised(450, Number.NaN)).toBeNull();
  });
});
