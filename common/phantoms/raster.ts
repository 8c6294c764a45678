/**
 * Rasterising shapes into typed-array images and the few filters the phantoms need.
 *
 * Images are row-major, `width * height`, one channel. Coordinates follow shapes.ts (pixel centre
 * at +0.5).
 */
import type { Shape } from './shapes';

export interface PixelBox {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

/** The shape's bounding box grown by `pad` pixels and clipped to the image; empty boxes have x1 <= x0. */
export function pixelBox(shape: Shape, width: number, height: number, pad = 1): PixelBox {
  return {
    x0: Math.max(0, Math.floor(shape.x0 - pad)),
    y0: Math.max(0, Math.floor(shape.y0 - pad)),
    x1: Math.min(width, Math.ceil(shape.x1 + pad) + 1),
    y1: Math.min(height, Math.ceil(shape.y1 + pad) + 1),
  };
}

/** Calls `visit(index, distance)` for every pixel of the padded bounding box. */
export function forEachPixel(
  shape: Shape,
  width: number,
  height: number,
  pad: number,
  visit: (index: number, distance: number, x: number, y: number) => void,
): void {
  const box = pixelBox(shape, width, height, pad);
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * width;
    for (let x = box.x0; x < box.x1; x++) visit(row + x, shape.sdf(x + 0.5, y + 0.5), x, y);
  }
}

/** Anti-aliased coverage of a pixel at signed distance d (1 inside, 0 outside, linear over 1 px). */
export function coverage(d: number): number {
  return d <= -0.5 ? 1 : d >= 0.5 ? 0 : 0.5 - d;
}

/** Adds `value * coverage` (soft edge over `soft` pixels) into a float image. */
export function addShape(
  target: Float32Array,
  width: number,
  height: number,
  shape: Shape,
  value: number,
  soft = 1,
): void {
  const inv = 1 / soft;
  forEachPixel(shape, width, height, soft, (i, d) => {
    const c = coverage(d * inv);
    if (c > 0) target[i] = (target[i] as number) + value * c;
  });
}

/**
 * Adds a bone-like density (and, when `mask` is given, marks the pixels whose centre is inside,
 * in the same pass): `interior` inside, rising to `rim` within `rimWidth` of the edge
 * (cortical bone is denser than trabecular bone, which is what makes vertebrae read as blocks with
 * outlines on a radiograph). `texture`, when given, modulates the interior (trabecular pattern).
 */
export function addCorticalShape(
  target: Float32Array,
  width: number,
  height: number,
  shape: Shape,
  interior: number,
  rim: number,
  rimWidth: number,
  texture?: Float32Array,
  textureGain = 0,
  soft = 1,
  mask?: Uint8Array,
): void {
  const inv = 1 / Math.max(1, soft);
  forEachPixel(shape, width, height, Math.max(1, soft), (i, d) => {
    if (mask && d <= 0) mask[i] = 1;
    const c = coverage(d * inv);
    if (c <= 0) return;
    const depth = -d;
    const rimWeight = depth <= 0 ? 1 : depth >= rimWidth ? 0 : 1 - depth / rimWidth;
    const t = texture ? 1 + textureGain * (texture[i] as number) : 1;
    const v = interior * t + (rim - interior) * rimWeight * rimWeight;
    target[i] = (target[i] as number) + v * c;
  });
}

/**
 * Fills a polygon (even-odd rule, pixel centres) into a float image with `value`, by scanlines:
 * O(pixels + edges x rows), for large silhouettes where a per-pixel distance would be slow.
 */
export function fillPolygon(
  target: Float32Array,
  width: number,
  height: number,
  points: ReadonlyArray<readonly [number, number]>,
  value: number,
  mode: 'set' | 'add' = 'set',
): void {
  const n = points.length;
  const crossings: number[] = [];
  let top = Infinity;
  let bottom = -Infinity;
  for (const [, y] of points) {
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  const yStart = Math.max(0, Math.floor(top - 0.5));
  const yEnd = Math.min(height, Math.ceil(bottom + 0.5));
  for (let y = yStart; y < yEnd; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = points[i] as readonly [number, number];
      const [xj, yj] = points[j] as readonly [number, number];
      if (yi > cy !== yj > cy) crossings.push(xj + ((cy - yj) * (xi - xj)) / (yi - yj));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
      const x1 = Math.min(width, Math.ceil((crossings[k + 1] as number) - 0.5));
      if (x1 <= x0) continue;
      if (mode === 'set') target.fill(value, y * width + x0, y * width + x1);
      else for (let i = y * width + x0; i < y * width + x1; i++) target[i] = (target[i] as number) + value;
    }
  }
}

