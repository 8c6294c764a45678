/**
 * Model output → run-length encoded mask on the source frame without materialising the frame-size
 * mask: the same pixels as bilinear interpolation + threshold, removeSmallComponents (components.ts)
 * and rleEncode (rle.ts), computed row by row into runs, with small components removed by
 * labelling runs instead of pixels. Segmentation masks are small and compact, so most rows are
 * one or two runs and most source rows are skipped outright; the inference host decodes every
 * class of every frame this way. The threshold pass over the model-size map runs in WebAssembly
 * where it can (thresholdRows in wasm/tensorKernels.ts, same results as the TypeScript loop).
 */
import type { Letterbox } from './resize';
import { Arena, wasmKernels, type Kernels } from './wasm/kernels';

/** Appends runs of 0s and 1s, merging consecutive runs of the same value (the RLE alternates). */
class RunWriter {
  private runs = new Uint32Array(64);
  private k = 0;
  private value = 0;
  private length = 0;
  area = 0;

  push(value: number, count: number): void {
    if (count <= 0) return;
    if (value) this.area += count;
    if (value === this.value) {
      this.length += count;
      return;
    }
    this.emit();
    this.value = value;
    this.length = count;
  }

  finish(): Uint32Array {
    this.emit();
    return this.runs.slice(0, this.k);
  }

  private emit(): void {
    if (this.k + 1 > this.runs.length) {
      const grown = new Uint32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    this.runs[this.k++] = this.length;
  }
}

interface Columns {
  x0: Int32Array;
  x1: Int32Array;
  fx: Float64Array;
  /**
   * Consecutive source columns that sample the same pair of model columns: group g covers source
   * x ∈ [groupStart[g], groupStart[g + 1]). A group whose four model neighbours are all above (or
   * all below) the threshold is one run, decided without interpolating.
   */
  groupStart: Int32Array;
  groups: number;
  /**
   * Per model column c (0 … width): the first group whose right neighbour column x1 is ≥ c, and the
   * first group whose left one x0 is ≥ c. The groups before firstRightAtLeast[lo] and from
   * firstLeftAtLeast[hi] on sample only columns outside [lo, hi).
   */
  firstRightAtLeast: Int32Array;
  firstLeftAtLeast: Int32Array;
}

/** Column sampling tables of the last letterbox (every frame of a cine shares one). */
let lastColumns: { key: string; columns: Columns } | null = null;

function columnsOf(box: Letterbox): Columns {
  const key = `${box.srcWidth}|${box.width}|${box.contentWidth}|${box.offsetX}|${box.scaleX}`;
  if (lastColumns?.key === key) return lastColumns.columns;
  const sw = box.srcWidth;
  const x0 = new Int32Array(sw);
  const x1 = new Int32Array(sw);
  const fx = new Float64Array(sw);
  for (let x = 0; x < sw; x++) {
    const u = Math.min(Math.max((x + 0.5) * box.scaleX - 0.5, 0), box.contentWidth - 1);
    const i = Math.floor(u);
    x0[x] = box.offsetX + i;
    x1[x] = box.offsetX + Math.min(i + 1, box.contentWidth - 1);
    fx[x] = u - i;
  }
  const starts: number[] = [];
  for (let x = 0; x < sw; x++) if (x === 0 || x0[x] !== x0[x - 1] || x1[x] !== x1[x - 1]) starts.push(x);
  const groups = starts.length;
  starts.push(sw);
  const firstAtLeast = (side: Int32Array): Int32Array => {
    const first = new Int32Array(box.width + 1);
    let g = 0;
    for (let c = 0; c <= box.width; c++) {
      while (g < groups && side[starts[g]!]! < c) g++;
      first[c] = g;
    }
    return first;
  };
  const columns = { x0, x1, fx, groupStart: Int32Array.from(starts), groups, firstRightAtLeast: firstAtLeast(x1), firstLeftAtLeast: firstAtLeast(x0) };
  lastColumns = { key, columns };
  return columns;
}

/**
 * The source-row work shared by every source row that samples the same pair of model rows: the
 * groups whose four model neighbours agree (all ≥ t or all < t) merged into uniform stretches, and
 * the contour groups between them. A 512-row frame decoded from a 160-row map reuses each pair's
 * segments for ~3 source rows, and a row of a large structure is a handful of segments, not 160
 * groups.
 */
class RowSegments {
  /** Per segment: source x where it starts, where it ends, and 0 / 1 (uniform) or 2 (contour). */
  from = new Int32Array(64);
  to = new Int32Array(64);
  kind = new Uint8Array(64);
  n = 0;

