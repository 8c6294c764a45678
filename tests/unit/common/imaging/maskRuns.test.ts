/**
 * The run-based mask decoding the inference host uses equals the pixel-based references
 * (bilinear-then-threshold, removeSmallComponents, a flood-filled centroid) exactly, on letterboxed and
 * stretched geometries, sparse and dense probability maps, and masks that touch every edge.
 */
import { describe, expect, it } from 'vitest';
import { floodFill8, removeSmallComponents } from '../../../../common/imaging/components';
import { maskArea } from '../../../../common/imaging/mask';
import { ceilFloat32, probabilityToSourceRuns, removeSmallComponentsRuns } from '../../../../common/imaging/maskRuns';
import { letterbox } from '../../../../common/imaging/resize';
import { rleEncode } from '../../../../common/imaging/rle';
import { setWasmKernelsEnabled } from '../../../../common/imaging/wasm/kernels';
import { createRng } from '../../../../common/phantoms/random';
import { hyoidCentroid, hyoidCentroidOfRuns } from '../../../../common/vfss/proposals';
import { bilinearThenThreshold } from './sourceMaskReference';

/** A w×h 0/1 mask, each pixel set with probability `density`. */
function randomMask(rand: () => number, w: number, h: number, density: number): Uint8Array {
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) mask[i] = rand() < density ? 1 : 0;
  return mask;
}

function probabilityMap(rand: () => number, w: number, h: number, blobs: number): Float32Array {
  const p = new Float32Array(w * h);
  for (let k = 0; k < blobs; k++) {
    const cx = rand() * w;
    const cy = rand() * h;
    const r = 0.5 + rand() * Math.min(w, h) * 0.3;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p[y * w + x] = Math.max(p[y * w + x]!, Math.exp(-(((x - cx) ** 2 + (y - cy) ** 2) / (r * r))));
  }
  for (let i = 0; i < p.length; i++) if (rand() < 0.02) p[i] = rand();
  return p;
}

