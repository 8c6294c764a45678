/**
 * The WebAssembly kernels and their TypeScript twins give the same bytes, on sizes that hit every
 * edge: tiles that do and do not divide the image, widths around the 16-pixel SIMD block, one-row
 * and one-column images.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clahe } from '../../../../common/imaging/clahe';
import type { Gray8 } from '../../../../common/imaging/image';
import { resizeArea } from '../../../../common/imaging/resizeArea';
import { laplacianSharpen } from '../../../../common/imaging/sharpen';
import { sleb, uleb } from '../../../../common/imaging/wasm/assemble';
import { Arena, setWasmKernelsEnabled, wasmKernels, type Kernels } from '../../../../common/imaging/wasm/kernels';
import { scalingTable } from '../../../../common/imaging/tensor';

/** Smooth structure plus noise, like a radiograph, with some saturated pixels. */
function testImage(w: number, h: number, seed: number): Gray8 {
  const data = new Uint8Array(w * h);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const v = 128 + 90 * Math.sin(x / 17 + seed) * Math.cos(y / 23) + ((s >>> 16) % 41) - 20;
      data[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: w, height: h, data };
}

function both<T>(f: () => T): [T, T] {
  setWasmKernelsEnabled(true);
  const fast = f();
  setWasmKernelsEnabled(false);
  const plain = f();
  setWasmKernelsEnabled(true);
  return [fast, plain];
}

/** Number of differing bytes (toEqual on 256k-element arrays is slow and prints unreadably). */
function differing(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

afterEach(() => setWasmKernelsEnabled(true));

describe('WebAssembly kernels', () => {
  it('are available in Node', () => {
    expect(wasmKernels()).not.toBeNull();
  });

  it('LEB128 encodings', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  it.each([
    [512, 512, 8, 8],
    [333, 217, 8, 8],
    [256, 250, 4, 6],
    [17, 1, 8, 8],
    [1, 40, 2, 3],
    [1000, 37, 64, 2],
  ])('CLAHE %i×%i, grid %i×%i: WebAssembly = TypeScript', (w, h, tx, ty) => {
    const img = testImage(w, h, w + h);
    for (const clipLimit of [1, 2, 4, 40]) {
      const [fast, plain] = both(() => clahe(img, { clipLimit, tilesX: tx, tilesY: ty }).data);
      expect(differing(fast, plain), `clip ${clipLimit}`).toBe(0);
    }
  });

  it.each([18, 19, 31, 32, 33, 47, 512, 1023])('sharpen, width %i: WebAssembly = TypeScript', (w) => {
    for (const h of [1, 2, 9]) {
      const img = testImage(w, h, w * h);
      const [fast, plain] = both(() => laplacianSharpen(img).data);
      expect(differing(fast, plain), `height ${h}`).toBe(0);
    }
  });

  it.each([
    [512, 512, 160, 160],
    [512, 512, 256, 256],
    [333, 217, 100, 71],
    [1000, 37, 999, 5],
    [17, 1, 5, 1],
  ])('INTER_AREA %i×%i → %i×%i: WebAssembly = TypeScript', (w, h, dw, dh) => {
    const img = testImage(w, h, w * 3 + h);
    const [fast, plain] = both(() => resizeArea(img, dw, dh).data);
    expect(differing(fast, plain)).toBe(0);
  });

  it('the TypeScript twins still run when WebAssembly is switched off', () => {
    setWasmKernelsEnabled(false);
    expect(wasmKernels()).toBeNull();
    const img = testImage(64, 64, 3);
    expect(clahe(img, { clipLimit: 2, tilesX: 8, tilesY: 8 }).data.length).toBe(64 * 64);
  });

  // The two kernels at the model's edges, called directly: the callers (tensor.ts, maskRuns.ts)
  // fall back to TypeScript where the kernel does not apply, so their tests alone would not notice a
  // kernel that is never reached.
  it('scaleBytes gives every byte its scaling-table value', () => {
    const k = wasmKernels() as Kernels;
    const arena = new Arena(k);
    const src = arena.alloc(256);
    const dst = arena.alloc(4 * 256);
    const mem = arena.commit();
    for (let v = 0; v < 256; v++) mem.u8[src + v] = 255 - v;
    k.scaleBytes(src, 256, 1 / (255 * 0.25), -0.5 / 0.25, dst);
    const table = scalingTable(0.5, 0.25);
    const got = Array.from(mem.f32.subarray(dst >> 2, (dst >> 2) + 256));
    expect(got).toEqual(Array.from({ length: 256 }, (_, v) => table[255 - v]));
  });

  it('thresholdRows marks the values ≥ t, bounds each row by 4-column blocks, and sums and counts them', () => {
    const k = wasmKernels() as Kernels;
    const w = 12;
    const h = 3;
    const prob = new Float32Array(w * h);
    prob[1] = 0.5; // row 0: block 0
    prob[10] = 0.9; // row 0: block 8
    prob[w + 5] = 0.49; // row 1: below t only
    prob[2 * w + 7] = Number.NaN; // row 2: never ≥ t
    prob[2 * w + 4] = 0.75; // row 2: block 4
    const arena = new Arena(k);
    const src = arena.alloc(4 * w * h);
    const above = arena.alloc(w * h);
    const spans = arena.alloc(8 * h);
    const out = arena.alloc(16);
    const mem = arena.commit();
    mem.f32.set(prob, src >> 2);
    k.thresholdRows(src, w, h, 0.5, above, spans, out);
    expect(Array.from(mem.u8.subarray(above, above + w * h)).flatMap((v, i) => (v ? [i] : []))).toEqual([1, 10, 2 * w + 4]);
    expect(Array.from(mem.i32.subarray(spans >> 2, (spans >> 2) + 2 * h))).toEqual([0, 8, -1, -1, 4, 4]);
    expect(mem.f64[out >> 3]).toBe(Math.fround(0.5) + Math.fround(0.9) + Math.fround(0.75));
    expect(mem.i32[(out >> 2) + 2]).toBe(3);
  });
});
