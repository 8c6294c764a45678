/**
 * CLAHE with the WebAssembly kernels (wasm/claheKernels.ts): histograms, clipping and LUTs, and the
 * float32 blend run there; the per-column and per-row tile tables here. Same result as the TypeScript
 * path in clahe.ts, bit for bit; the tests hold both to each other and to OpenCV.
 */
import { claheLutScale, columnTables, paddedIndex, rowWeights, type ClaheGeometry } from './claheTables';
import { Arena, type Kernels } from './wasm/kernels';

export function claheWasm(k: Kernels, data: Uint8Array, w: number, h: number, tilesX: number, tilesY: number, g: ClaheGeometry, clip: number, dst: Uint8Array): void {
  const n = w * h;
  const tiles = tilesX * tilesY;
  const padded = g.extW !== w || g.extH !== h;
  const arena = new Arena(k);
  const src = arena.alloc(n);
  const out = arena.alloc(n);
  const histSrc = padded ? arena.alloc(g.extW * g.extH) : src;
  const hist = arena.alloc(tiles * 256 * 4);
  const lut = arena.alloc(tiles * 256);
  const ind = arena.alloc(2 * w * 4);
  const wts = arena.alloc(2 * w * 4);
  const mem = arena.commit();
  mem.u8.set(data, src);
  if (padded) {
    // The reflect-101 padded image the histograms are taken on (OpenCV's copyMakeBorder).
    for (let y = 0; y < g.extH; y++) {
      const from = paddedIndex(y, h) * w;
      const to = histSrc + y * g.extW;
      mem.u8.set(data.subarray(from, from + w), to);
      for (let x = w; x < g.extW; x++) mem.u8[to + x] = data[from + paddedIndex(x, w)]!;
    }
  }

  mem.i32.fill(0, hist >> 2, (hist >> 2) + tiles * 256);
  for (let y = 0; y < g.extH; y++) {
    const band = Math.floor(y / g.tileH);
    k.histRow(histSrc + y * g.extW, g.tileW, tilesX, hist + band * tilesX * 1024);
  }
  k.clipLuts(hist, tiles, clip, claheLutScale(g), lut);

  columnTables(w, tilesX, g, mem.i32, ind >> 2, mem.f32, wts >> 2);
  const plane = tilesX * 256;
  const row = w >= 4 ? k.interpRow4 : k.interpRow;
  for (let y = 0; y < h; y++) {
    const r = rowWeights(y, g, tilesY);
    row(src + y * w, out + y * w, w, ind, wts, lut + r.ty1 * plane, lut + r.ty2 * plane, r.ya, r.ya1);
  }
  dst.set(mem.u8.subarray(out, out + n));
}
