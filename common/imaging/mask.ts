/**
 * Model output → binary mask on the source frame: activation, threshold, undoing the letterbox,
 * small-component removal and RLE. Shared by the inference host and the validation code.
 */
import type { Letterbox } from './resize';

export { removeSmallComponents } from './components';
export { rleDecode, rleEncode } from './rle';

/**
 * 'sigmoid' element-wise; 'softmax' across `channels` planes of a C×H×W tensor (per pixel,
 * max-subtracted so large logits do not overflow); 'none' returns a copy.
 */
export function activate(values: Float32Array, activation: 'none' | 'sigmoid' | 'softmax', channels = 1): Float32Array {
  const out = new Float32Array(values.length);
  if (activation === 'none') {
    out.set(values);
    return out;
  }
  if (activation === 'sigmoid') {
    for (let i = 0; i < values.length; i++) out[i] = 1 / (1 + Math.exp(-values[i]!));
    return out;
  }
  if (!Number.isInteger(channels) || channels < 1 || values.length % channels !== 0) {
    throw new RangeError(`softmax: ${values.length} values do not split into ${channels} channels`);
  }
  const plane = values.length / channels;
  for (let p = 0; p < plane; p++) {
    let max = -Infinity;
    for (let c = 0; c < channels; c++) max = Math.max(max, values[c * plane + p]!);
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += Math.exp(values[c * plane + p]! - max);
    for (let c = 0; c < channels; c++) out[c * plane + p] = Math.exp(values[c * plane + p]! - max) / sum;
  }
  return out;
}

/** 1 where prob ≥ t, over `length` values from `offset` (one channel of a C×H×W tensor). */
export function threshold(prob: Float32Array, t: number, offset = 0, length = prob.length - offset): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > prob.length) throw new RangeError('threshold: range outside the tensor');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = prob[offset + i]! >= t ? 1 : 0;
  return out;
}

/**
 * A model-size probability map (box.width × box.height) back to the source frame
 * (box.srcWidth × box.srcHeight): each source pixel centre is mapped into the letterboxed content
 * with the resize convention, the probabilities are interpolated bilinearly (clamped to the
 * content, so padding never leaks in) and then thresholded at ≥ t — so mask edges follow the
 * probability contour instead of the model's pixel grid.
 */
export function probabilityToSourceMask(prob: Float32Array, box: Letterbox, t: number): Uint8Array {
  const { width: W, srcWidth: sw, srcHeight: sh, contentWidth: cw, contentHeight: ch, offsetX: ox, offsetY: oy } = box;
  if (prob.length !== W * box.height) throw new RangeError(`probability map has ${prob.length} values, ${W}×${box.height} expected`);
  const out = new Uint8Array(sw * sh);
  // A bilinear value is a convex combination of its four neighbours: when all four are ≥ t (or all
  // < t) the result is decided without interpolating. Only cells on the contour need arithmetic,
  // and source rows between two model rows with nothing above t are skipped — exact, and several
  // times faster for the small, sparse masks segmentation produces.
  const above = new Uint8Array(prob.length);
  const rowAny = new Uint8Array(box.height);
  for (let j = 0; j < box.height; j++) {
    let any = 0;
    for (let i = j * W, end = i + W; i < end; i++) {
      const a = prob[i]! >= t ? 1 : 0;
      above[i] = a;
      any |= a;
    }
    rowAny[j] = any;
  }
  const x0 = new Int32Array(sw);
  const x1 = new Int32Array(sw);
  const fx = new Float64Array(sw);
  for (let x = 0; x < sw; x++) {
    const u = Math.min(Math.max((x + 0.5) * box.scaleX - 0.5, 0), cw - 1);
    const i = Math.floor(u);
    x0[x] = ox + i;
    x1[x] = ox + Math.min(i + 1, cw - 1);
    fx[x] = u - i;
  }
  for (let y = 0; y < sh; y++) {
    const v = Math.min(Math.max((y + 0.5) * box.scaleY - 0.5, 0), ch - 1);
    const j = Math.floor(v);
    const j1 = Math.min(j + 1, ch - 1);
    if (!rowAny[oy + j] && !rowAny[oy + j1]) continue;
    const fy = v - j;
    const r0 = (oy + j) * W;
    const r1 = (oy + j1) * W;
    const o = y * sw;
    for (let x = 0; x < sw; x++) {
      const a = x0[x]!;
      const b = x1[x]!;
      const n = above[r0 + a]! + above[r0 + b]! + above[r1 + a]! + above[r1 + b]!;
      if (n === 0) continue;
      if (n === 4) {
        out[o + x] = 1;
        continue;
      }
      const f = fx[x]!;
      const top = prob[r0 + a]! + (prob[r0 + b]! - prob[r0 + a]!) * f;
      const bottom = prob[r1 + a]! + (prob[r1 + b]! - prob[r1 + a]!) * f;
      out[o + x] = top + (bottom - top) * fy >= t ? 1 : 0;
    }
  }
  return out;
}

export function maskArea(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}
