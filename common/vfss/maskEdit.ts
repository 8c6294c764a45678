/**
 * Per-frame bolus mask editing: brush, eraser, polygon fill and shape-based interpolation between
 * two key frames. Masks are 0/1 `Uint8Array`s, width × height, row-major. Every operation returns a
 * new array and leaves its inputs untouched, so an undo stack can keep the old mask as it is.
 *
 * Coordinates are image pixels with pixel centres at integers (x = column, y = row), as the viewer's
 * measurements (renderer/viewer/measurements/adapter.ts). A pixel is painted when its centre is
 * inside the shape.
 *
 * Interpolation uses the exact Euclidean distance transform (Felzenszwalb & Huttenlocher, "Distance
 * Transforms of Sampled Functions", Theory of Computing 8, 2012), not a chamfer approximation.
 */
import { fillPolygonInto } from './residue';

/**
 * Smallest brush radius: every point is then within reach of its nearest pixel centre, and a stroke
 * paints every pixel its centre line passes through, so even a 1-pixel stroke is 4-connected.
 */
export const MIN_BRUSH_RADIUS = Math.SQRT1_2;

function checkMask(mask: Uint8Array, width: number, height: number, name: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`bad mask size ${width}×${height}`);
  }
  if (mask.length !== width * height) {
    throw new RangeError(`${name}: ${mask.length} pixels, expected ${width}×${height} = ${width * height}`);
  }
}

/** Pixels whose centre is within `radius` of (cx, cy) set to `value`. */
export function paintDisc(mask: Uint8Array, width: number, height: number, cx: number, cy: number, radius: number, value: 0 | 1): Uint8Array {
  checkMask(mask, width, height, 'mask');
  const out = mask.slice();
  const r = Math.max(radius, MIN_BRUSH_RADIUS);
  const r2 = r * r;
  const y0 = Math.max(0, Math.ceil(cy - r));
  const y1 = Math.min(height - 1, Math.floor(cy + r));
  for (let y = y0; y <= y1; y++) {
    const dy = y - cy;
    const half = Math.sqrt(Math.max(0, r2 - dy * dy));
    const x0 = Math.max(0, Math.ceil(cx - half));
    const x1 = Math.min(width - 1, Math.floor(cx + half));
    if (x1 >= x0) out.fill(value, y * width + x0, y * width + x1 + 1);
  }
  return out;
}

/**
 * A brush stroke through `points`: every pixel whose centre is within `radius` of the polyline,
 * i.e. the union of discs swept continuously along each segment (capsules), so there are no gaps
 * however far apart the samples are.
 */
export function paintStroke(
  mask: Uint8Array,
  width: number,
  height: number,
  points: ReadonlyArray<readonly [number, number]>,
  radius: number,
  value: 0 | 1,
): Uint8Array {
  checkMask(mask, width, height, 'mask');
  if (points.length === 0) return mask.slice();
  const first = points[0] as readonly [number, number];
  if (points.length === 1) return paintDisc(mask, width, height, first[0], first[1], radius, value);
  const out = mask.slice();
  const r = Math.max(radius, MIN_BRUSH_RADIUS);
  const r2 = r * r;
  for (let s = 1; s < points.length; s++) {
    const [ax, ay] = points[s - 1] as readonly [number, number];
    const [bx, by] = points[s] as readonly [number, number];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const y0 = Math.max(0, Math.ceil(Math.min(ay, by) - r));
    const y1 = Math.min(height - 1, Math.floor(Math.max(ay, by) + r));
    const x0 = Math.max(0, Math.ceil(Math.min(ax, bx) - r));
    const x1 = Math.min(width - 1, Math.floor(Math.max(ax, bx) + r));
    for (let y = y0; y <= y1; y++) {
      const py = y - ay;
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        const px = x - ax;
        // Distance² from the pixel centre to the segment (projection clamped to its ends).
        let u = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        const ex = px - u * dx;
        const ey = py - u * dy;
        if (ex * ex + ey * ey <= r2) out[row + x] = value;
      }
    }
  }
  return out;
}

