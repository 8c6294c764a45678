/**
 * Which VFSS phantom frames a dataset holds. Frames of a swallow are not equally informative: a
 * 300-frame study is half residue-only frames after the swallow, and the frames that matter (the
 * bolus moving through the pharynx) are a short stretch. Each phantom contributes `framesPerPhantom`
 * frames drawn from four strata defined by the phantom's event truth (see VfssEventsTruth):
 *
 * | stratum      | frames                                               | share |
 * |--------------|------------------------------------------------------|-------|
 * | `empty`      | before the bolus appears (bolus mask empty)          | ~8 %  |
 * | `oral`       | bolus in the mouth, before firstPosteriorMovement    | ~12 % |
 * | `pharyngeal` | firstPosteriorMovement … tailThroughUes + 2          | rest  |
 * | `residue`    | after that (only residue in vallecula / pyriform)    | ~18 % |
 *
 * Shared by the dataset writer and the evaluation of shipped models, so a metric's frames are
 * drawn the same way as the training frames (from other seeds).
 */
import { createRng, type VfssDifficulty, type VfssPhantom } from '../../common/phantoms';

export type VfssStratum = 'empty' | 'oral' | 'pharyngeal' | 'residue';

export interface VfssPickedFrame {
  frame: number;
  /** The stratum the frame was drawn for (`empty` only when the frame was checked to have no bolus). */
  stratum: VfssStratum;
}

/** Phantom `index` of a dataset: seed `baseSeed + index`, difficulties cycled by index. */
export function phantomSpec(baseSeed: number, index: number, difficulties: readonly VfssDifficulty[]): { seed: number; difficulty: VfssDifficulty } {
  const difficulty = difficulties[index % difficulties.length];
  if (!difficulty) throw new RangeError('at least one difficulty is needed');
  return { seed: baseSeed + index, difficulty };
}

/** Frames per stratum for `k` frames per phantom (always at least one pharyngeal frame). */
export function stratumQuota(k: number): Record<VfssStratum, number> {
  const empty = Math.round(k * 0.08);
  const oral = Math.round(k * 0.12);
  const residue = Math.round(k * 0.18);
  // For any k >= 1 the three small strata leave at least one frame for the pharyngeal phase.
  return { empty, oral, residue, pharyngeal: k - empty - oral - residue };
}

/**
 * Picks `k` distinct frames of one phantom, deterministically from (seed, phantom seed). Renders a
 * few candidate frames to tell empty frames from held-bolus frames.
 */
export function pickVfssFrames(phantom: VfssPhantom, phantomSeed: number, k: number): VfssPickedFrame[] {
  const rng = createRng(phantomSeed, 'dataset-frames');
  const ev = phantom.events;
  const last = phantom.frames - 1;
  const pharEnd = Math.min(last, ev.tailThroughUes + 2);
  const ranges: Record<VfssStratum, [number, number]> = {
    empty: [0, Math.max(0, ev.firstPosteriorMovement - 1)],
    oral: [0, Math.max(0, ev.firstPosteriorMovement - 1)],
    pharyngeal: [ev.firstPosteriorMovement, pharEnd],
    residue: [Math.min(last, pharEnd + 1), last],
  };
  const quota = stratumQuota(k);
  const taken = new Set<number>();
  const picked: VfssPickedFrame[] = [];
  const take = (frame: number, stratum: VfssStratum): void => {
    taken.add(frame);
    picked.push({ frame, stratum });
  };
  const drawFrom = (stratum: VfssStratum): number | null => {
    const [a, b] = ranges[stratum];
    for (let attempt = 0; attempt < 50; attempt++) {
      const f = rng.int(a, b);
      if (!taken.has(f)) return f;
    }
    return null;
  };
  // Empty frames: the first frames of the clip, before the bolus enters the field.
  for (let i = 0; i < quota.empty; i++) {
    let chosen: number | null = null;
    for (let attempt = 0; attempt < 4 && chosen === null; attempt++) {
      const f = rng.int(0, Math.max(0, Math.floor(ev.firstPosteriorMovement / 3)));
      if (!taken.has(f) && phantom.renderFrame(f).bolusAreaPx === 0) chosen = f;
    }
    if (chosen !== null) take(chosen, 'empty');
  }
  for (const stratum of ['oral', 'residue', 'pharyngeal'] as const) {
    for (let i = 0; i < quota[stratum]; i++) {
      const f = drawFrom(stratum);
      if (f !== null) take(f, stratum);
    }
  }
  // Whatever a short stratum could not give comes from the pharyngeal phase, then from anywhere.
  while (picked.length < k) {
    const f = drawFrom('pharyngeal') ?? drawFrom('residue') ?? drawFrom('oral');
    if (f === null) break;
    take(f, f <= ranges.oral[1] ? 'oral' : f <= pharEnd ? 'pharyngeal' : 'residue');
  }
  return picked.sort((a, b) => a.frame - b.frame);
}
