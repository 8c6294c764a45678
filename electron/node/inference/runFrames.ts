import { Tensor, type InferenceSession } from 'onnxruntime-node';
import type { Gray8 } from '../../../common/imaging/image';
import { activate } from '../../../common/imaging/mask';
import { probabilityToSourceRuns, removeSmallComponentsRuns } from '../../../common/imaging/maskRuns';
import { preprocessFrame } from '../../../common/imaging/tensor';
import type { ModelCard } from '../../../common/models/modelCard';
import type { ClassMask, FrameResult } from './protocol';

/**
 * Input tensors handed back after their run, for the next run of the same size: a lane runs one
 * frame after another, and a fresh 0.5 MB tensor a frame keeps the garbage collector busy (external
 * memory pressure). A pool, not a single buffer, so that overlapping runs never share one.
 */
const freeInputs: Float32Array[] = [];

function takeInput(length: number): Float32Array {
  const i = freeInputs.findIndex((b) => b.length === length);
  return (i >= 0 ? freeInputs.splice(i, 1)[0] : undefined) ?? new Float32Array(length);
}

function giveBack(input: Float32Array): void {
  if (freeInputs.length >= 4) freeInputs.shift();
  freeInputs.push(input);
}

/**
 * Preprocess → infer → decode for a batch of frames, exactly as the model card says. Shared by the
 * inference host, the shipped-model accuracy test and the pipeline benchmark.
 */
export async function runFrames(session: InferenceSession, card: ModelCard, frames: ReadonlyArray<{ index: number; image: Gray8 }>): Promise<FrameResult[]> {
  const t0 = performance.now();
  const prep = card.preprocessing;
  const channels = prep.channels.length;
  const plane = prep.width * prep.height;
  const input = takeInput(frames.length * channels * plane);
  const boxes = frames.map((f, i) => preprocessFrame(f.image, prep, input.subarray(i * channels * plane, (i + 1) * channels * plane)).box);
  const inputSpec = card.inputs[0];
  if (!inputSpec) throw new Error('The model card names no input.');
  const feeds = { [inputSpec.name]: new Tensor('float32', input, [frames.length, channels, prep.height, prep.width]) };
  let outputs: InferenceSession.OnnxValueMapType;
  try {
    outputs = await session.run(feeds);
  } finally {
    giveBack(input);
  }
  if (card.decoding.type !== 'segmentation') throw new Error(`Decoding "${card.decoding.type}" is not a segmentation; this runner produces masks.`);
  const decoding = card.decoding;
  const results: FrameResult[] = frames.map((f) => ({ frame: f.index, width: f.image.width, height: f.image.height, masks: [], ms: 0 }));
  for (const cls of decoding.classes) {
    const out = outputs[cls.output];
    if (!out) throw new Error(`The model did not produce output "${cls.output}" named in its card.`);
    const data = out.data;
    if (!(data instanceof Float32Array)) throw new Error(`Output "${cls.output}" is ${out.type}, not float32.`);
    const outChannels = Number(out.dims[1] ?? 1);
    for (let b = 0; b < frames.length; b++) {
      const start = (b * outChannels + cls.channel) * plane;
      const raw = data.subarray(start, start + plane);
      const prob = decoding.activation === 'sigmoid' ? activate(raw, 'sigmoid') : raw;
      const box = boxes[b];
      const frame = frames[b];
      const result = results[b];
      if (!box || !frame || !result) continue;
      // Straight to runs: the frame-size mask is never materialised (common/imaging/maskRuns).
      const decoded = probabilityToSourceRuns(prob, box, cls.threshold);
      const mask = cls.minComponentPx > 1 && decoded.area > 0 ? removeSmallComponentsRuns(decoded.rle, frame.image.width, frame.image.height, cls.minComponentPx) : decoded;
      const entry: ClassMask = { name: cls.name, rle: mask.rle, areaPx: mask.area, meanProbability: decoded.meanProbability };
      result.masks.push(entry);
    }
  }
  const ms = (performance.now() - t0) / Math.max(1, frames.length);
  for (const r of results) r.ms = ms;
  return results;
}