/** Pixels whose centre is inside the polygon (even-odd rule, see rasterizePolygon) set to `value`. */
export function fillPolygon(
  mask: Uint8Array,
  width: number,
  height: number,
  points: ReadonlyArray<readonly [number, number]>,
  value: 0 | 1,
): Uint8Array {
  checkMask(mask, width, height, 'mask');
  const out = mask.slice();
  fillPolygonInto(out, width, height, points, value);
  return out;
}

/** Number of pixels where the two masks differ (0/1 semantics: any non-zero is 1). */
export function maskDiffCount(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`mask sizes differ: ${a.length} and ${b.length}`);
  let n = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] !== 0) !== (b[i] !== 0)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Shape-based interpolation

interface Box {
  x0: number;
  y0: number;
  w: number;
  h: number;
}

/** Reusable per-row buffers. */
interface RowScratch {
  /** Envelope: site columns. */
  v: Int32Array;
  /** Envelope: f(site) + site², so that (x − site)² + f(site) = h − 2·site·x + x². */
  h: Float64Array;
  /** Envelope: boundaries between the parabolas. */
  z: Float64Array;
  /** The row's needed pixels of the class being evaluated, and an upper bound on their distance. */
  xs: Int32Array;
  bound: Int32Array;
}

function rowScratch(w: number): RowScratch {
  return { v: new Int32Array(w), h: new Float64Array(w), z: new Float64Array(w + 1), xs: new Int32Array(w), bound: new Int32Array(w) };
}

/** "No pixel of the other class in this column." */
const FAR = 1 << 30;

/** For every pixel, the distance to the nearest pixel of the other class in its column (≥ FAR if none). */
function columnDistances(m: Uint8Array, w: number, h: number): Int32Array {
  const g = new Int32Array(w * h);
  g.fill(FAR, 0, w);
  for (let i = w; i < w * h; i++) g[i] = m[i] !== m[i - w] ? 1 : (g[i - w] as number) + 1;
  for (let i = w * (h - 1) - 1; i >= 0; i--) {
    const below = m[i] !== m[i + w] ? 1 : (g[i + w] as number) + 1;
    if (below < (g[i] as number)) g[i] = below;
  }
  return g;
}

/**
 * Signed distances of a binary mask (w × h, values 0/1), written only where `need` is set:
 * −(distance to the nearest outside pixel centre − ½) inside, +(distance to the nearest inside
 * centre − ½) outside, so the zero level lies on the pixel edges between the two.
 *
 * Exact Euclidean distances (Felzenszwalb & Huttenlocher): one column pass for both classes, then,
 * per row and class, the lower envelope of the parabolas (x − q)² + f(q), where f(q) is 0 where
 * column q is of the other class on this row and the squared column distance where it is of the
 * same class. Only what the needed pixels can reach is built: rows without needed pixels are
 * skipped, and a row's envelope covers only the windows x ± bound around its needed pixels, where
 * bound (the nearer of the column distance and the row distance to the other class) is at least the
 * true distance, so no site outside the windows can be the nearest.
 */
function signedDistanceAt(m: Uint8Array, need: Uint8Array, w: number, h: number, out: Float64Array, scratch: RowScratch): void {
  const g = columnDistances(m, w, h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let needIn = false;
    let needOut = false;
    for (let i = row; i < row + w; i++) {
      if (need[i] === 0) continue;
      if (m[i] !== 0) needIn = true;
      else needOut = true;
    }
    if (needIn) evaluateRow(m, need, g, row, w, 1, out, scratch);
    if (needOut) evaluateRow(m, need, g, row, w, 0, out, scratch);
  }
}

