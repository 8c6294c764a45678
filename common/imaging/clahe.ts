/**
 * CLAHE exactly as OpenCV's 8-bit path (imgproc/src/clahe.cpp, 4.x), so that tensors written here
 * equal what cv2.createCLAHE gives the Python side, pixel for pixel:
 * - tile grid over the image; when a side is not a multiple of the grid, histograms are taken on
 *   the image padded with BORDER_REFLECT_101 (see claheGeometry for OpenCV's padding quirk); the
 *   output keeps the original size;
 * - clip limit max(1, (int)(clipLimit · tileArea / 256)); excess spread as batch + residual;
 * - LUT = saturate_cast<uchar>(cumsum · (float)(255 / tileArea));
 * - bilinear blend of the 4 nearest tile LUTs in float32 with tile coordinate x / tileWidth − 0.5
 *   (clamped at the borders), evaluated in OpenCV's order and rounded half to even.
 * The WebAssembly kernels (claheWasm.ts) run it where available; this file is the TypeScript twin.
 */
import { claheClipCount, claheGeometry, claheLutScale, clipAndLut, columnTables, paddedIndex, rowWeights, type ClaheGeometry } from './claheTables';
import { claheWasm } from './claheWasm';
import { checkSize, outBuffer, type Gray8 } from './image';
import { saturateU8 } from './rounding';
import type { ClaheParams } from './steps';
import { wasmKernels } from './wasm/kernels';

export { claheClipCount, claheGeometry } from './claheTables';

const fr = Math.fround;

/** `out` may be src.data itself (each pixel is read before it is written). */
export function clahe(src: Gray8, p: ClaheParams, out?: Uint8Array): Gray8 {
  const { width: w, height: h, data } = src;
  checkSize(w, h);
  const { tilesX, tilesY } = p;
  if (!Number.isInteger(tilesX) || !Number.isInteger(tilesY) || tilesX < 1 || tilesY < 1) {
    throw new RangeError(`CLAHE grid must be positive integers, got ${tilesX}×${tilesY}`);
  }
  const dst = outBuffer(out, w * h);
  const g = claheGeometry(w, h, tilesX, tilesY);
  const clip = claheClipCount(p.clipLimit, g.tileW * g.tileH);
  const k = wasmKernels();
  if (k) claheWasm(k, data, w, h, tilesX, tilesY, g, clip, dst);
  else interpolate(data, w, h, tilesX, tilesY, g, tileLuts(data, w, h, tilesX, tilesY, g, clip), dst);
  return { width: w, height: h, data: dst };
}

/** One 256-entry LUT per tile, row-major over the grid. */
function tileLuts(data: Uint8Array, w: number, h: number, tilesX: number, tilesY: number, g: ClaheGeometry, clip: number): Uint8Array {
  const { tileW, tileH, extW } = g;
  const hist = new Int32Array(tilesX * 256);
  const lut = new Uint8Array(tilesX * tilesY * 256);
  const srcCol = new Int32Array(extW);
  for (let x = 0; x < extW; x++) srcCol[x] = paddedIndex(x, w);
  const scale = claheLutScale(g);
  for (let ty = 0; ty < tilesY; ty++) {
    hist.fill(0);
    // A band of tiles is one pass over its rows; each tile's columns land in its own histogram.
    for (let yy = ty * tileH, yEnd = yy + tileH; yy < yEnd; yy++) {
      const row = paddedIndex(yy, h) * w;
      for (let tx = 0; tx < tilesX; tx++) {
        const base = tx * 256;
        const x0 = tx * tileW;
        const x1 = Math.min(x0 + tileW, w);
        for (let x = x0; x < x1; x++) hist[base + data[row + x]!]!++;
        for (let x = Math.max(x0, w), xe = x0 + tileW; x < xe; x++) hist[base + data[row + srcCol[x]!]!]!++;
      }
    }
    for (let tx = 0; tx < tilesX; tx++) clipAndLut(hist, tx * 256, clip, scale, lut, (ty * tilesX + tx) * 256);
  }
  return lut;
}

/**
 * Rounding the float32 blend can only differ from rounding the same blend in double when the value
 * lies within a few float32 ulps (≤ 6 · 2^-24 · 255 < 1e-4) of a half grey level; only those
 * pixels (exact ties at tile centres, mostly) take the exact float32 path, the rest the fast one.
 */
const TIE_MARGIN = 1e-3;

function exactBlend(l11: number, l12: number, l21: number, l22: number, xa: number, xa1: number, ya: number, ya1: number): number {
  const top = fr(fr(fr(l11 * xa1) + fr(l12 * xa)) * ya1);
  const bottom = fr(fr(fr(l21 * xa1) + fr(l22 * xa)) * ya);
  return saturateU8(fr(top + bottom));
}

function interpolate(src: Uint8Array, w: number, h: number, tilesX: number, tilesY: number, g: ClaheGeometry, lut: Uint8Array, dst: Uint8Array): void {
  const ind = new Int32Array(2 * w);
  const wt = new Float32Array(2 * w);
  columnTables(w, tilesX, g, ind, 0, wt, 0);
  // Columns where the pair of tiles changes: segment k spans [segStart[k], segStart[k+1]).
  const segStart: number[] = [];
  for (let x = 0; x < w; x++) if (x === 0 || ind[x] !== ind[x - 1] || ind[w + x] !== ind[w + x - 1]) segStart.push(x);
  segStart.push(w);
  const plane = tilesX * 256;
  for (let y = 0; y < h; y++) {
    const { ya, ya1, ty1, ty2 } = rowWeights(y, g, tilesY);
    const p1 = ty1 * plane;
    const p2 = ty2 * plane;
    const row = y * w;
    for (let k = 0; k + 1 < segStart.length; k++) {
      const x0 = segStart[k]!;
      // The four LUTs of this cell: top-left, top-right, bottom-left, bottom-right.
      const o11 = p1 + ind[x0]!;
      const o12 = p1 + ind[w + x0]!;
      const o21 = p2 + ind[x0]!;
      const o22 = p2 + ind[w + x0]!;
      for (let x = x0, xEnd = segStart[k + 1]!; x < xEnd; x++) {
        const v = src[row + x]!;
        const l11 = lut[o11 + v]!;
        const l12 = lut[o12 + v]!;
        const l21 = lut[o21 + v]!;
        const l22 = lut[o22 + v]!;
        const xa = wt[x]!;
        const xa1 = wt[w + x]!;
        const t = (l11 * xa1 + l12 * xa) * ya1 + (l21 * xa1 + l22 * xa) * ya + 0.5;
        const i = t | 0;
        const f = t - i;
        dst[row + x] = f > TIE_MARGIN && f < 1 - TIE_MARGIN ? i : exactBlend(l11, l12, l21, l22, xa, xa1, ya, ya1);
      }
    }
  }
}
