/**
 * Cine playback arithmetic, independent of any clock or renderer: which frame is on screen at a
 * given media time, with real (possibly variable) frame times, a loop range and a speed factor.
 * Frames are never resampled: a frame is shown from its own timestamp until the next one's.
 */

export interface FrameRange {
  /** First frame of the loop, inclusive (0-based). */
  start: number;
  /** Last frame of the loop, inclusive. */
  end: number;
}

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;
export type Speed = (typeof SPEEDS)[number];

/** How long frame i stays on screen: the gap to the next timestamp (the last frame repeats the previous gap). */
export function frameDurationMs(timestamps: readonly number[], i: number): number {
  const n = timestamps.length;
  if (n < 2) return 0;
  const a = Math.min(Math.max(i, 0), n - 1);
  if (a < n - 1) return (timestamps[a + 1] as number) - (timestamps[a] as number);
  return (timestamps[n - 1] as number) - (timestamps[n - 2] as number);
}

export function clampRange(range: FrameRange, frames: number): FrameRange {
  const start = Math.min(Math.max(0, Math.floor(range.start)), Math.max(0, frames - 1));
  const end = Math.min(Math.max(start, Math.floor(range.end)), Math.max(0, frames - 1));
  return { start, end };
}

/** Media-time interval [t0, t1) covered by the range. */
export function rangeSpanMs(timestamps: readonly number[], range: FrameRange): { t0: number; t1: number } {
  const t0 = timestamps[range.start] ?? 0;
  const t1 = (timestamps[range.end] ?? 0) + frameDurationMs(timestamps, range.end);
  return { t0, t1 };
}

/** Largest frame index in the range whose timestamp is <= t (binary search). */
export function frameAtTime(timestamps: readonly number[], range: FrameRange, t: number): number {
  let lo = range.start;
  let hi = range.end;
  if (t <= (timestamps[lo] ?? 0)) return lo;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((timestamps[mid] ?? Infinity) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Media time after `elapsedWallMs` of playback at `speed` that started at media time `fromMs`.
 * With `loop`, time wraps inside the range; without it, it stops at the range's end (`ended`).
 */
export function advance(
  timestamps: readonly number[],
  range: FrameRange,
  fromMs: number,
  elapsedWallMs: number,
  speed: number,
  loop: boolean,
): { mediaMs: number; ended: boolean } {
  const { t0, t1 } = rangeSpanMs(timestamps, range);
  const span = t1 - t0;
  const t = fromMs + elapsedWallMs * speed;
  if (span <= 0) return { mediaMs: t0, ended: !loop };
  if (t < t1) return { mediaMs: Math.max(t, t0), ended: false };
  if (!loop) return { mediaMs: timestamps[range.end] ?? t0, ended: true };
  return { mediaMs: t0 + ((t - t0) % span), ended: false };
}

/** Frames skipped when the display moves from `previous` to `next` (wrapping inside the range). */
export function skippedBetween(previous: number, next: number, range: FrameRange): number {
  if (next === previous) return 0;
  if (next > previous) return next - previous - 1;
  return range.end - previous + (next - range.start);
}

/** Time of a frame relative to the chosen origin frame, in ms (negative before the origin). */
export function timeFromOriginMs(timestamps: readonly number[] | null, frame: number, originFrame: number): number | null {
  if (!timestamps) return null;
  const a = timestamps[frame];
  const o = timestamps[originFrame];
  return a === undefined || o === undefined ? null : a - o;
}
