/**
 * cv2.resize(..., INTER_LINEAR) for 8-bit grey, bit for bit (imgproc/src/resize.cpp, 4.x):
 * source coordinate (d + 0.5)·scale − 0.5 in float, clamped at the borders; weights quantised to
 * 11 bits (INTER_RESIZE_COEF_SCALE = 2048, rounded half to even); the horizontal pass is exact in
 * integers; the vertical pass is cv2's 8-bit one — ((S0 >> 4)·b0 >> 16) + ((S1 >> 4)·b1 >> 16),
 * then (+2) >> 2 — the same formula in its vector code and in its scalar tail (a specialisation of
 * VResizeLinear for uchar). It truncates more than an exact (S0·b0 + S1·b1 + 2^21) >> 22 would,
 * which is why OpenCV's INTER_LINEAR is "not bit-exact"; copying it keeps us identical to cv2.
 */
import { checkSize, outBuffer, type Gray8 } from './image';
import { roundHalfEven } from './rounding';

const fr = Math.fround;
const COEF_SCALE = 2048;

interface Axis {
  /** First source index of each destination index (the second is +1, clamped). */
  ofs: Int32Array;
  /** Weights of the first and second source sample, interleaved, summing to 2048. */
  coef: Int16Array;
}

/**
 * OpenCV's per-axis table: float coordinate and floor. Along x, positions outside [0, n−1] are
 * clamped with weight 0; along y cv2 keeps the weights and clamps only the row indices (which can
 * round differently in the vectorised pass), so `clampWeights` is false there.
 */
function axisTable(srcLen: number, dstLen: number, clampWeights: boolean): Axis {
  const scale = 1 / (dstLen / srcLen); // OpenCV: scale = 1./inv_scale, inv_scale = dst/src
  const ofs = new Int32Array(dstLen);
  const coef = new Int16Array(dstLen * 2);
  for (let d = 0; d < dstLen; d++) {
    let f = fr((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = fr(f - s);
    if (clampWeights && s < 0) {
      f = 0;
      s = 0;
    }
    if (clampWeights && s >= srcLen - 1) {
      f = 0;
      s = srcLen - 1;
    }
    ofs[d] = s;
    coef[2 * d] = roundHalfEven(fr(1 - f) * COEF_SCALE);
    coef[2 * d + 1] = roundHalfEven(f * COEF_SCALE);
  }
  return { ofs, coef };
}

/** Horizontal pass of one source row into 2048-scaled integers (exact, as cv2). */
function hresize(src: Uint8Array, row: number, srcW: number, xt: Axis, dstW: number, out: Int32Array): void {
  const { ofs, coef } = xt;
  for (let x = 0; x < dstW; x++) {
    const s = ofs[x]!;
    const a0 = coef[2 * x]!;
    const a1 = coef[2 * x + 1]!;
    // At the right border s = srcW − 1 and a1 = 0: cv2 reads only the one sample there.
    out[x] = s + 1 < srcW ? src[row + s]! * a0 + src[row + s + 1]! * a1 : src[row + s]! * COEF_SCALE;
  }
}

export function resizeLinear(src: Gray8, dstW: number, dstH: number, out?: Uint8Array): Gray8 {
  const { width: sw, height: sh, data } = src;
  checkSize(sw, sh);
  checkSize(dstW, dstH);
  const dst = outBuffer(out, dstW * dstH);
  if (sw === dstW && sh === dstH) {
    dst.set(data);
    return { width: dstW, height: dstH, data: dst };
  }
  const xt = axisTable(sw, dstW, true);
  const yt = axisTable(sh, dstH, false);
  const rowA = new Int32Array(dstW);
  const rowB = new Int32Array(dstW);
  let haveA = -1;
  let haveB = -1;
  for (let y = 0; y < dstH; y++) {
    const sy = yt.ofs[y]!;
    const sy0 = sy < 0 ? 0 : sy >= sh ? sh - 1 : sy;
    const sy1 = sy + 1 < 0 ? 0 : sy + 1 >= sh ? sh - 1 : sy + 1;
    // Keep the two horizontally resized rows between output rows (upscaling reuses them).
    if (haveA !== sy0) {
      if (haveB === sy0) rowA.set(rowB);
      else hresize(data, sy0 * sw, sw, xt, dstW, rowA);
      haveA = sy0;
    }
    if (haveB !== sy1) {
      hresize(data, sy1 * sw, sw, xt, dstW, rowB);
      haveB = sy1;
    }
    const b0 = yt.coef[2 * y]!;
    const b1 = yt.coef[2 * y + 1]!;
    const o = y * dstW;
    // Rows hold at most 255·2048, so (row >> 4)·b fits in 31 bits and no saturation can occur.
    for (let x = 0; x < dstW; x++) dst[o + x] = ((((rowA[x]! >> 4) * b0) >> 16) + (((rowB[x]! >> 4) * b1) >> 16) + 2) >> 2;
  }
  return { width: dstW, height: dstH, data: dst };
}
