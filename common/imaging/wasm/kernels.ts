/**
 * The hot loops of CLAHE, sharpening, the area resize, the tensor scaling and the mask threshold
 * as WebAssembly (written with assemble.ts). Why: the CLAHE blend must be computed in float32 to
 * round exactly as OpenCV, and WebAssembly has float32 arithmetic and round-half-to-even
 * (f32.nearest) natively, without bounds checks; sharpening, the CLAHE blend, the area resize, the
 * scaling and the threshold use 128-bit SIMD (each lane rounds as the scalar code). Each kernel is
 * driven from TypeScript and has a plain TypeScript twin (clahe.ts, sharpen.ts, resizeArea.ts,
 * tensor.ts, maskRuns.ts) that runs where WebAssembly is unavailable and that the tests compare it
 * with. Instantiated synchronously on first use (the module is a few KB).
 *
 * The kernels themselves are in claheKernels.ts, filterKernels.ts (sharpening, area resize) and
 * tensorKernels.ts (scaling, threshold); this module assembles them into one instance and gives the
 * bump allocator their callers share.
 */
import { assembleModule } from './assemble';
import { clipLuts, histRow, interpRow, interpRow4 } from './claheKernels';
import { areaAccum, areaRows4, areaStore, sharpenRow } from './filterKernels';
import { scaleBytes, thresholdRows } from './tensorKernels';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface Kernels {
  memory: WasmMemory;
  histRow(row: number, tileW: number, tilesX: number, hist: number): void;
  interpRow(src: number, dst: number, w: number, ind: number, wts: number, lut1: number, lut2: number, ya: number, ya1: number): void;
  interpRow4(src: number, dst: number, w: number, ind: number, wts: number, lut1: number, lut2: number, ya: number, ya1: number): void;
  sharpenRow(c: number, n: number, s: number, d: number, w: number): void;
  areaRows4(row: number, sw: number, xFrom: number, xsi: number, xalpha: number, dw: number, dst: number, stride: number): void;
  areaAccum(sum: number, src: number, beta: number, n4: number, init: number): void;
  areaStore(sum: number, dst: number, n4: number): void;
  clipLuts(hist: number, tiles: number, clip: number, lutScale: number, lut: number): void;
  scaleBytes(src: number, n: number, a: number, b: number, dst: number): void;
  thresholdRows(prob: number, w: number, h: number, t: number, above: number, spans: number, out: number): void;
}

/** The part of the WebAssembly JS API used here (not in the ES2022 library typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let kernels: Kernels | null | undefined;
let enabled = true;

/** The kernels, or null where WebAssembly (with SIMD) is unavailable or disabled. */
export function wasmKernels(): Kernels | null {
  if (!enabled) return null;
  if (kernels === undefined) {
    kernels = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api) {
      try {
        const module = new api.Module(assembleModule([histRow, interpRow, interpRow4, sharpenRow, areaRows4, areaAccum, areaStore, clipLuts, scaleBytes, thresholdRows]));
        kernels = new api.Instance(module, {}).exports as Kernels;
      } catch {
        kernels = null; // e.g. a CSP without 'wasm-unsafe-eval', or no SIMD: the TypeScript paths run
      }
    }
  }
  return kernels;
}

/** Tests and benchmarks switch the WebAssembly kernels off to run (and compare) the TypeScript twins. */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Bump allocation in the kernels' memory for one call: reserve regions, then `commit` grows the
 * memory if needed and returns byte/int32/float32 views (taken after growing, which detaches old views).
 */
export class Arena {
  private top = 0;

  constructor(private readonly k: Kernels) {}

  alloc(bytes: number): number {
    const at = this.top;
    this.top += (bytes + 15) & ~15;
    return at;
  }

  commit(): { u8: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array } {
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / 65536));
    const buf = this.k.memory.buffer;
    return { u8: new Uint8Array(buf), i32: new Int32Array(buf), f32: new Float32Array(buf), f64: new Float64Array(buf) };
  }
}
