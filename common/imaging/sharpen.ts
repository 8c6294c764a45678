/**
 * Laplacian sharpening as cv2.filter2D(img, -1, k) with
 *   k = [[0,−1,0],[−1,c,−1],[0,−1,0]] / (c − 4)
 * i.e. the kernel is normalised so that it sums to 1 and flat regions keep their grey level. c = 5 is
 * the classic kernel (PECI-Net's; sum 1 already, integer, computed exactly in integers here); a
 * larger c is a gentler sharpening. Border: BORDER_REFLECT_101 (filter2D's default). Rounding and
 * saturation as OpenCV's 8-bit float path: the five taps are accumulated in float32 in kernel
 * order (north, west, centre, east, south) with fused multiply-adds — the AVX2 code path cv2 takes
 * on x86-64 — then rounded half to even and clamped to 0–255.
 */
import { checkSize, outBuffer, type Gray8 } from './image';
import { saturateU8 } from './rounding';
import { SharpenParams } from './steps';
import { Arena, wasmKernels, type Kernels } from './wasm/kernels';

const fr = Math.fround;

export function laplacianSharpen(src: Gray8, p: SharpenParams = {}, out?: Uint8Array): Gray8 {
  const { width: w, height: h, data } = src;
  checkSize(w, h);
  const c = SharpenParams.parse(p).centre;
  const dst = outBuffer(out, w * h);
  if (dst === data) throw new RangeError('laplacianSharpen: out must not be the source buffer (neighbours are read after writing)');
  const k = c === 5 && w >= 18 ? wasmKernels() : null;
  if (k) sharpenClassicWasm(k, data, w, h, dst);
  else if (c === 5) sharpenClassic(data, w, h, dst);
  else sharpenFloat(data, w, h, fr(c / (c - 4)), fr(-1 / (c - 4)), dst);
  return { width: w, height: h, data: dst };
}

/** Row above/below with reflect-101 (a single row reflects onto itself). */
function rowAbove(y: number, h: number): number {
  return y > 0 ? y - 1 : h > 1 ? 1 : 0;
}
function rowBelow(y: number, h: number): number {
  return y < h - 1 ? y + 1 : h > 1 ? h - 2 : 0;
}

/** 5·centre − the 4 neighbours: integers, so no float emulation is needed and it is exact. */
function sharpenClassic(s: Uint8Array, w: number, h: number, d: Uint8Array): void {
  const left1 = w > 1 ? 1 : 0;
  for (let y = 0; y < h; y++) {
    const r = y * w;
    const n = rowAbove(y, h) * w;
    const so = rowBelow(y, h) * w;
    // x = 0: the west neighbour reflects to x = 1.
    let v = 5 * s[r]! - s[n]! - s[so]! - 2 * s[r + left1]!;
    d[r] = v < 0 ? 0 : v > 255 ? 255 : v;
    for (let x = 1; x < w - 1; x++) {
      v = 5 * s[r + x]! - s[n + x]! - s[so + x]! - s[r + x - 1]! - s[r + x + 1]!;
      d[r + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    if (w > 1) {
      const x = w - 1;
      v = 5 * s[r + x]! - s[n + x]! - s[so + x]! - 2 * s[r + x - 1]!;
      d[r + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

/** c = 5 with the SIMD row kernel for columns 1 … w−2; the two border columns here. */
function sharpenClassicWasm(k: Kernels, s: Uint8Array, w: number, h: number, d: Uint8Array): void {
  const n = w * h;
  const arena = new Arena(k);
  const src = arena.alloc(n);
  const out = arena.alloc(n);
  const mem = arena.commit();
  mem.u8.set(s, src);
  for (let y = 0; y < h; y++) k.sharpenRow(src + y * w, src + rowAbove(y, h) * w, src + rowBelow(y, h) * w, out + y * w, w);
  d.set(mem.u8.subarray(out, out + n));
  for (let y = 0; y < h; y++) {
    const r = y * w;
    const north = rowAbove(y, h) * w;
    const south = rowBelow(y, h) * w;
    let v = 5 * s[r]! - s[north]! - s[south]! - 2 * s[r + 1]!;
    d[r] = v < 0 ? 0 : v > 255 ? 255 : v;
    const x = w - 1;
    v = 5 * s[r + x]! - s[north + x]! - s[south + x]! - 2 * s[r + x - 1]!;
    d[r + x] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/** General c: float32 with fused multiply-add in kernel order, as cv2's vectorised filter. */
function sharpenFloat(s: Uint8Array, w: number, h: number, kc: number, kn: number, d: Uint8Array): void {
  for (let y = 0; y < h; y++) {
    const r = y * w;
    const n = rowAbove(y, h) * w;
    const so = rowBelow(y, h) * w;
    for (let x = 0; x < w; x++) {
      const xw = x > 0 ? x - 1 : w > 1 ? 1 : 0;
      const xe = x < w - 1 ? x + 1 : w > 1 ? w - 2 : 0;
      // fround(a·b + acc) is one fused multiply-add: a float (24 bits) times a byte is exact in a double.
      let acc = fr(s[n + x]! * kn);
      acc = fr(s[r + xw]! * kn + acc);
      acc = fr(s[r + x]! * kc + acc);
      acc = fr(s[r + xe]! * kn + acc);
      acc = fr(s[so + x]! * kn + acc);
      d[r + x] = saturateU8(acc);
    }
  }
}
