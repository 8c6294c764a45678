/**
 * Frame timing of a multi-frame image, in CLINICAL.md's order of preference:
 * FrameTime (0018,1063), FrameTimeVector (0018,1065), RecommendedDisplayFrameRate (0008,2144),
 * CineRate (0018,0040). Timing measures in VFSS are frame intervals times the frame time, so a
 * value that cannot be trusted is skipped with a warning, never resampled or guessed.
 */
import type { FrameTiming } from '../api/domain';

export interface FrameTimingAttributes {
  frames: number;
  frameTimeMs?: number | null;
  frameTimeVectorMs?: number[] | null;
  recommendedDisplayFrameRate?: number | null;
  cineRate?: number | null;
}

/** FrameTiming plus the reasons any present attribute was not used (for import reports). */
export type FrameTimingResult = FrameTiming & { warnings: string[] };

/** Increments closer than this (ms) count as equal: vectors are often written with rounding. */
const EQUAL_TOLERANCE_MS = 1e-3;

function positiveFinite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** Uniform timing from an interval (FrameTime) or a rate (the *Rate attributes), each kept exact. */
function uniform(frames: number, t: { intervalMs: number } | { fps: number }, source: FrameTiming['source']): FrameTiming {
  const intervalMs = 'intervalMs' in t ? t.intervalMs : 1000 / t.fps;
  const fps = 'fps' in t ? t.fps : 1000 / t.intervalMs;
  const timestampsMs = Array.from({ length: Math.max(0, frames) }, (_, i) => i * intervalMs);
  return { fps, timestampsMs, source, variable: false };
}

/**
 * PS3.3 C.7.6.5.1.2: "the real time increments (in msec) between frames ... The first frame always
 * has a time increment of 0". Some writers put the time of frame 1 there instead; either way the
 * first value does not move frame 0, which is the time origin.
 */
function fromVector(frames: number, vector: readonly number[], warnings: string[]): FrameTiming | null {
  if (vector.some((v) => !Number.isFinite(v) || v < 0)) {
    warnings.push('FrameTimeVector (0018,1065) has negative or non-numeric values; ignored');
    return null;
  }
  let increments: readonly number[];
  if (vector.length === frames) {
    increments = vector.slice(1);
  } else if (frames > 1 && vector.length === frames - 1) {
    // Writers that omit the leading 0 still give one increment per frame after the first.
    increments = vector;
    warnings.push(
      `FrameTimeVector (0018,1065) has ${vector.length} values for ${frames} frames; ` +
        'read as the increments after frame 1 (leading 0 missing)',
    );
  } else {
    warnings.push(
      `FrameTimeVector (0018,1065) has ${vector.length} values for ${frames} frames; ignored`,
    );
    return null;
  }
  if (frames > 1 && increments.every((v) => v === 0)) {
    warnings.push('FrameTimeVector (0018,1065) has only zero increments; ignored');
    return null;
  }
  const timestampsMs = [0];
  for (const inc of increments) timestampsMs.push((timestampsMs[timestampsMs.length - 1] ?? 0) + inc);
  const first = increments[0];
  const variable = first !== undefined && increments.some((v) => Math.abs(v - first) > EQUAL_TOLERANCE_MS);
  const durationMs = timestampsMs[timestampsMs.length - 1] ?? 0;
  const fps = frames > 1 && durationMs > 0 ? ((frames - 1) * 1000) / durationMs : null;
  return { fps, timestampsMs, source: 'FrameTimeVector', variable };
}

export function frameTimingFromAttributes(a: FrameTimingAttributes): FrameTimingResult {
  const warnings: string[] = [];
  const frames = Number.isInteger(a.frames) && a.frames > 0 ? a.frames : 0;

  if (a.frameTimeMs !== null && a.frameTimeMs !== undefined) {
    if (positiveFinite(a.frameTimeMs)) return { ...uniform(frames, { intervalMs: a.frameTimeMs }, 'FrameTime'), warnings };
    warnings.push(`FrameTime (0018,1063) is ${a.frameTimeMs} ms; ignored`);
  }
  if (a.frameTimeVectorMs && a.frameTimeVectorMs.length > 0) {
    const t = fromVector(frames, a.frameTimeVectorMs, warnings);
    if (t) return { ...t, warnings };
  }
  if (a.recommendedDisplayFrameRate !== null && a.recommendedDisplayFrameRate !== undefined) {
    if (positiveFinite(a.recommendedDisplayFrameRate)) {
      return {
        ...uniform(frames, { fps: a.recommendedDisplayFrameRate }, 'RecommendedDisplayFrameRate'),
        warnings,
      };
    }
    warnings.push(
      `RecommendedDisplayFrameRate (0008,2144) is ${a.recommendedDisplayFrameRate}; ignored`,
    );
  }
  if (a.cineRate !== null && a.cineRate !== undefined) {
    if (positiveFinite(a.cineRate)) return { ...uniform(frames, { fps: a.cineRate }, 'CineRate'), warnings };
    warnings.push(`CineRate (0018,0040) is ${a.cineRate}; ignored`);
  }
  return { fps: null, timestampsMs: null, source: 'none', variable: false, warnings };
}
