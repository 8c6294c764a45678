/**
 * A frame → the model's input: the enhanced channels at model size, C×H×W. The dataset writer
 * stores the uint8 channels (preprocessChannelsU8); inference scales the same bytes to float
 * (preprocessFrame), so training and inference share every step up to the scaling, which is
 * (v / 255 − mean) / std, rounded once to float32.
 */
import { enhanceChannels } from './enhance';
import type { Gray8 } from './image';
import { fitToModel, type Letterbox } from './resize';
import type { Preprocessing } from './steps';
import { Arena, wasmKernels, type Kernels } from './wasm/kernels';

/** Fills `channels` (C·H·W bytes) with each enhancement of the frame at model size. */
function writeChannels(frame: Gray8, prep: Preprocessing, channels: Uint8Array): Letterbox {
  const { width, height } = prep;
  const plane = width * height;
  if (prep.order === 'resizeThenEnhance') {
    const { image, box } = fitToModel(frame, width, height, prep.fit);
    enhanceChannels(image, prep.channels, channels);
    return box;
  }
  const n = frame.width * frame.height;
  const enhanced = enhanceChannels(frame, prep.channels);
  let box: Letterbox | null = null;
  for (let c = 0; c < prep.channels.length; c++) {
    const e: Gray8 = { width: frame.width, height: frame.height, data: enhanced.subarray(c * n, (c + 1) * n) };
    box = fitToModel(e, width, height, prep.fit, channels.subarray(c * plane, (c + 1) * plane)).box;
  }
  if (!box) throw new Error('preprocessing has no channels');
  return box;
}

export function preprocessChannelsU8(frame: Gray8, prep: Preprocessing): { channels: Uint8Array; box: Letterbox } {
  const channels = new Uint8Array(prep.channels.length * prep.width * prep.height);
  return { channels, box: writeChannels(frame, prep, channels) };
}

/** The 256 float values a byte scales to. */
export function scalingTable(mean: number, std: number): Float32Array {
  const t = new Float32Array(256);
  for (let v = 0; v < 256; v++) t[v] = (v / 255 - mean) / std;
  return t;
}

let channelScratch = new Uint8Array(0);

/**
 * The scaling as one float64 multiply-add a byte, `v · (1 / (255·std)) − mean / std`, rounded to
 * float32 (WebAssembly's scaleBytes, 16 bytes a step), where that gives every byte exactly its
 * table value: checked over all 256 bytes once per (mean, std). Otherwise (or without WebAssembly)
 * the table.
 */
let affine: { key: string; a: number; b: number; ok: boolean } | null = null;

function affineScaling(mean: number, std: number, table: Float32Array): { a: number; b: number } | null {
  const key = `${mean}|${std}`;
  if (affine?.key !== key) {
    const a = 1 / (255 * std);
    const b = -mean / std;
    let ok = true;
    for (let v = 0; v < 256 && ok; v++) ok = Math.fround(v * a + b) === table[v];
    affine = { key, a, b, ok };
  }
  return affine.ok ? affine : null;
}

function scaleWasm(k: Kernels, bytes: Uint8Array, a: number, b: number, tensor: Float32Array): void {
  const n = bytes.length;
  const arena = new Arena(k);
  const src = arena.alloc(n);
  const dst = arena.alloc(4 * n);
  const mem = arena.commit();
  mem.u8.set(bytes, src);
  k.scaleBytes(src, n, a, b, dst);
  tensor.set(mem.f32.subarray(dst >> 2, (dst >> 2) + n));
}

export function preprocessFrame(frame: Gray8, prep: Preprocessing, out?: Float32Array): { tensor: Float32Array; box: Letterbox } {
  const n = prep.channels.length * prep.width * prep.height;
  const tensor = out ?? new Float32Array(n);
  if (tensor.length !== n) throw new RangeError(`out tensor has ${tensor.length} values, ${n} needed`);
  if (channelScratch.length !== n) channelScratch = new Uint8Array(n);
  const bytes = channelScratch;
  const box = writeChannels(frame, prep, bytes);
  const table = scalingTable(prep.mean, prep.std);
  const k = n % 16 === 0 ? wasmKernels() : null;
  const fast = k ? affineScaling(prep.mean, prep.std, table) : null;
  if (k && fast) scaleWasm(k, bytes, fast.a, fast.b, tensor);
  else for (let i = 0; i < n; i++) tensor[i] = table[bytes[i]!]!;
  return { tensor, box };
}
