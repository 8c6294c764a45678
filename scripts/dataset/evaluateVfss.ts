/**
 * Accuracy of a VFSS bolus model the way the app runs it: fresh phantom frames (drawn like the
 * training frames by pickVfssFrames, from seeds no training set uses) → runFrames (preprocessFrame,
 * onnxruntime-node, the card's threshold, source-size decoding and minComponentPx) → Dice against
 * the phantom's own 512² masks. The numbers in the shipped model card come from here.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { removeSmallComponents } from '../../common/imaging/components';
import { activate, rleDecode, threshold } from '../../common/imaging/mask';
import { preprocessFrame } from '../../common/imaging/tensor';
import { dice } from '../../common/measure/overlap';
import type { ModelCard } from '../../common/models/modelCard';
import { createVfssPhantom, type VfssDifficulty, type VfssFrame, type VfssStructure } from '../../common/phantoms';
import { runFrames } from '../../electron/node/inference/runFrames';
import { maskToModel } from './vfssDataset';
import { phantomSpec, pickVfssFrames, type VfssStratum } from './vfssSampling';

export interface VfssEvaluationOptions {
  /** Phantom i has seed `seed + i`. */
  seed: number;
  phantoms: number;
  framesPerPhantom: number;
  difficulties: VfssDifficulty[];
  sourceSize?: number;
  clipFrames?: number;
  batch?: number;
}

export interface Summary {
  mean: number;
  sd: number;
  n: number;
}

export interface VfssEvaluation {
  frames: number;
  /** Mean ± sd of per-frame bolus Dice over frames whose truth has bolus. */
  bolusDice: Summary;
  bolusDiceByStratum: Record<Exclude<VfssStratum, 'empty'>, Summary>;
  /** One Dice over every pixel of every frame. */
  bolusGlobalDice: number;
  /** Share of bolus-free frames with any predicted bolus pixel. */
  emptyFalsePositiveRate: Summary;
  /** Per structure: mean over frames whose truth has it. */
  structureDice: Partial<Record<Exclude<VfssStructure, 'bolus'>, Summary>>;
  /**
   * The same bolus figures at the model's input resolution: the raw `bolus` output thresholded at
   * the card's threshold, components smaller than minComponentPx·scale² removed, against the
   * phantom mask resized by maskToModel (the dataset's masks).
   */
  modelResolution: { bolusDice: Summary; bolusDiceByStratum: Record<Exclude<VfssStratum, 'empty'>, Summary>; emptyFalsePositiveRate: Summary };
  /** runFrames time per frame (preprocessing, inference, decoding) on this machine. */
  msPerFrame: number;
}

export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd, n };
}

/** The frames an evaluation uses, in order: (phantom seed, difficulty, frame, stratum). */
export function* evaluationFrames(opts: VfssEvaluationOptions): Generator<{ seed: number; difficulty: VfssDifficulty; stratum: VfssStratum; frame: VfssFrame; index: number; width: number; height: number }> {
  const size = opts.sourceSize ?? 512;
  for (let i = 0; i < opts.phantoms; i++) {
    const spec = phantomSpec(opts.seed, i, opts.difficulties);
    const phantom = createVfssPhantom({ ...spec, frames: opts.clipFrames ?? 300, width: size, height: size, fps: 30 });
    for (const pick of pickVfssFrames(phantom, spec.seed, opts.framesPerPhantom)) {
      const frame = phantom.renderFrame(pick.frame);
      const stratum = pick.stratum === 'oral' && frame.bolusAreaPx === 0 ? 'empty' : pick.stratum;
      yield { seed: spec.seed, difficulty: spec.difficulty, stratum, frame, index: pick.frame, width: size, height: size };
    }
  }
}

