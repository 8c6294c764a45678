import { describe, expect, it } from 'vitest';
import {
  MIN_BRUSH_RADIUS,
  fillPolygon,
  interpolateMasks,
  interpolateRange,
  maskDiffCount,
  paintDisc,
  paintStroke,
} from '../../../common/vfss/maskEdit';

type Pt = [number, number];
const count = (m: Uint8Array): number => m.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0);

function disc(w: number, h: number, cx: number, cy: number, r: number): Uint8Array {
  return paintDisc(new Uint8Array(w * h), w, h, cx, cy, r, 1);
}

function centroid(m: Uint8Array, w: number): Pt {
  let sx = 0;
  let sy = 0;
  let n = 0;
  m.forEach((v, i) => {
    if (v) {
      sx += i % w;
      sy += Math.floor(i / w);
      n++;
    }
  });
  return [sx / n, sy / n];
}

/** Number of 4-connected components of the set pixels. */
function components4(m: Uint8Array, w: number, h: number): number {
  const seen = new Uint8Array(m.length);
  const stack = new Int32Array(m.length);
  let n = 0;
  for (let s = 0; s < m.length; s++) {
    if (!m[s] || seen[s]) continue;
    n++;
    let top = 0;
    stack[top++] = s;
    seen[s] = 1;
    while (top > 0) {
      const i = stack[--top] as number;
      const x = i % w;
      const visit = (j: number): void => {
        if (m[j] && !seen[j]) {
          seen[j] = 1;
          stack[top++] = j;
        }
      };
      if (x > 0) visit(i - 1);
      if (x < w - 1) visit(i + 1);
      if (i >= w) visit(i - w);
      if (i < (h - 1) * w) visit(i + w);
    }
  }
  return n;
}

/** Signed distances by brute force (O(n²)), as the definition reads. */
function bruteSdf(m: Uint8Array, w: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const xi = i % w;
    const yi = (i - xi) / w;
    const inside = m[i] !== 0;
    let best = Infinity;
    for (let j = 0; j < m.length; j++) {
      if ((m[j] !== 0) === inside) continue;
      const xj = j % w;
      const dx = xj - xi;
      const dy = (j - xj) / w - yi;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2;
    }
    out[i] = inside ? 0.5 - Math.sqrt(best) : Math.sqrt(best) - 0.5;
  }
  return out;
}

/** Deterministic blobby random mask: a few discs and a polygon. */
function blobs(w: number, h: number, seed: number): Uint8Array {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  let m: Uint8Array = new Uint8Array(w * h);
  for (let k = 0; k < 3; k++) m = paintDisc(m, w, h, rnd() * w, rnd() * h, 1 + rnd() * 5, 1);
  m = fillPolygon(m, w, h, [[rnd() * w, rnd() * h], [rnd() * w, rnd() * h], [rnd() * w, rnd() * h]], 1);
  return m;
}

describe('brush and eraser', () => {
  it('paints a disc of the Gauss-circle pixel count without touching the input', () => {
    const empty = new Uint8Array(64 * 64);
    const m = paintDisc(empty, 64, 64, 32, 32, 10, 1);
    expect(count(m)).toBe(317); // lattice points with x² + y² <= 100
    expect(count(empty)).toBe(0);
    const erased = paintDisc(m, 64, 64, 32, 32, 5, 0);
    expect(count(erased)).toBe(317 - 81);
    expect(count(m)).toBe(317);
  });

  it('clips at the image edge and always paints the pixel under the brush', () => {
    expect(count(disc(40, 40, 20, 20, 3))).toBe(29);
    expect(count(disc(20, 20, 0, 0, 3))).toBe(11); // (29 − 13) / 4 off the axes + 6 on them + the centre
    expect(count(disc(20, 20, 7.5, 7.5, 0))).toBe(4);
    expect(count(disc(20, 20, 7.1, 7.2, 0))).toBe(1);
    expect(disc(20, 20, 7.2, 7.4, 0)[7 * 20 + 7]).toBe(1);
  });

  it('draws strokes without gaps however far apart the samples are', () => {
    const w = 160;
    const h = 130;
    const pts: Pt[] = [[5, 5], [120, 70], [30.5, 110.2], [150, 120]];
    for (const r of [0, 1, 3]) {
      const m = paintStroke(new Uint8Array(w * h), w, h, pts, r, 1);
      expect(components4(m, w, h)).toBe(1);
      // A line of discs sampled every 0.1 px lies inside the stroke.
      const reach = Math.max(r, MIN_BRUSH_RADIUS);
      let misses = 0;
      let samples = 0;
      for (let s = 1; s < pts.length; s++) {
        const [ax, ay] = pts[s - 1] as Pt;
        const [bx, by] = pts[s] as Pt;
        const len = Math.hypot(bx - ax, by - ay);
        const steps = Math.ceil(len / 0.1);
        const nx = (-(by - ay) / len) * (reach - 0.75);
        const ny = ((bx - ax) / len) * (reach - 0.75);
        for (let k = 0; k <= steps; k++) {
          const x = ax + ((bx - ax) * k) / steps;
          const y = ay + ((by - ay) * k) / steps;
          const offsets: Pt[] = r >= 3 ? [[0, 0], [nx, ny], [-nx, -ny]] : [[0, 0]];
          for (const [ox, oy] of offsets) {
            samples++;
            if (m[Math.round(y + oy) * w + Math.round(x + ox)] !== 1) misses++;
          }
        }
      }
      expect(samples).toBeGreaterThan(3000);
      expect(misses).toBe(0);
    }
  });

  it('paints the area of a capsule (2rL + πr²) and erases with value 0', () => {
    const w = 200;
    const h = 100;
    const m = paintStroke(new Uint8Array(w * h), w, h, [[20, 50], [60.3, 50.2], [170, 70]], 6, 1);
    const length = Math.hypot(40.3, 0.2) + Math.hypot(109.7, 19.8);
    const area = 2 * 6 * length + Math.PI * 36;
    expect(Math.abs(count(m) - area) / area).toBeLessThan(0.03);
    const erased = paintStroke(m, w, h, [[0, 50], [199, 50]], 2, 0);
    expect(erased[50 * w + 40]).toBe(0);
    expect(erased[45 * w + 40]).toBe(1);
    expect(count(m)).toBeGreaterThan(count(erased));
    expect(count(paintStroke(m, w, h, [], 3, 0))).toBe(count(m));
  });
});

