/**
 * Model output → binary mask on the source frame: activation, threshold, undoing the letterbox,
 * small-component removal and RLE. Shared by the inference host and the validation code.
 */
import { probabilityToSourceRuns } from './maskRuns';
import type { Letterbox } from './resize';
import { rleDecode } from './rle';

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
 * probability contour instead of the model's pixel grid. Computed as runs (maskRuns.ts, what the
 * inference host uses) and decoded.
 */
export function probabilityToSourceMask(prob: Float32Array, box: Letterbox, t: number): Uint8Array {
  return rleDecode(probabilityToSourceRuns(prob, box, t).rle, box.srcWidth * box.srcHeight);
}

export function maskArea(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}
