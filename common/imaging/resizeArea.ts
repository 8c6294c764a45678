/**
 * cv2.resize(..., INTER_AREA) for 8-bit grey when shrinking (both scales ≥ 1), bit for bit
 * (imgproc/src/resize.cpp, 4.x): each output pixel is the area-weighted mean of the source pixels
 * its cell covers. Integer factors take cv2's fast path (block sum · 1/area, or (sum + 2) >> 2 for
 * 2×2); other factors accumulate per-row float32 weights in cv2's order, reproduced with
 * Float32Array stores and Math.fround, then round half to even.
 */
import { checkSize, outBuffer, type Gray8 } from './image';
import { saturateU8 } from './rounding';

const fr = Math.fround;
const DBL_EPSILON = 2.220446049250313e-16;

interface AreaTab {
  n: number;
  di: Int32Array;
  si: Int32Array;
  alpha: Float32Array;
}

/** computeResizeAreaTab: the source samples (with weights) that make up each destination sample. */
function areaTab(srcLen: number, dstLen: number, scale: number): AreaTab {
  const di = new Int32Array(srcLen * 2);
  const si = new Int32Array(srcLen * 2);
  const alpha = new Float32Array(srcLen * 2);
  let k = 0;
  for (let d = 0; d < dstLen; d++) {
    const fs1 = d * scale;
    const fs2 = fs1 + scale;
    const cell = Math.min(scale, srcLen - fs1);
    let s2 = Math.floor(fs2);
    s2 = Math.min(s2, srcLen - 1);
    const s1 = Math.min(Math.ceil(fs1), s2);
    if (s1 - fs1 > 1e-3) {
      di[k] = d;
      si[k] = s1 - 1;
      alpha[k++] = (s1 - fs1) / cell;
    }
    for (let s = s1; s < s2; s++) {
      di[k] = d;
      si[k] = s;
      alpha[k++] = 1 / cell;
    }
    if (fs2 - s2 > 1e-3) {
      di[k] = d;
      si[k] = s2;
      alpha[k++] = Math.min(Math.min(fs2 - s2, 1), cell) / cell;
    }
  }
  return { n: k, di, si, alpha };
}

export function resizeArea(src: Gray8, dstW: number, dstH: number, out?: Uint8Array): Gray8 {
  const { width: sw, height: sh, data } = src;
  checkSize(sw, sh);
  checkSize(dstW, dstH);
  if (dstW > sw || dstH > sh) throw new RangeError(`resizeArea only shrinks: ${sw}×${sh} → ${dstW}×${dstH}`);
  const dst = outBuffer(out, dstW * dstH);
  if (sw === dstW && sh === dstH) {
    dst.set(data);
    return { width: dstW, height: dstH, data: dst };
  }
  const scaleX = 1 / (dstW / sw);
  const scaleY = 1 / (dstH / sh);
  const ix = Math.round(scaleX);
  const iy = Math.round(scaleY);
  if (Math.abs(scaleX - ix) < DBL_EPSILON && Math.abs(scaleY - iy) < DBL_EPSILON) areaFast(data, sw, ix, iy, dst, dstW, dstH);
  else areaGeneric(data, sw, sh, scaleX, scaleY, dst, dstW, dstH);
  return { width: dstW, height: dstH, data: dst };
}

function areaFast(s: Uint8Array, sw: number, fx: number, fy: number, d: Uint8Array, dw: number, dh: number): void {
  if (fx === 2 && fy === 2) {
    for (let y = 0; y < dh; y++) {
      const r0 = 2 * y * sw;
      const r1 = r0 + sw;
      const o = y * dw;
      for (let x = 0, i = 0; x < dw; x++, i += 2) d[o + x] = (s[r0 + i]! + s[r0 + i + 1]! + s[r1 + i]! + s[r1 + i + 1]! + 2) >> 2;
    }
    return;
  }
  const scale = fr(1 / (fx * fy));
  for (let y = 0; y < dh; y++) {
    const o = y * dw;
    for (let x = 0; x < dw; x++) {
      let sum = 0;
      for (let yy = 0; yy < fy; yy++) {
        const r = (y * fy + yy) * sw + x * fx;
        for (let xx = 0; xx < fx; xx++) sum += s[r + xx]!;
      }
      d[o + x] = saturateU8(fr(sum * scale));
    }
  }
}

function areaGeneric(s: Uint8Array, sw: number, sh: number, scaleX: number, scaleY: number, d: Uint8Array, dw: number, dh: number): void {
  const xt = areaTab(sw, dw, scaleX);
  const yt = areaTab(sh, dh, scaleY);
  // Locals, not property reads, inside the loops: V8 keeps these in registers.
  const xn = xt.n;
  const xdi = xt.di;
  const xsi = xt.si;
  const xalpha = xt.alpha;
  const buf = new Float32Array(dw);
  const sum = new Float32Array(dw);
  let prevDy = yt.di[0]!;
  for (let j = 0; j < yt.n; j++) {
    const beta = yt.alpha[j]!;
    const dy = yt.di[j]!;
    const row = yt.si[j]! * sw;
    buf.fill(0);
    for (let k = 0; k < xn; k++) {
      const dx = xdi[k]!;
      buf[dx] = buf[dx]! + fr(s[row + xsi[k]!]! * xalpha[k]!);
    }
    if (dy !== prevDy) {
      const o = prevDy * dw;
      for (let x = 0; x < dw; x++) {
        d[o + x] = saturateU8(sum[x]!);
        sum[x] = beta * buf[x]!;
      }
      prevDy = dy;
    } else {
      for (let x = 0; x < dw; x++) sum[x] = sum[x]! + fr(beta * buf[x]!);
    }
  }
  const o = prevDy * dw;
  for (let x = 0; x < dw; x++) d[o + x] = saturateU8(sum[x]!);
}
