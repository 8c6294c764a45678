/**
 * The parts of OpenCV's CLAHE (imgproc/src/clahe.cpp, 8-bit path) that both implementations share
 * (clahe.ts in TypeScript, claheWasm.ts with WebAssembly kernels): tile geometry, clip limit, the
 * clipped-histogram LUT and the float32 interpolation weights.
 */
import { reflect101, saturateU8 } from './rounding';

const fr = Math.fround;

export interface ClaheGeometry {
  tileW: number;
  tileH: number;
  /** Width and height of the (possibly padded) image the histograms are taken on. */
  extW: number;
  extH: number;
}

/**
 * When either side is not a multiple of the grid, OpenCV pads right and bottom with
 * BORDER_REFLECT_101 by `tiles − size % tiles` on BOTH axes — an axis that divides evenly still
 * grows by a whole `tiles` (kept on purpose: it changes the tile size and so the output).
 */
export function claheGeometry(width: number, height: number, tilesX: number, tilesY: number): ClaheGeometry {
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

/** OpenCV's float lutScale: (float)255 / tileArea. */
export function claheLutScale(g: ClaheGeometry): number {
  return fr(255 / (g.tileW * g.tileH));
}

/**
 * Clip one 256-bin histogram (hist[h0 …]) and write its LUT (lut[l0 …]): the excess is spread as a
 * batch over all bins plus a residual of one count every max(256 / residual, 1) bins from bin 0;
 * LUT = saturate_cast<uchar>(cumsum · lutScale) in float32.
 */
export function clipAndLut(hist: Int32Array, h0: number, clip: number, lutScale: number, lut: Uint8Array, l0: number): void {
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
 * Per column: OpenCV's float weights xa (wts[x]) and 1 − xa (wts[w + x]) and the LUT offsets of the
 * left (ind[x]) and right (ind[w + x]) tile, with tile coordinate x · (1/tileW) − 0.5 clamped at
 * the borders.
 */
export function columnTables(w: number, tilesX: number, g: ClaheGeometry, ind: Int32Array, indAt: number, wts: Float32Array, wtsAt: number): void {
  const invTw = fr(1 / g.tileW);
  for (let x = 0; x < w; x++) {
    const txf = fr(fr(x * invTw) - 0.5);
    const tx1 = Math.floor(txf);
    const xa = fr(txf - tx1);
    wts[wtsAt + x] = xa;
    wts[wtsAt + w + x] = fr(1 - xa);
    ind[indAt + x] = Math.max(tx1, 0) * 256;
    ind[indAt + w + x] = Math.min(tx1 + 1, tilesX - 1) * 256;
  }
}

/** Per row: the float weights and the upper/lower tile rows, as columnTables does for columns. */
export function rowWeights(y: number, g: ClaheGeometry, tilesY: number): { ya: number; ya1: number; ty1: number; ty2: number } {
  const tyf = fr(fr(y * fr(1 / g.tileH)) - 0.5);
  const t = Math.floor(tyf);
  const ya = fr(tyf - t);
  return { ya, ya1: fr(1 - ya), ty1: Math.max(t, 0), ty2: Math.min(t + 1, tilesY - 1) };
}

/** Source row / column for a row / column of the padded image. */
export function paddedIndex(p: number, len: number): number {
  return p < len ? p : reflect101(p, len);
}