function evaluateRow(m: Uint8Array, need: Uint8Array, g: Int32Array, row: number, w: number, cls: number, out: Float64Array, s: RowScratch): void {
  const { xs, bound } = s;
  // The needed pixels of class `cls`, each with a bound on its distance to the other class.
  let n = 0;
  let lastOther = -FAR;
  for (let x = 0; x < w; x++) {
    const i = row + x;
    if (m[i] !== cls) lastOther = x;
    else if (need[i] !== 0) {
      xs[n] = x;
      bound[n] = Math.min(g[i] as number, x - lastOther);
      n++;
    }
  }
  let nextOther = FAR;
  for (let k = n - 1, x = w - 1; k >= 0; k--) {
    const xk = xs[k] as number;
    for (; x > xk; x--) if (m[row + x] !== cls) nextOther = x;
    bound[k] = Math.min(bound[k] as number, nextOther - xk);
  }
  // Windows [lo, hi] around runs of needed pixels whose reaches overlap; one envelope per window.
  for (let k0 = 0; k0 < n; ) {
    let lo = Math.max(0, (xs[k0] as number) - (bound[k0] as number));
    let hi = Math.min(w - 1, (xs[k0] as number) + (bound[k0] as number));
    let k1 = k0 + 1;
    while (k1 < n && (xs[k1] as number) - (bound[k1] as number) <= hi + 1) {
      lo = Math.min(lo, Math.max(0, (xs[k1] as number) - (bound[k1] as number)));
      hi = Math.max(hi, Math.min(w - 1, (xs[k1] as number) + (bound[k1] as number)));
      k1++;
    }
    const count = buildEnvelope(m, g, row, w, lo, hi, cls, s);
    let j = 0;
    for (let k = k0; k < k1; k++) {
      const x = xs[k] as number;
      // No site at all: the class fills the whole box (and so the image), the distance is unbounded.
      let d = FAR;
      if (count > 0) {
        while ((s.z[j + 1] as number) < x) j++;
        d = Math.sqrt((s.h[j] as number) - 2 * (s.v[j] as number) * x + x * x);
      }
      out[row + x] = cls === 1 ? 0.5 - d : d - 0.5;
    }
    k0 = k1;
  }
}

/**
 * The lower envelope of the parabolas of sites lo … hi of one row, for pixels of class `cls`. Of a
 * run of the other class only the ends next to class `cls` are sites: the pixels served lie
 * outside the run, so the run's end on their side is always at least as near. Returns the number
 * of parabolas.
 */
function buildEnvelope(m: Uint8Array, g: Int32Array, row: number, w: number, lo: number, hi: number, cls: number, env: RowScratch): number {
  const { v, h, z } = env;
  let k = -1;
  for (let q = lo; q <= hi; q++) {
    const i = row + q;
    let fq = 0;
    if (m[i] === cls) {
      const gq = g[i] as number;
      if (gq >= FAR) continue;
      fq = gq * gq;
    } else if (!((q > 0 && m[i - 1] === cls) || (q < w - 1 && m[i + 1] === cls))) {
      continue;
    }
    const hq = fq + q * q;
    let s = -Infinity;
    while (k >= 0) {
      s = (hq - (h[k] as number)) / (2 * (q - (v[k] as number)));
      if (s <= (z[k] as number)) k--;
      else break;
    }
    if (k < 0) s = -Infinity;
    k++;
    v[k] = q;
    h[k] = hq;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  return k + 1;
}

/** Bounding box of the non-zero pixels of a or b, grown by one pixel and clipped; null when both are empty. */
function unionBox(a: Uint8Array, b: Uint8Array, width: number, height: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (a[row + x] !== 0 || b[row + x] !== 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
    if (y < y0) y0 = y;
    y1 = y;
  }
  if (x1 < 0) return null;
  x0 = Math.max(0, x0 - 1);
  y0 = Math.max(0, y0 - 1);
  x1 = Math.min(width - 1, x1 + 1);
  y1 = Math.min(height - 1, y1 + 1);
  return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** The box's pixels of a mask, as 0/1. */
function crop(mask: Uint8Array, width: number, box: Box): Uint8Array {
  const out = new Uint8Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) {
    const src = (box.y0 + y) * width + box.x0;
    const dst = y * box.w;
    for (let x = 0; x < box.w; x++) out[dst + x] = mask[src + x] !== 0 ? 1 : 0;
  }
  return out;
}

function isEmpty(mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) return false;
  return true;
}

/**
 * What every in-between mask needs: the box, the pixels in both keys (always in the result), and
 * the keys' signed distances at the pixels in exactly one key (the only ones the blend decides).
 *
 * The blend is negative where both distances are and positive where both are, so every
 * interpolated mask lies between a ∩ b and a ∪ b; and the distances inside a box grown by one
 * pixel around a ∪ b equal those over the whole image (a pixel's nearest site is in the box, or its
 * clamp onto the box's rim, which is outside both masks and no farther, is). So the transforms run
 * on that box only.
 */
