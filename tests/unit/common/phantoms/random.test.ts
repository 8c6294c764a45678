import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../common/phantoms/random';

const take = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('seeded random streams', () => {
  it('repeats exactly for the same seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = take(100, () => a.next());
    expect(take(100, () => b.next())).toEqual(xs);
    expect(take(100, () => c.next())).not.toEqual(xs);
  });

  it('derives sub-streams from the label, not from what the parent already produced', () => {
    const fresh = createRng(7).fork('frame', 12);
    const used = createRng(7);
    take(1000, () => used.next());
    const forked = used.fork('frame', 12);
    expect(take(20, () => forked.next())).toEqual(take(20, () => fresh.next()));
    expect(take(20, () => createRng(7).fork('frame', 13).next())).not.toEqual(take(20, () => createRng(7).fork('frame', 12).next()));
    expect(createRng(7, 'frame', 12).next()).toBe(createRng(7).fork('frame', 12).next());
  });

  it('keeps values in range', () => {
    const r = createRng(1);
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = r.next();
      const k = r.int(-2, 3);
      const x = r.range(5, 6);
      if (!(u >= 0 && u < 1) || !(Number.isInteger(k) && k >= -2 && k <= 3) || !(x >= 5 && x < 6)) bad++;
    }
    expect(bad).toBe(0);
    const ints = new Set(take(2000, () => r.int(0, 4)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('draws normals with the requested mean and spread', () => {
    const r = createRng(3);
    const xs = take(20_000, () => r.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });
});
