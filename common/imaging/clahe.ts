/**
 * CLAHE exactly as OpenCV's 8-bit path (imgproc/src/clahe.cpp, 4.x), so that tensors written here
 * equal what cv2.createCLAHE gives the Python side, pixel for pixel:
 * - tile grid over the image; when either side is not a multiple of the grid, the image is padded
 *   at the right and bottom with BORDER_REFLECT_101 by `tiles - size % tiles` on BOTH axes (an
 *   axis that divides evenly still grows by a full `tiles`, an OpenCV quirk kept on purpose) and
 *   the histograms are taken on the padded image; the output keeps the original size;
 * - clip limit max(1, (int)(clipLimit · tileArea / 256)); the excess is spread as a batch over all
 *   bins plus a residual of one count every max(256 / residual, 1) bins from bin 0;
 * - LUT = saturate_cast<uchar>(cumsum · (float)(255 / tileArea));
 * - bilinear blend of the 4 nearest tile LUTs in float32 with tile coordinate x / tileWidth − 0.5
 *   (clamped at the borders), evaluated in OpenCV's order and rounded half to even.
 * Float32 arithmetic is reproduced with Math.fround so that rounding decisions match.
 */
import { checkSize, outBuffer, type Gray8 } from './image';
import { reflect101, saturateU8 } from './rounding';
import type { ClaheParams } from './steps';

const fr = Math.fround;

/** Scratch buffers reused between calls (the functions are synchronous, so sharing is safe). */
let histScratch = new Int32Array(256 * 8);
let lutScratch = new Uint8Array(256 * 64);
let colScratch = new Int32Array(0);
let weightScratch = new Float32Array(0);

interface Geometry {
  tileW: number;
  tileH: number;
  /** Width and height of the (possibly padded) image the histograms are taken on. */
  extW: number;
  extH: number;
}

export function claheGeometry(width: number, height: number, tilesX: number, tilesY: number): Geometry {
  if (width % tilesX === 0 && height % tilesY === 0) {
    return { tileW: width / tilesX, tileH: height / tilesY, extW: width, extH: height };
  }
  const extW = width + tilesX - (width % tilesX);
  const extH = height + tilesY - (height % tilesY);
  return { tileW: extW / tilesX, tileH: extH / tilesY, extW, extH };
}

/** OpenCV's clip limit in counts per bin for a tile of `tileArea` pixels (0 = no clipping). */
export function claheClipCount(clipLimit: number, tileArea: number): number {
  return clipLimit > 0 ? Math.max(1, Math.trunc((clipLimit * tileArea) / 256)) : 0;
}

export function clahe(src: Gray8, p: ClaheParams, out?: Uint8Array): Gray8 {
  const { width: w, height: h, data } = src;
  checkSize(w, h);
  const tilesX = p.tilesX;
  const tilesY = p.tilesY;
  if (!Number.isInteger(tilesX) || !Number.isInteger(tilesY) || tilesX < 1 || tilesY < 1) {
    throw new RangeError(`CLAHE grid must be positive integers, got ${tilesX}×${tilesY}`);
  }
  const dst = outBuffer(out, w * h);
  const g = claheGeometry(w, h, tilesX, tilesY);
  const lut = tileLuts(data, w, h, tilesX, tilesY, g, claheClipCount(p.clipLimit, g.tileW * g.tileH));
  interpolate(data, w, h, tilesX, tilesY, g, lut, dst);
  return { width: w, height: h, data: dst };
}