  add(kind: number, from: number, to: number): void {
    const last = this.n - 1;
    if (kind < 2 && last >= 0 && this.kind[last] === kind) {
      this.to[last] = to;
      return;
    }
    if (this.n === this.from.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
      this.from = grow(this.from, new Int32Array(this.n * 2));
      this.to = grow(this.to, new Int32Array(this.n * 2));
      this.kind = grow(this.kind, new Uint8Array(this.n * 2));
    }
    this.from[this.n] = from;
    this.to[this.n] = to;
    this.kind[this.n++] = kind;
  }
}

/**
 * The threshold pass: above[i] = prob[i] ≥ t (1 / 0); per model row j, columns [lo[j], hi[j]) hold
 * every value ≥ t on the row (lo = hi = 0 for a row with none; the bounds need not be tight); the
 * sum and the count of the values ≥ t.
 */
interface Thresholded {
  above: Uint8Array;
  lo: Int32Array;
  hi: Int32Array;
  sum: number;
  count: number;
}

/** The TypeScript pass's maps, reused from call to call (the decoding is synchronous). */
let scratch = { above: new Uint8Array(0), lo: new Int32Array(0), hi: new Int32Array(0) };

function thresholdScratch(n: number, rows: number): typeof scratch {
  if (scratch.above.length < n || scratch.lo.length < rows) scratch = { above: new Uint8Array(n), lo: new Int32Array(rows), hi: new Int32Array(rows) };
  return scratch;
}

function thresholdTs(prob: Float32Array, W: number, H: number, t: number): Thresholded {
  const { above, lo, hi } = thresholdScratch(prob.length, H);
  let sum = 0;
  let count = 0;
  for (let j = 0; j < H; j++) {
    let first = -1;
    let last = -1;
    for (let i = j * W, end = i + W; i < end; i++) {
      const p = prob[i]!;
      if (p >= t) {
        above[i] = 1;
        if (first < 0) first = i;
        last = i;
        sum += p;
        count++;
      } else above[i] = 0;
    }
    lo[j] = first < 0 ? 0 : first - j * W;
    hi[j] = first < 0 ? 0 : last + 1 - j * W;
  }
  return { above, lo, hi, sum, count };
}

const bits = new Float32Array(1);
const bitsI = new Int32Array(bits.buffer);

/**
 * The smallest float32 ≥ t, so that for a float32 p, p ≥ t ⇔ p ≥ ceilFloat32(t) (the kernel compares
 * in float32; float32(0.7) is below 0.7, and rounding t to nearest would let it pass).
 */
export function ceilFloat32(t: number): number {
  const f = Math.fround(t);
  if (!(f < t)) return f; // also NaN and ±Infinity
  bits[0] = f;
  if (f > 0) bitsI[0]!++;
  else if (f < 0) bitsI[0]!--;
  else bitsI[0] = 1; // the smallest positive subnormal
  return bits[0]!;
}

/**
 * The same pass in WebAssembly (thresholdRows, four values a step; W a multiple of 4): the row
 * bounds are 4-column blocks, the sum is added in the same order, so the same double.
 */
function thresholdWasm(k: Kernels, prob: Float32Array, W: number, H: number, t: number): Thresholded {
  const n = W * H;
  const arena = new Arena(k);
  const src = arena.alloc(4 * n);
  const above = arena.alloc(n);
  const spans = arena.alloc(8 * H);
  const out = arena.alloc(16);
  const mem = arena.commit();
  mem.f32.set(prob, src >> 2);
  k.thresholdRows(src, W, H, ceilFloat32(t), above, spans, out);
  const { lo, hi } = thresholdScratch(0, H);
  for (let j = 0; j < H; j++) {
    const first = mem.i32[(spans >> 2) + 2 * j]!;
    lo[j] = first < 0 ? 0 : first;
    hi[j] = first < 0 ? 0 : mem.i32[(spans >> 2) + 2 * j + 1]! + 4;
  }
  // The map is read after this returns; nothing else runs in the kernels' memory until the decoding ends.
  return { above: mem.u8.subarray(above, above + n), lo, hi, sum: mem.f64[out >> 3]!, count: mem.i32[(out >> 2) + 2]! };
}

/**
 * A model-size probability map back to the source frame, as runs: bilinear interpolation of the
 * map at each source pixel centre (the resize convention), clamped to the letterboxed content so
 * padding never leaks in, thresholded at ≥ t. Only cells on the contour are interpolated: where a
 * pixel's four model neighbours are all ≥ t (or all < t) the value is decided without arithmetic,
 * source rows between model rows with nothing above t are skipped, and on the others only the
 * columns between the first and the last value ≥ t of the two model rows are looked at. Returns
 * the runs (alternating, starting with 0s), the number of 1s, and the mean of the model-size
 * probabilities ≥ t (0 when there are none): the class's confidence on the frame.
 */
export function probabilityToSourceRuns(prob: Float32Array, box: Letterbox, t: number): { rle: Uint32Array; area: number; meanProbability: number } {
  const { width: W, srcWidth: sw, srcHeight: sh, contentHeight: ch, offsetY: oy } = box;
  if (prob.length !== W * box.height) throw new RangeError(`probability map has ${prob.length} values, ${W}×${box.height} expected`);
  const k = W % 4 === 0 ? wasmKernels() : null;
  const { above, lo, hi, sum, count } = k ? thresholdWasm(k, prob, W, box.height, t) : thresholdTs(prob, W, box.height, t);
  const { x0, x1, fx, groupStart, groups, firstRightAtLeast, firstLeftAtLeast } = columnsOf(box);
  const out = new RunWriter();
  const seg = new RowSegments();
  let pairOf = -1;
  for (let y = 0; y < sh; y++) {
    const v = Math.min(Math.max((y + 0.5) * box.scaleY - 0.5, 0), ch - 1);
    const j = Math.floor(v);
    const j1 = Math.min(j + 1, ch - 1);
    const any0 = hi[oy + j]! > lo[oy + j]!;
    const any1 = hi[oy + j1]! > lo[oy + j1]!;
    if (!any0 && !any1) {
      out.push(0, sw);
      continue;
    }
    const r0 = (oy + j) * W;
    const r1 = (oy + j1) * W;
    if (pairOf !== j) {
      pairOf = j;
      seg.n = 0;
      // Only the groups sampling a column in [from, to) can have a neighbour ≥ t.
      const from = any0 && any1 ? Math.min(lo[oy + j]!, lo[oy + j1]!) : any0 ? lo[oy + j]! : lo[oy + j1]!;
      const to = any0 && any1 ? Math.max(hi[oy + j]!, hi[oy + j1]!) : any0 ? hi[oy + j]! : hi[oy + j1]!;
      const gFrom = firstRightAtLeast[from]!;
      const gTo = firstLeftAtLeast[to]!;
      if (gFrom > 0) seg.add(0, 0, groupStart[gFrom]!);
      for (let g = gFrom; g < gTo; g++) {
        const start = groupStart[g]!;
        const a = x0[start]!;
        const b = x1[start]!;
        const n = above[r0 + a]! + above[r0 + b]! + above[r1 + a]! + above[r1 + b]!;
        seg.add(n === 0 ? 0 : n === 4 ? 1 : 2, start, groupStart[g + 1]!);
      }
      if (gTo < groups) seg.add(0, groupStart[gTo]!, sw);
    }
    const fy = v - j;
    for (let s = 0; s < seg.n; s++) {
      const from = seg.from[s]!;
      const to = seg.to[s]!;
      const kind = seg.kind[s]!;
      if (kind < 2) {
        out.push(kind, to - from);
        continue;
      }
      const a = x0[from]!;
      const b = x1[from]!;
      const p00 = prob[r0 + a]!;
      const p01 = prob[r0 + b]!;
      const p10 = prob[r1 + a]!;
      const p11 = prob[r1 + b]!;
      for (let x = from; x < to; x++) {
        const f = fx[x]!;
        const top = p00 + (p01 - p00) * f;
        const bottom = p10 + (p11 - p10) * f;
        out.push(top + (bottom - top) * fy >= t ? 1 : 0, 1);
      }
    }
  }
  const rle = out.finish();
  return { rle, area: out.area, meanProbability: count ? Math.min(1, sum / count) : 0 };
}

/**
 * Calls fn(row, x0, x1) for each stretch [x0, x1) of 1s on a row, in raster order: the 1-runs of
 * a run-length mask cut at row ends. Returns the number of pixels the runs cover.
 */
export function forEachRowSpan(rle: Uint32Array, width: number, fn: (row: number, x0: number, x1: number) => void): number {
  let pos = 0;
  for (let k = 0; k < rle.length; k++) {
    const run = rle[k]!;
    if (k % 2 === 1) {
      for (let s = pos, end = pos + run; s < end; ) {
        const row = Math.floor(s / width);
        const rowEnd = Math.min(end, (row + 1) * width);
        fn(row, s - row * width, rowEnd - row * width);
        s = rowEnd;
      }
    }
    pos += run;
  }
  return pos;
}

/** The 1-runs of a mask cut at row ends, each labelled with its 8-connected component. */
interface LabelledRuns {
  n: number;
  rows: number[];
  xs0: number[];
  xs1: number[];
  /** Component of run i: the index of the component's first run in raster order. */
  component(i: number): number;
}

function labelRuns(rle: Uint32Array, width: number, height: number): LabelledRuns {
  const rows: number[] = [];
  const xs0: number[] = [];
  const xs1: number[] = [];
  const pos = forEachRowSpan(rle, width, (row, x0, x1) => {
    rows.push(row);
    xs0.push(x0);
    xs1.push(x1);
  });
  if (pos !== width * height) throw new RangeError(`RLE runs cover ${pos} pixels, mask has ${width * height}`);
  const n = rows.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  // Runs are in raster order: sweep each row against the row above with two pointers.
  let prevStart = 0;
  let prevEnd = 0;
  let i = 0;
  while (i < n) {
    const row = rows[i]!;
    let end = i;
    while (end < n && rows[end] === row) end++;
    if (prevEnd > prevStart && rows[prevStart] === row - 1) {
      let p = prevStart;
      for (let a = i; a < end; a++) {
        while (p < prevEnd && xs1[p]! < xs0[a]!) p++;
        // Runs above that touch this one: pixel ranges [x0, x1) overlap when widened by one.
        for (let q = p; q < prevEnd && xs0[q]! <= xs1[a]!; q++) {
          const ra = find(a);
          const rq = find(q);
          if (ra !== rq) parent[Math.max(ra, rq)] = Math.min(ra, rq);
        }
      }
    }
    prevStart = i;
    prevEnd = end;
    i = end;
  }
  return { n, rows, xs0, xs1, component: find };
}

/**
 * removeSmallComponents (components.ts, 8-connectivity) on runs: the 1-runs are cut at row ends,
 * runs on neighbouring rows that overlap or touch at a corner are joined (union–find), and the
 * runs of components smaller than minArea pixels are dropped.
 */
export function removeSmallComponentsRuns(rle: Uint32Array, width: number, height: number, minArea: number): { rle: Uint32Array; area: number } {
  const { n, rows, xs0, xs1, component } = labelRuns(rle, width, height);
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) size[component(i)] = size[component(i)]! + (xs1[i]! - xs0[i]!);
  const out = new RunWriter();
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (minArea > 1 && size[component(i)]! < minArea) continue;
    const s = rows[i]! * width + xs0[i]!;
    out.push(0, s - at);
    out.push(1, xs1[i]! - xs0[i]!);
    at = s + xs1[i]! - xs0[i]!;
  }
  out.push(0, width * height - at);
  const result = out.finish();
  return { rle: result, area: out.area };
}

/**
 * Centroid (pixel centres) of the largest 8-connected component of a run-length mask, the first
 * in raster order among equals; null when the mask is empty.
 */
export function largestComponentCentroidRuns(rle: Uint32Array, width: number, height: number): [number, number] | null {
  const { n, rows, xs0, xs1, component } = labelRuns(rle, width, height);
  const area = new Float64Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = component(i);
    const len = xs1[i]! - xs0[i]!;
    area[c] = area[c]! + len;
    // Σ (x + 0.5) over x ∈ [x0, x1) = len · (x0 + x1) / 2; exact in doubles for image sizes.
    sx[c] = sx[c]! + (len * (xs0[i]! + xs1[i]!)) / 2;
    sy[c] = sy[c]! + len * (rows[i]! + 0.5);
  }
  let best = -1;
  for (let i = 0; i < n; i++) if (component(i) === i && (best < 0 || area[i]! > area[best]!)) best = i;
  return best < 0 ? null : [sx[best]! / area[best]!, sy[best]! / area[best]!];
}