describe('polygon fill and diff', () => {
  it('fills and cuts polygons, returning new masks', () => {
    const base = new Uint8Array(50 * 40);
    const filled = fillPolygon(base, 50, 40, [[10, 10], [40, 10], [40, 30], [10, 30]], 1);
    expect(count(filled)).toBe(600);
    expect(count(base)).toBe(0);
    const holed = fillPolygon(filled, 50, 40, [[20, 15], [30, 15], [30, 25], [20, 25]], 0);
    expect(count(holed)).toBe(500);
    expect(maskDiffCount(filled, holed)).toBe(100);
    expect(maskDiffCount(holed, holed.slice())).toBe(0);
    expect(() => maskDiffCount(holed, new Uint8Array(3))).toThrow(RangeError);
    expect(() => fillPolygon(new Uint8Array(10), 50, 40, [], 1)).toThrow(RangeError);
  });
});

describe('shape-based interpolation', () => {
  const w = 128;
  const h = 128;

  it('returns the key masks at t = 0 and 1, and a mask unchanged when both keys are it', () => {
    const a = blobs(w, h, 7);
    const b = blobs(w, h, 99);
    expect(maskDiffCount(interpolateMasks(a, b, w, h, 0), a)).toBe(0);
    expect(maskDiffCount(interpolateMasks(a, b, w, h, 1), b)).toBe(0);
    for (const t of [0.2, 0.5, 0.9]) expect(maskDiffCount(interpolateMasks(a, a, w, h, t), a)).toBe(0);
  });

  it('turns discs of radius 10 and 30 into one of radius ≈ 20 at t = 0.5', () => {
    const mid = interpolateMasks(disc(w, h, 64, 64, 10), disc(w, h, 64, 64, 30), w, h, 0.5);
    expect(Math.abs(count(mid) - Math.PI * 400) / (Math.PI * 400)).toBeLessThan(0.05);
    const [x, y] = centroid(mid, w);
    expect(Math.abs(x - 64)).toBeLessThan(0.01);
    expect(Math.abs(y - 64)).toBeLessThan(0.01);
    const quarter = interpolateMasks(disc(w, h, 64, 64, 10), disc(w, h, 64, 64, 30), w, h, 0.25);
    expect(Math.abs(count(quarter) - Math.PI * 225) / (Math.PI * 225)).toBeLessThan(0.05);
  });

  it('puts the interpolated disc midway between moving discs', () => {
    // Centres 8 px apart: the exact blend is an ellipse about the midpoint, semi-axes 20 and √384.
    const mid = interpolateMasks(disc(w, h, 50, 60, 10), disc(w, h, 58, 66, 30), w, h, 0.5);
    const [x, y] = centroid(mid, w);
    expect(Math.abs(x - 54)).toBeLessThan(0.5);
    expect(Math.abs(y - 63)).toBeLessThan(0.5);
    expect(Math.abs(count(mid) - Math.PI * 400) / (Math.PI * 400)).toBeLessThan(0.05);
  });

  it('equals the brute-force definition (exact Euclidean distances), also at the image border', () => {
    const w = 32;
    const h = 24;
    const full = new Uint8Array(w * h).fill(1);
    const pairs: [Uint8Array, Uint8Array][] = [1, 2, 3].map((seed) => [blobs(w, h, seed), blobs(w, h, seed + 100)]);
    pairs.push([full, blobs(w, h, 9)], [blobs(w, h, 11), disc(w, h, 16, 12, 25)]);
    for (const [a, b] of pairs) {
      const sa = bruteSdf(a, w);
      const sb = bruteSdf(b, w);
      for (const t of [0.31, 0.5, 0.77]) {
        const fast = interpolateMasks(a, b, w, h, t);
        const brute = Uint8Array.from(sa, (x, i) => ((1 - t) * x + t * (sb[i] as number) < 0 ? 1 : 0));
        expect(maskDiffCount(fast, brute)).toBe(0);
        // Always between the intersection and the union of the keys.
        fast.forEach((v, i) => {
          if (a[i] && b[i]) expect(v).toBe(1);
          if (!a[i] && !b[i]) expect(v).toBe(0);
        });
      }
    }
  });

  it('uses the nearer key when one key mask is empty', () => {
    const a = disc(w, h, 40, 40, 8);
    const empty = new Uint8Array(w * h);
    expect(count(interpolateMasks(a, empty, w, h, 0.4))).toBe(count(a));
    expect(count(interpolateMasks(a, empty, w, h, 0.6))).toBe(0);
    expect(count(interpolateMasks(empty, empty, w, h, 0.5))).toBe(0);
  });

  it('fills the frames strictly between two key frames, in either order', () => {
    const a = disc(w, h, 64, 64, 10);
    const b = disc(w, h, 64, 64, 30);
    const range = interpolateRange(10, a, 14, b, w, h);
    expect([...range.keys()]).toEqual([11, 12, 13]);
    expect(maskDiffCount(range.get(12) as Uint8Array, interpolateMasks(a, b, w, h, 0.5))).toBe(0);
    const areas = [11, 12, 13].map((f) => count(range.get(f) as Uint8Array));
    expect(areas[0]).toBeLessThan(areas[1] as number);
    expect(areas[1]).toBeLessThan(areas[2] as number);
    const reversed = interpolateRange(14, b, 10, a, w, h);
    for (const f of [11, 12, 13]) expect(maskDiffCount(reversed.get(f) as Uint8Array, range.get(f) as Uint8Array)).toBe(0);
    expect(interpolateRange(3, a, 4, b, w, h).size).toBe(0);
    expect(interpolateRange(3, a, 3, b, w, h).size).toBe(0);
  });

  it('places in-between frames by their time on a variable-rate cine', () => {
    const a = disc(w, h, 64, 64, 10);
    const b = disc(w, h, 64, 64, 30);
    // Frame 1 is 90 % of the way from frame 0 to frame 2 in time.
    const range = interpolateRange(0, a, 2, b, w, h, [0, 90, 100]);
    expect(maskDiffCount(range.get(1) as Uint8Array, interpolateMasks(a, b, w, h, 0.9))).toBe(0);
    // Without timestamps: by frame position.
    expect(maskDiffCount(interpolateRange(0, a, 2, b, w, h, null).get(1) as Uint8Array, interpolateMasks(a, b, w, h, 0.5))).toBe(0);
  });

  it('is fast enough for interactive use on a 512² frame', () => {
    const n = 512;
    const a = paintStroke(new Uint8Array(n * n), n, n, [[60, 80], [300, 200], [420, 460]], 40, 1);
    const b = paintStroke(new Uint8Array(n * n), n, n, [[90, 60], [330, 260], [450, 430]], 30, 1);
    // CPU time (not wall time), best of 5: the test machines are shared and often busy.
    const best = (op: () => unknown): number => {
      let min = Infinity;
      for (let k = 0; k < 5; k++) {
        const t0 = process.cpuUsage();
        op();
        const d = process.cpuUsage(t0);
        min = Math.min(min, (d.user + d.system) / 1000);
      }
      return min;
    };
    // Bounds that catch a wrong complexity (a quadratic transform takes seconds here), not tuning.
    expect(best(() => paintDisc(a, n, n, 256, 256, 30, 1))).toBeLessThan(20);
    expect(best(() => paintStroke(a, n, n, [[10, 10], [500, 500]], 15, 1))).toBeLessThan(20);
    expect(best(() => fillPolygon(a, n, n, [[0, 0], [511, 30], [400, 511], [20, 300]], 1))).toBeLessThan(20);
    expect(best(() => interpolateMasks(a, b, n, n, 0.5))).toBeLessThan(100);
  });
});