/** One 256-entry LUT per tile, row-major over the grid. */
function tileLuts(data: Uint8Array, w: number, h: number, tilesX: number, tilesY: number, g: Geometry, clip: number): Uint8Array {
  const { tileW, tileH, extW } = g;
  if (histScratch.length < tilesX * 256) histScratch = new Int32Array(tilesX * 256);
  if (lutScratch.length < tilesX * tilesY * 256) lutScratch = new Uint8Array(tilesX * tilesY * 256);
  if (colScratch.length < extW) colScratch = new Int32Array(extW);
  const hist = histScratch;
  const lut = lutScratch;
  const srcCol = colScratch;
  for (let x = 0; x < extW; x++) srcCol[x] = x < w ? x : reflect101(x, w);
  const lutScale = fr(255 / (tileW * tileH));

  for (let ty = 0; ty < tilesY; ty++) {
    hist.fill(0, 0, tilesX * 256);
    // A band of tiles is one pass over its rows; each tile's columns land in its own histogram.
    for (let yy = ty * tileH, yEnd = yy + tileH; yy < yEnd; yy++) {
      const row = (yy < h ? yy : reflect101(yy, h)) * w;
      for (let tx = 0; tx < tilesX; tx++) {
        const base = tx * 256;
        const x0 = tx * tileW;
        const x1 = Math.min(x0 + tileW, w);
        for (let x = x0; x < x1; x++) hist[base + data[row + x]!]!++;
        for (let x = Math.max(x0, w), xe = x0 + tileW; x < xe; x++) hist[base + data[row + srcCol[x]!]!]!++;
      }
    }
    for (let tx = 0; tx < tilesX; tx++) {
      clipAndLut(hist, tx * 256, clip, lutScale, lut, (ty * tilesX + tx) * 256);
    }
  }
  return lut;
}

function clipAndLut(hist: Int32Array, h0: number, clip: number, lutScale: number, lut: Uint8Array, l0: number): void {
  if (clip > 0) {
    let clipped = 0;
    for (let i = h0; i < h0 + 256; i++) {
      const c = hist[i]!;
      if (c > clip) {
        clipped += c - clip;
        hist[i] = clip;
      }
    }
    const batch = Math.trunc(clipped / 256);
    let residual = clipped - batch * 256;
    if (batch !== 0) for (let i = h0; i < h0 + 256; i++) hist[i]! += batch;
    if (residual !== 0) {
      const step = Math.max(Math.trunc(256 / residual), 1);
      for (let i = 0; i < 256 && residual > 0; i += step, residual--) hist[h0 + i]!++;
    }
  }
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    sum += hist[h0 + i]!;
    lut[l0 + i] = saturateU8(fr(sum * lutScale));
  }
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

function interpolate(src: Uint8Array, w: number, h: number, tilesX: number, tilesY: number, g: Geometry, lut: Uint8Array, dst: Uint8Array): void {
  if (weightScratch.length < 2 * w) weightScratch = new Float32Array(2 * w);
  const wt = weightScratch; // [0, w): xa; [w, 2w): 1 − xa, as OpenCV's float weights
  // Columns where the pair of tiles changes: segment k spans [segStart[k], segStart[k+1]).
  const segStart: number[] = [];
  const segLeft: number[] = [];
  const segRight: number[] = [];
  const invTw = fr(1 / g.tileW);
  for (let x = 0; x < w; x++) {
    const txf = fr(fr(x * invTw) - 0.5);
    const tx1 = Math.floor(txf);
    const xa = fr(txf - tx1);
    wt[x] = xa;
    wt[w + x] = fr(1 - xa);
    const left = Math.max(tx1, 0) * 256;
    const right = Math.min(tx1 + 1, tilesX - 1) * 256;
    const last = segLeft.length - 1;
    if (last < 0 || segLeft[last] !== left || segRight[last] !== right) {
      segStart.push(x);
      segLeft.push(left);
      segRight.push(right);
    }
  }
  segStart.push(w);
  const invTh = fr(1 / g.tileH);
  const planeStride = tilesX * 256;
  for (let y = 0; y < h; y++) {
    const tyf = fr(fr(y * invTh) - 0.5);
    const ty1 = Math.floor(tyf);
    const ya = fr(tyf - ty1);
    const ya1 = fr(1 - ya);
    const p1 = Math.max(ty1, 0) * planeStride;
    const p2 = Math.min(ty1 + 1, tilesY - 1) * planeStride;
    const row = y * w;
    for (let k = 0; k + 1 < segStart.length; k++) {
      // The four LUTs of this cell: top-left, top-right, bottom-left, bottom-right.
      const o11 = p1 + segLeft[k]!;
      const o12 = p1 + segRight[k]!;
      const o21 = p2 + segLeft[k]!;
      const o22 = p2 + segRight[k]!;
      for (let x = segStart[k]!, xEnd = segStart[k + 1]!; x < xEnd; x++) {
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