interface Prepared {
  box: Box;
  both: Uint8Array;
  either: Uint8Array;
  sa: Float64Array;
  sb: Float64Array;
}

function prepare(a: Uint8Array, b: Uint8Array, width: number, height: number): Prepared | null {
  const box = unionBox(a, b, width, height);
  if (!box) return null;
  const ca = crop(a, width, box);
  const cb = crop(b, width, box);
  const n = box.w * box.h;
  const both = new Uint8Array(n);
  const either = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    both[i] = (ca[i] as number) & (cb[i] as number);
    either[i] = (ca[i] as number) ^ (cb[i] as number);
  }
  const scratch = rowScratch(box.w);
  const sa = new Float64Array(n);
  const sb = new Float64Array(n);
  signedDistanceAt(ca, either, box.w, box.h, sa, scratch);
  signedDistanceAt(cb, either, box.w, box.h, sb, scratch);
  return { box, both, either, sa, sb };
}

function blend(p: Prepared, width: number, height: number, t: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const { box, both, either, sa, sb } = p;
  const s = 1 - t;
  for (let y = 0; y < box.h; y++) {
    const src = y * box.w;
    const dst = (box.y0 + y) * width + box.x0;
    for (let x = 0; x < box.w; x++) {
      const i = src + x;
      if (both[i] !== 0 || (either[i] !== 0 && s * (sa[i] as number) + t * (sb[i] as number) < 0)) out[dst + x] = 1;
    }
  }
  return out;
}

function binary(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * Shape-based interpolation (Raya & Udupa 1990; Herman et al. 1992): the signed distance maps of a
 * and b blended as (1 − t)·a + t·b and thresholded at 0 (inside where negative). t = 0 gives a,
 * t = 1 gives b. When one key mask is empty there is no shape to morph from, so the nearer key
 * frame's mask is used as it is.
 */
export function interpolateMasks(a: Uint8Array, b: Uint8Array, width: number, height: number, t: number): Uint8Array {
  checkMask(a, width, height, 'a');
  checkMask(b, width, height, 'b');
  if (Number.isNaN(t)) throw new RangeError('t is NaN');
  if (t <= 0) return binary(a);
  if (t >= 1) return binary(b);
  if (isEmpty(a) || isEmpty(b)) return binary(t < 0.5 ? a : b);
  const p = prepare(a, b, width, height);
  return p ? blend(p, width, height, t) : new Uint8Array(width * height);
}

/**
 * Interpolated masks for every frame strictly between two key frames (in either order), computing
 * the distance maps once. t is the frame's position in time between the keys when `timestampsMs`
 * covers them (variable frame rates: motion happens in time, not in frame counts), else in frames.
 */
export function interpolateRange(
  aFrame: number,
  aMask: Uint8Array,
  bFrame: number,
  bMask: Uint8Array,
  width: number,
  height: number,
  timestampsMs: readonly number[] | null = null,
): Map<number, Uint8Array> {
  checkMask(aMask, width, height, 'aMask');
  checkMask(bMask, width, height, 'bMask');
  if (!Number.isInteger(aFrame) || !Number.isInteger(bFrame)) throw new RangeError('key frames must be integers');
  if (aFrame > bFrame) return interpolateRange(bFrame, bMask, aFrame, aMask, width, height, timestampsMs);
  const out = new Map<number, Uint8Array>();
  if (bFrame - aFrame < 2) return out;
  const ta = timestampsMs?.[aFrame];
  const tb = timestampsMs?.[bFrame];
  const position = (f: number): number => {
    const tf = timestampsMs?.[f];
    if (ta !== undefined && tb !== undefined && tf !== undefined && tb > ta) return (tf - ta) / (tb - ta);
    return (f - aFrame) / (bFrame - aFrame);
  };
  const p = isEmpty(aMask) || isEmpty(bMask) ? null : prepare(aMask, bMask, width, height);
  for (let f = aFrame + 1; f < bFrame; f++) {
    const t = Math.min(1, Math.max(0, position(f)));
    out.set(f, p ? blend(p, width, height, t) : binary(t < 0.5 ? aMask : bMask));
  }
  return out;
}