/** Sets mask pixels whose centre is inside the shape to `label` (default 1). */
export function fillMask(
  mask: Uint8Array,
  width: number,
  height: number,
  shape: Shape,
  label = 1,
): void {
  forEachPixel(shape, width, height, 0, (i, d) => {
    if (d <= 0) mask[i] = label;
  });
}

/**
 * Box blur of radius r along rows then columns, in place (running sums, O(1) per pixel). Three
 * passes approximate a Gaussian (see gaussianBlur).
 */
export function boxBlur(data: Float32Array, width: number, height: number, r: number): void {
  if (r < 1) return;
  const line = new Float32Array(width);
  const span = 2 * r + 1;
  for (let y = 0; y < height; y++) blurRow(data, y * width, width, r, span, line);
  blurColumns(data, width, height, r, span);
}

/** Blur of one row with clamped ends; `line` is scratch space. */
function blurRow(data: Float32Array, start: number, n: number, r: number, span: number, line: Float32Array): void {
  line.set(data.subarray(start, start + n));
  const first = line[0] as number;
  const last = line[n - 1] as number;
  let sum = first * (r + 1);
  for (let i = 1; i <= r; i++) sum += i < n ? (line[i] as number) : last;
  for (let i = 0; i < n; i++) {
    data[start + i] = sum / span;
    const add = i + r + 1 < n ? (line[i + r + 1] as number) : last;
    const sub = i - r >= 0 ? (line[i - r] as number) : first;
    sum += add - sub;
  }
}

/**
 * Vertical box blur with one running sum per column, walking rows in memory order (a column-by-
 * column walk strides through the whole image and is several times slower on large images).
 */
function blurColumns(data: Float32Array, width: number, height: number, r: number, span: number): void {
  const sums = new Float64Array(width);
  for (let y = -r; y <= r; y++) {
    const o = Math.min(height - 1, Math.max(0, y)) * width;
    for (let x = 0; x < width; x++) sums[x] = (sums[x] as number) + (data[o + x] as number);
  }
  // Original values of the last r + 1 rows, which are overwritten before they leave the window.
  const ring = new Float32Array((r + 1) * width);
  for (let y = 0; y < height; y++) {
    const out = y * width;
    ring.set(data.subarray(out, out + width), (y % (r + 1)) * width);
    const add = Math.min(height - 1, y + r + 1) * width;
    const sub = (Math.max(0, y - r) % (r + 1)) * width;
    for (let x = 0; x < width; x++) {
      const s = sums[x] as number;
      data[out + x] = s / span;
      sums[x] = s + (data[add + x] as number) - (ring[sub + x] as number);
    }
  }
}

/** Gaussian blur approximated by three box blurs (Kovesi's radii for a given sigma). */
export function gaussianBlur(data: Float32Array, width: number, height: number, sigma: number): void {
  if (sigma < 0.3) return;
  for (const r of boxRadiiForGauss(sigma, 3)) boxBlur(data, width, height, r);
}

function boxRadiiForGauss(sigma: number, passes: number): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let wl = Math.floor(ideal);
  if (wl % 2 === 0) wl--;
  const wu = wl + 2;
  const m = Math.round(
    (12 * sigma * sigma - passes * wl * wl - 4 * passes * wl - 3 * passes) / (-4 * wl - 4),
  );
  const radii: number[] = [];
  for (let i = 0; i < passes; i++) radii.push(((i < m ? wl : wu) - 1) / 2);
  return radii;
}

/**
 * Adds `gain` times a low-resolution layer (`w` x `h`, each pixel covering `factor` x `factor`
 * full-resolution pixels) to a full-resolution image, with bilinear interpolation. Smooth layers
 * (soft tissue, gas, pelvis) are drawn and blurred at low resolution, which is 16x cheaper at
 * factor 4 and indistinguishable after interpolation.
 */
export function upsampleAdd(
  target: Float32Array,
  width: number,
  height: number,
  small: Float32Array,
  w: number,
  h: number,
  factor: number,
  gain = 1,
): void {
  const ix0 = new Int32Array(width);
  const ix1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(w - 1, Math.max(0, (x + 0.5) / factor - 0.5));
    ix0[x] = Math.floor(sx);
    ix1[x] = Math.min(w - 1, Math.floor(sx) + 1);
    fx[x] = sx - Math.floor(sx);
  }
  // Interpolate the two source rows once per output row, then along x.
  const rowValues = new Float32Array(w);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const j0 = Math.floor(sy);
    const r0 = j0 * w;
    const r1 = Math.min(h - 1, j0 + 1) * w;
    const wy = sy - j0;
    for (let i = 0; i < w; i++) {
      const a = small[r0 + i] as number;
      rowValues[i] = gain * (a + wy * ((small[r1 + i] as number) - a));
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = rowValues[ix0[x] as number] as number;
      target[row + x] = (target[row + x] as number) + a + (fx[x] as number) * ((rowValues[ix1[x] as number] as number) - a);
    }
  }
}