describe('run-based mask decoding', () => {
  it('probabilityToSourceRuns = rleEncode(bilinear-then-threshold), with the area and the mean probability above the threshold', () => {
    const rng = createRng(11, 'maskRuns');
    const rand = () => rng.next();
    const geometries: Array<[number, number, number, number, 'pad' | 'stretch']> = [
      [512, 512, 160, 160, 'pad'],
      [300, 200, 64, 64, 'pad'],
      [200, 300, 64, 48, 'pad'],
      [97, 61, 32, 32, 'stretch'],
      [97, 61, 30, 29, 'stretch'],
      [33, 1, 16, 16, 'pad'],
    ];
    for (const [sw, sh, w, h, fit] of geometries) {
      const box = letterbox(sw, sh, w, h, fit);
      for (const blobs of [0, 1, 3, 12]) {
        const prob = probabilityMap(rand, w, h, blobs);
        for (const t of [0.5, 0.2]) {
          const mask = bilinearThenThreshold(prob, box, t);
          const runs = probabilityToSourceRuns(prob, box, t);
          expect(Array.from(runs.rle), `${sw}×${sh}→${w}×${h} ${fit}, ${blobs} blobs, t ${t}`).toEqual(Array.from(rleEncode(mask)));
          expect(runs.area).toBe(maskArea(mask));
          const inside = Array.from(prob).filter((p) => p >= t);
          expect(runs.meanProbability).toBeCloseTo(inside.length ? inside.reduce((a, b) => a + b, 0) / inside.length : 0, 12);
        }
      }
    }
  });

  it('the threshold pass in WebAssembly gives the same runs, area and mean probability (the same double) as in TypeScript', () => {
    const rng = createRng(13, 'maskRuns');
    const rand = () => rng.next();
    try {
      for (const [sw, sh, w, h] of [[512, 512, 160, 160], [300, 200, 64, 64], [50, 70, 8, 12]] as const) {
        const box = letterbox(sw, sh, w, h, 'pad');
        for (const blobs of [0, 1, 5]) {
          const prob = probabilityMap(rand, w, h, blobs);
          prob[3] = Number.NaN; // never ≥ t, in either
          prob[w + 1] = 1;
          // float32(0.7) < 0.7 and float32(1e-6) < 1e-6: those values are below t, though equal to t in float32.
          prob[2 * w + 2] = Math.fround(0.7);
          prob[2 * w + 3] = Math.fround(1e-6);
          for (const t of [0.5, 0.2, 0.7, 1e-6]) {
            setWasmKernelsEnabled(true);
            const fast = probabilityToSourceRuns(prob, box, t);
            setWasmKernelsEnabled(false);
            const plain = probabilityToSourceRuns(prob, box, t);
            const what = `${w}×${h}, ${blobs} blobs, t ${t}`;
            expect(Array.from(fast.rle), what).toEqual(Array.from(plain.rle));
            expect(fast.area, what).toBe(plain.area);
            expect(fast.meanProbability, what).toBe(plain.meanProbability);
          }
        }
      }
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  it('removeSmallComponentsRuns = rleEncode(removeSmallComponents), 8-connected, across row ends', () => {
    const rng = createRng(12, 'maskRuns');
    const rand = () => rng.next();
    for (let trial = 0; trial < 60; trial++) {
      const w = 1 + Math.floor(rand() * 40);
      const h = 1 + Math.floor(rand() * 30);
      const mask = randomMask(rand, w, h, [0.05, 0.2, 0.5, 0.8][trial % 4]!);
      for (const minArea of [0, 1, 2, 3, 5, 16, 1000]) {
        const expected = removeSmallComponents(mask, w, h, minArea);
        const got = removeSmallComponentsRuns(rleEncode(mask), w, h, minArea);
        expect(Array.from(got.rle), `trial ${trial} ${w}×${h} min ${minArea}`).toEqual(Array.from(rleEncode(expected)));
        expect(got.area).toBe(maskArea(expected));
      }
    }
  });

  it('joins runs that touch only at a corner, and not runs one pixel apart', () => {
    // Row 0: pixel 2; row 1: pixel 3 (diagonal) → one component of 2. Pixel (0, 3) stands alone.
    const w = 6;
    const mask = new Uint8Array(w * 4);
    mask[2] = 1;
    mask[w + 3] = 1;
    mask[3 * w + 0] = 1;
    const kept = removeSmallComponentsRuns(rleEncode(mask), w, 4, 2);
    expect(kept.area).toBe(2);
    expect(Array.from(kept.rle)).toEqual([2, 1, w, 1, 4 * w - (w + 4)]);
  });

  it('rejects runs that do not cover the mask', () => {
    expect(() => removeSmallComponentsRuns(Uint32Array.from([3, 2]), 4, 2, 2)).toThrow(/cover 5 pixels/);
  });
});

/** The pixel way: flood-fill every component in raster order, keep the first of the largest. */
function centroidByFloodFill(mask: Uint8Array, w: number, h: number): { centroid: [number, number] } | null {
  const seen = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  let best: { centroid: [number, number] } | null = null;
  let bestArea = 0;
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || seen[seed]) continue;
    const n = floodFill8(mask, w, h, seed, seen, queue, 0);
    if (n <= bestArea) continue;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += (queue[i]! % w) + 0.5;
      sy += Math.floor(queue[i]! / w) + 0.5;
    }
    bestArea = n;
    best = { centroid: [sx / n, sy / n] };
  }
  return best;
}

describe('largest component centroid from runs', () => {
  it('equals the flood-filled centroid of the decoded mask (largest 8-connected piece, first among equals)', () => {
    const rng = createRng(13, 'maskRuns');
    const rand = () => rng.next();
    for (let trial = 0; trial < 80; trial++) {
      const w = 1 + Math.floor(rand() * 30);
      const h = 1 + Math.floor(rand() * 30);
      const mask = randomMask(rand, w, h, [0, 0.03, 0.1, 0.3, 0.6][trial % 5]!);
      const expected = centroidByFloodFill(mask, w, h);
      expect(hyoidCentroidOfRuns(rleEncode(mask), w, h), `trial ${trial}`).toEqual(expected);
      expect(hyoidCentroid(mask, w, h)).toEqual(expected);
    }
  });
});

describe('ceilFloat32', () => {
  it('is the smallest float32 ≥ t', () => {
    for (const t of [0.7, 0.2, 1e-6, -0.7, -0.2, 1e-46, -1e-46, 0, 1, 0.5, 3.4e38]) {
      const c = ceilFloat32(t);
      expect(Math.fround(c), `${t}`).toBe(c);
      expect(c >= t, `${t}`).toBe(true);
      // The float32 just below c is below t.
      const below = new Float32Array([c]);
      const i = new Int32Array(below.buffer);
      if (c > 0) i[0]! -= 1;
      else if (c < 0) i[0]! += 1;
      else i[0] = -2147483647; // −(smallest subnormal)
      expect(below[0]! < t, `${t}`).toBe(true);
    }
    expect(ceilFloat32(Number.NaN)).toBeNaN();
    expect(ceilFloat32(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