export async function evaluateVfssModel(session: InferenceSession, card: ModelCard, opts: VfssEvaluationOptions): Promise<VfssEvaluation> {
  if (card.decoding.type !== 'segmentation') throw new Error('not a segmentation model');
  const structures = ['cervicalSpine', 'mandible', 'hyoid'] as const;
  const bolusDices: number[] = [];
  const byStratum: Record<Exclude<VfssStratum, 'empty'>, number[]> = { oral: [], pharyngeal: [], residue: [] };
  const emptyFp: number[] = [];
  const structureDices: Record<string, number[]> = {};
  let inter = 0;
  let total = 0;
  let frames = 0;
  let ms = 0;
  const model = { dices: [] as number[], byStratum: { oral: [], pharyngeal: [], residue: [] } as Record<Exclude<VfssStratum, 'empty'>, number[]>, emptyFp: [] as number[] };
  const bolusClass = card.decoding.classes.find((c) => c.name === 'bolus');
  if (!bolusClass) throw new Error('the model card decodes no "bolus" class');
  const prep = card.preprocessing;
  const batchSize = opts.batch ?? 8;
  let batch: Array<{ stratum: VfssStratum; frame: VfssFrame; width: number; height: number }> = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const t0 = performance.now();
    const results = await runFrames(
      session,
      card,
      batch.map((b, i) => ({ index: i, image: { width: b.width, height: b.height, data: b.frame.image } })),
    );
    ms += performance.now() - t0;
    const modelMasks = await modelResolutionMasks(
      session,
      card,
      batch.map((b) => ({ width: b.width, height: b.height, data: b.frame.image })),
    );
    results.forEach((r, i) => {
      const item = batch[i]!;
      const n = item.width * item.height;
      const maskOf = (name: string): Uint8Array => {
        const m = r.masks.find((x) => x.name === name);
        if (!m) throw new Error(`the model card decodes no class "${name}"`);
        return rleDecode(m.rle, n);
      };
      const pred = maskOf('bolus');
      const truth = item.frame.masks.bolus;
      let predPx = 0;
      for (let p = 0; p < n; p++) {
        const a = pred[p] ? 1 : 0;
        const b = truth[p] ? 1 : 0;
        inter += a & b;
        total += a + b;
        predPx += a;
      }
      if (item.frame.bolusAreaPx > 0) {
        const d = dice(pred, truth);
        bolusDices.push(d);
        if (item.stratum !== 'empty') byStratum[item.stratum].push(d);
      } else {
        emptyFp.push(predPx > 0 ? 1 : 0);
      }
      for (const s of structures) {
        if (!r.masks.some((x) => x.name === s)) continue;
        const t = item.frame.masks[s];
        if (!t.some((v) => v !== 0)) continue;
        (structureDices[s] ??= []).push(dice(maskOf(s), t));
      }
      const modelTruth = maskToModel(truth, item.width, item.height, prep);
      const modelPred = modelMasks[i]!;
      if (modelTruth.some((v) => v !== 0)) {
        const d = dice(modelPred, modelTruth);
        model.dices.push(d);
        if (item.stratum !== 'empty') model.byStratum[item.stratum].push(d);
      } else {
        model.emptyFp.push(modelPred.some((v) => v !== 0) ? 1 : 0);
      }
      frames++;
    });
    batch = [];
  };
  for (const item of evaluationFrames(opts)) {
    batch.push(item);
    if (batch.length === batchSize) await flush();
  }
  await flush();
  const structureDice: VfssEvaluation['structureDice'] = {};
  for (const s of structures) if (structureDices[s]) structureDice[s] = summarise(structureDices[s]);
  return {
    frames,
    bolusDice: summarise(bolusDices),
    bolusDiceByStratum: { oral: summarise(byStratum.oral), pharyngeal: summarise(byStratum.pharyngeal), residue: summarise(byStratum.residue) },
    bolusGlobalDice: total ? (2 * inter) / total : 1,
    emptyFalsePositiveRate: summarise(emptyFp),
    structureDice,
    modelResolution: {
      bolusDice: summarise(model.dices),
      bolusDiceByStratum: { oral: summarise(model.byStratum.oral), pharyngeal: summarise(model.byStratum.pharyngeal), residue: summarise(model.byStratum.residue) },
      emptyFalsePositiveRate: summarise(model.emptyFp),
    },
    msPerFrame: frames ? ms / frames : 0,
  };

  /** Bolus masks at model size: preprocessFrame → graph → threshold → small components removed (scaled to model pixels). */
  async function modelResolutionMasks(s: InferenceSession, c: ModelCard, images: Array<{ width: number; height: number; data: Uint8Array }>): Promise<Uint8Array[]> {
    const plane = prep.width * prep.height;
    const per = prep.channels.length * plane;
    const input = new Float32Array(images.length * per);
    const boxes = images.map((img, i) => preprocessFrame(img, prep, input.subarray(i * per, (i + 1) * per)).box);
    const inputName = c.inputs[0]?.name ?? 'frames';
    const out = (await s.run({ [inputName]: new Tensor('float32', input, [images.length, prep.channels.length, prep.height, prep.width]) }))[bolusClass!.output];
    if (!out || !(out.data instanceof Float32Array)) throw new Error(`no float32 output "${bolusClass!.output}"`);
    const data = out.data;
    const channels = Number(out.dims[1] ?? 1);
    return images.map((_, b) => {
      const raw = data.subarray((b * channels + bolusClass!.channel) * plane, (b * channels + bolusClass!.channel + 1) * plane);
      const prob = c.decoding.type === 'segmentation' && c.decoding.activation === 'sigmoid' ? activate(raw, 'sigmoid') : raw;
      const mask = threshold(prob, bolusClass!.threshold);
      const box = boxes[b]!;
      const minPx = Math.ceil(bolusClass!.minComponentPx * box.scaleX * box.scaleY);
      return minPx > 1 ? removeSmallComponents(mask, prep.width, prep.height, minPx) : mask;
    });
  }
}
