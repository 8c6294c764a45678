/**
 * cv2.resize(..., INTER_AREA) for 8-bit grey when shrinking (both scales ≥ 1), bit for bit
 * (imgproc/src/resize.cpp, 4.x): each output pixel is the area-weighted mean of the source pixels
 * its cell covers. Integer factors take cv2's fast path (block sum · 1/area, or (sum + 2) >> 2 for
 * 2×2); other factors accumulate per-row float32 weights in cv2's order, reproduced with
 * Float32Array stores and Math.fround, then round half to even.
 */
import { checkSize, outBuffer, type Gray8 } from './image';
import { saturateU8 } from './rounding';
import { Arena, wasmKernels, type Kernels } from './wasm/kernels';

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

interface AreaTables {
  xt: AreaTab;
  yt: AreaTab;
  /** The x table is in destination order: tap range [xFrom[dx], xFrom[dx + 1]) per output column. */
  xFrom: Int32Array;
  /** Source rows some output row reads. */
  used: Uint8Array;
}

/** The last geometry's tables: a cine resizes every frame the same way. */
let lastTables: { key: string; tables: AreaTables } | null = null;

function areaTables(sw: number, sh: number, scaleX: number, scaleY: number, dw: number, dh: number): AreaTables {
  const key = `${sw}x${sh}>${dw}x${dh}`;
  if (lastTables?.key === key) return lastTables.tables;
  const xt = areaTab(sw, dw, scaleX);
  const yt = areaTab(sh, dh, scaleY);
  const xFrom = new Int32Array(dw + 1);
  for (let k = 0; k < xt.n; k++) xFrom[xt.di[k]! + 1] = k + 1;
  for (let x = 1; x <= dw; x++) if (xFrom[x]! < xFrom[x - 1]!) xFrom[x] = xFrom[x - 1]!;
  const used = new Uint8Array(sh);
  for (let j = 0; j < yt.n; j++) used[yt.si[j]!] = 1;
  const tables = { xt, yt, xFrom, used };
  lastTables = { key, tables };
  return tables;
}

/**
 * cv2's ResizeArea_Invoker, reorganised for speed with the same float32 operations in the same
 * order: each source row's horizontal pass (buf[dx] += S[sx]·alpha, taps in table order, one
 * accumulator per output column) is done once and kept, instead of being recomputed for each of
 * the (up to two) output rows that share the source row; the vertical pass then accumulates the
 * kept rows with their weights exactly as cv2 does. Both passes run in WebAssembly
 * (wasm/filterKernels.ts: areaRows4 takes four source rows per call, one per SIMD lane; areaAccum
 * and areaStore take four columns at a time) when it is available, else in the TypeScript twin
 * below.
 */
function areaGeneric(s: Uint8Array, sw: number, sh: number, scaleX: number, scaleY: number, d: Uint8Array, dw: number, dh: number): void {
  const tables = areaTables(sw, sh, scaleX, scaleY, dw, dh);
  const k = wasmKernels();
  if (k) areaWasm(k, s, sw, sh, tables, d, dw, dh);
  else areaScalar(s, sw, sh, tables, d, dw);
}

function areaWasm(k: Kernels, s: Uint8Array, sw: number, sh: number, { xt, yt, xFrom, used }: AreaTables, d: Uint8Array, dw: number, dh: number): void {
  // Rows are kept with a stride of whole float32x4 groups; the padding columns are never read back.
  const groups = Math.ceil(dw / 4);
  const stride = groups * 4;
  // Source rows are taken four at a time: up to 3 zero rows pad the last group (their sums are
  // never read).
  const rows4 = Math.ceil(sh / 4) * 4;
  const arena = new Arena(k);
  const src = arena.alloc(sw * rows4);
  const from = arena.alloc(4 * (dw + 1));
  const si = arena.alloc(4 * xt.n);
  const alpha = arena.alloc(4 * xt.n);
  const rows = arena.alloc(4 * rows4 * stride);
  const sum = arena.alloc(4 * stride);
  const out = arena.alloc(dh * stride);
  const mem = arena.commit();
  mem.u8.set(s.subarray(0, sw * sh), src);
  mem.u8.fill(0, src + sw * sh, src + sw * rows4);
  mem.i32.set(xFrom, from >> 2);
  mem.i32.set(xt.si.subarray(0, xt.n), si >> 2);
  mem.f32.set(xt.alpha.subarray(0, xt.n), alpha >> 2);
  for (let sy = 0; sy < sh; sy += 4) {
    if (used[sy] || used[sy + 1] || used[sy + 2] || used[sy + 3]) k.areaRows4(src + sy * sw, sw, from, si, alpha, dw, rows + 4 * sy * stride, stride);
  }
  let prevDy = yt.di[0]!;
  for (let j = 0; j < yt.n; j++) {
    const dy = yt.di[j]!;
    const first = j === 0 || dy !== prevDy;
    if (first && j > 0) k.areaStore(sum, out + prevDy * stride, groups);
    prevDy = dy;
    k.areaAccum(sum, rows + 4 * yt.si[j]! * stride, yt.alpha[j]!, groups, first ? 1 : 0);
  }
  k.areaStore(sum, out + prevDy * stride, groups);
  if (stride === dw) d.set(mem.u8.subarray(out, out + dw * dh));
  else for (let y = 0; y < dh; y++) d.set(mem.u8.subarray(out + y * stride, out + y * stride + dw), y * dw);
}

function areaScalar(s: Uint8Array, sw: number, sh: number, { xt, yt, xFrom, used }: AreaTables, d: Uint8Array, dw: number): void {
  const rows = new Float32Array(sh * dw);
  const xsi = xt.si;
  const xalpha = xt.alpha;
  for (let sy = 0; sy < sh; sy++) {
    if (!used[sy]) continue;
    const row = sy * sw;
    const o = sy * dw;
    for (let x = 0; x < dw; x++) {
      let acc = 0;
      for (let t = xFrom[x]!, end = xFrom[x + 1]!; t < end; t++) acc = fr(acc + fr(s[row + xsi[t]!]! * xalpha[t]!));
      rows[o + x] = acc;
    }
  }
  const sum = new Float32Array(dw);
  let prevDy = yt.di[0]!;
  for (let j = 0; j < yt.n; j++) {
    const beta = yt.alpha[j]!;
    const dy = yt.di[j]!;
    const h = yt.si[j]! * dw;
    if (dy !== prevDy) {
      const o = prevDy * dw;
      for (let x = 0; x < dw; x++) {
        d[o + x] = saturateU8(sum[x]!);
        sum[x] = beta * rows[h + x]!;
      }
      prevDy = dy;
    } else {
      for (let x = 0; x < dw; x++) sum[x] = sum[x]! + fr(beta * rows[h + x]!);
    }
  }
  const o = prevDy * dw;
  for (let x = 0; x < dw; x++) d[o + x] = saturateU8(sum[x]!);
}
