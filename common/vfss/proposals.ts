/**
 * AI proposals for the swallow's event frames, from the bolus track (common/vfss/track.ts), the
 * reference anatomy and, optionally, the hyoid's per-frame position. A person accepts, moves or
 * rejects each proposal; nothing here is final. Definitions follow ../shared/CLINICAL.md §1:
 *
 * - firstPosteriorMovement: first frame, after the bolus is held in the mouth, in which the head has
 *   moved on (≥ 1.5 px further back, or below, than while held, and stays so);
 * - bolusPassesRamus: first frame whose head is below the ramus line (bands.ramus.y1);
 * - uesOpening: first frame whose head has entered the UES band (below bands.ues.y0): the bolus is
 *   what shows the segment open on a swallow study;
 * - tailThroughUes: after the head has passed the UES band, the first frame whose tail is below
 *   bands.ues.y1 or that has no moving bolus left;
 * - uesClosure: the frame after tailThroughUes (the sphincter closes behind the tail; without a UES
 *   mask the first closed frame is taken as the next one);
 * - hyoidBurstOnset: first frame of the hyoid's sustained movement towards its peak excursion.
 *
 * Laryngeal vestibule closure is not visible in bolus or bone masks and is never proposed. An event
 * the data does not show is left out rather than guessed.
 */
import { largestComponentCentroidRuns } from '../imaging/maskRuns';
import { rleEncode } from '../imaging/rle';
import type { EventProposal, TrackPoint, VfssAnatomy } from './schema';

/** Frame range of one bolus, both ends inclusive. */
export interface FrameRange {
  start: number;
  end: number;
}

type Point = [number, number];

export interface HyoidPosition {
  centroid: [number, number];
}

/** The head must move at least this far back (px) from the held position for the first posterior movement. */
const POSTERIOR_MOVE_PX = 1.5;
/** The first posterior movement must be kept up for this many frames (a noisy mask jitters). */
const MOVE_PERSIST = 3;
/** Held bolus: HOLD_FRAMES consecutive heads within HOLD_RADIUS_PX of their median point, drifting less than HOLD_DRIFT_PX. */
const HOLD_FRAMES = 5;
const HOLD_RADIUS_PX = 4;
const HOLD_DRIFT_PX = 3;
/** Hyoid: peak excursion below this fraction of C2–C4 (or px, when unknown) is not a burst. */
const HYOID_MIN_EXCURSION_C2C4 = 0.06;
const HYOID_MIN_EXCURSION_PX = 5;
/** Hyoid step (px/frame) below which it is at rest, at least; raised to 4× the median step. */
const HYOID_REST_SPEED_PX = 0.8;

/**
 * Proposes the events the track supports within `range`, in swallow order. `hyoid` is indexed by
 * frame like `track` (null where unknown).
 */
export function proposeEvents(
  track: TrackPoint[],
  anatomy: VfssAnatomy,
  range: FrameRange,
  hyoid?: ReadonlyArray<HyoidPosition | null>,
): EventProposal[] {
  const frames = framesInRange(track, range);
  const out: EventProposal[] = [];
  const ramus = bolusPassesRamus(frames, anatomy);
  const first = ramus ? firstPosteriorMovement(frames, anatomy, ramus.frame) : null;
  if (first) out.push(first);
  if (ramus) out.push(ramus);
  // The hyoid rests until the bolus starts to move; its burst follows the start of the oral transit.
  const restUntil = first?.frame ?? ramus?.frame ?? null;
  const burst = hyoid ? hyoidBurstOnset(hyoid, range, anatomy.c2c4LengthPx, restUntil) : null;
  if (burst) out.push(burst);
  const opening = ramus ? uesOpening(frames, anatomy, ramus.frame) : null;
  if (opening) {
    out.push(opening);
    const tail = tailThroughUes(frames, anatomy, opening.frame);
    if (tail) {
      out.push(tail);
      const closure = tail.frame + 1;
      if (closure <= range.end && closure < track.length) {
        out.push({
          event: 'uesClosure',
          frame: closure,
          reason: `frame after the bolus tail cleared the UES (frame ${tail.frame}); no UES mask, so closure is assumed on the next frame`,
        });
      }
    }
  }
  return out;
}

/** Analysed track points within the range, in frame order. */
function framesInRange(track: TrackPoint[], range: FrameRange): TrackPoint[] {
  const start = Math.max(0, Math.floor(range.start));
  const end = Math.min(track.length - 1, Math.floor(range.end));
  const out: TrackPoint[] = [];
  for (let f = start; f <= end; f++) {
    const p = track[f];
    if (p && p.analyzed && p.frame === f) out.push(p);
  }
  return out;
}

const fmt = (v: number): string => v.toFixed(0);

/**
 * First frame whose head is below the ramus line after an earlier frame showed it above (a head
 * that is below from the start of the range crossed before it was filmed) and whose next analysed
 * frame does not show it back above (a one-frame blip of a noisy mask is not a crossing).
 */
function bolusPassesRamus(frames: TrackPoint[], anatomy: VfssAnatomy): EventProposal | null {
  const line = anatomy.bands.ramus?.y1;
  if (line === undefined) return null;
  let seenAbove = false;
  for (let i = 0; i < frames.length; i++) {
    const p = frames[i] as TrackPoint;
    if (!p.head) continue;
    if (p.head[1] <= line) {
      seenAbove = true;
      continue;
    }
    if (!seenAbove) continue;
    const next = frames.slice(i + 1).find((q) => q.head !== null);
    if (next?.head && next.head[1] <= line) continue;
    return {
      event: 'bolusPassesRamus',
      frame: p.frame,
      reason: `bolus head crosses the ramus line (y ${fmt(line)}): head at y ${fmt(p.head[1])}`,
    };
  }
  return null;
}

/**
 * First posterior movement. Before the ramus crossing, a frame is still when it lies in a window
 * of HOLD_FRAMES consecutive still heads (`isStill`); the hold is the longest run of them or a
 * later long one at the same place (`holdBefore`). Its last HOLD_FRAMES frames may already show the first slow steps and are left
 * out of it when it is long enough. Over the last ten held frames
 * the head has a median posterior position (x for a patient facing left, −x facing right), a
 * jitter (median absolute deviation) and a lowest row. A head's progress is how far it is behind
 * the held position plus how far it is below the lowest held row: the oral path runs backwards and
 * then turns down, while the held bolus's outline wobbles up and down. The event is the first
 * frame after the held ones from which the progress exceeds max(POSTERIOR_MOVE_PX, 3 × jitter) for
 * MOVE_PERSIST frames in a row and grows by POSTERIOR_MOVE_PX over them.
 */
function firstPosteriorMovement(frames: TrackPoint[], anatomy: VfssAnatomy, ramusFrame: number): EventProposal | null {
  const sign = anatomy.facing === 'left' ? 1 : -1;
  const end = frames.findIndex((p) => p.frame === ramusFrame);
  const hold = holdBefore(frames, end);
  if (!hold) return null;
  // The last still windows may already hold the first slow steps back: the held position is taken
  // before them, and the search starts there.
  const heldEnd = hold.end - hold.start + 1 >= 2 * HOLD_FRAMES ? hold.end - HOLD_FRAMES + 1 : hold.end;
  const heldHeads: Point[] = [];
  for (let i = heldEnd; i >= hold.start && heldHeads.length < 10; i--) {
    const head = (frames[i] as TrackPoint).head;
    if (!head) break;
    heldHeads.push(head);
  }
  const posterior = heldHeads.map((h) => sign * h[0]);
  const rest = median(posterior);
  const lowest = Math.max(...heldHeads.map((h) => h[1]));
  const jitter = median(posterior.map((q) => Math.abs(q - rest)));
  const threshold = Math.max(POSTERIOR_MOVE_PX, 3 * jitter);
  const progress = (i: number): number | null => {
    const head = (frames[i] as TrackPoint).head;
    return head ? sign * head[0] - rest + Math.max(0, head[1] - lowest) : null;
  };
  const ahead = (i: number): boolean => (progress(i) ?? -Infinity) >= threshold;
  for (let i = heldEnd + 1; i <= end; i++) {
    // Sustained: this frame and the next MOVE_PERSIST - 1 (up to the ramus crossing) are all ahead,
    // and the head keeps moving on over them (a wobbling outline stays where it is).
    const last = Math.min(end, i + MOVE_PERSIST - 1);
    let sustained = (progress(last) ?? -Infinity) >= (progress(i) ?? Infinity) + (last > i ? POSTERIOR_MOVE_PX : 0);
    for (let j = i; j <= last; j++) sustained &&= ahead(j);
    if (!sustained) continue;
    return {
      event: 'firstPosteriorMovement',
      frame: (frames[i] as TrackPoint).frame,
      reason: `bolus head moves ${fmt(progress(i) ?? 0)} px on from where it was held (frames up to ${(frames[heldEnd] as TrackPoint).frame})`,
    };
  }
  return null;
}

/**
 * The hold, as indices: the longest run of still frames before `end`, or a later run at least
 * 2 × HOLD_FRAMES long where the head sits at the same place (median heads within
 * 2 × HOLD_RADIUS_PX): a held bolus may wobble out of stillness for a frame or two, while a pause
 * during the transit is further along.
 */
function holdBefore(frames: TrackPoint[], end: number): { start: number; end: number } | null {
  const still = new Uint8Array(Math.max(0, end));
  for (let i = HOLD_FRAMES - 1; i < end; i++) {
    const window = frames.slice(i - HOLD_FRAMES + 1, i + 1);
    const span = (window[window.length - 1] as TrackPoint).frame - (window[0] as TrackPoint).frame;
    if (span === HOLD_FRAMES - 1 && isStill(window)) still.fill(1, i - HOLD_FRAMES + 1, i + 1);
  }
  const runs: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < still.length; i++) {
    if (!still[i]) continue;
    const last = runs[runs.length - 1];
    if (last && last.end === i - 1) last.end = i;
    else runs.push({ start: i, end: i });
  }
  const length = (r: { start: number; end: number }): number => r.end - r.start + 1;
  const longest = runs.reduce<{ start: number; end: number } | null>((best, r) => (!best || length(r) >= length(best) ? r : best), null);
  if (!longest) return null;
  const place = medianHead(frames, longest);
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k] as { start: number; end: number };
    if (run === longest) return run;
    if (length(run) < 2 * HOLD_FRAMES) continue;
    const here = medianHead(frames, run);
    if (Math.hypot(here[0] - place[0], here[1] - place[1]) <= 2 * HOLD_RADIUS_PX) return run;
  }
  return longest;
}

/** Median head position over frames[run.start..run.end] (all have heads: they are still). */
function medianHead(frames: TrackPoint[], run: { start: number; end: number }): Point {
  const heads = frames.slice(run.start, run.end + 1).map((p) => p.head).filter((h): h is Point => h !== null);
  return [median(heads.map((h) => h[0])), median(heads.map((h) => h[1]))];
}

/**
 * Heads present, all within HOLD_RADIUS_PX of their median point, and not drifting: the mean of the
 * first two and of the last two are within HOLD_DRIFT_PX (a slow transit creeps on; a held bolus's
 * outline only wobbles).
 */
function isStill(points: TrackPoint[]): boolean {
  const heads = points.map((p) => p.head).filter((h): h is Point => h !== null);
  if (heads.length < points.length || heads.length < 4) return false;
  const mx = median(heads.map((h) => h[0]));
  const my = median(heads.map((h) => h[1]));
  if (!heads.every((h) => Math.hypot(h[0] - mx, h[1] - my) <= HOLD_RADIUS_PX)) return false;
  const [a, b] = heads.slice(0, 2) as [Point, Point];
  const [c, d] = heads.slice(-2) as [Point, Point];
  return Math.hypot((c[0] + d[0] - a[0] - b[0]) / 2, (c[1] + d[1] - a[1] - b[1]) / 2) <= HOLD_DRIFT_PX;
}

/** First frame after the ramus crossing whose head is in or below the UES band. */
function uesOpening(frames: TrackPoint[], anatomy: VfssAnatomy, ramusFrame: number): EventProposal | null {
  const top = anatomy.bands.ues?.y0;
  if (top === undefined) return null;
  for (const p of frames) {
    if (p.frame < ramusFrame || !p.head || p.head[1] <= top) continue;
    return {
      event: 'uesOpening',
      frame: p.frame,
      reason: `bolus head enters the UES band (y ${fmt(top)}): head at y ${fmt(p.head[1])}`,
    };
  }
  return null;
}

/**
 * After the head has passed the bottom of the UES band, the first frame whose tail is below it or
 * that has no moving bolus left.
 */
function tailThroughUes(frames: TrackPoint[], anatomy: VfssAnatomy, openingFrame: number): EventProposal | null {
  const bottom = anatomy.bands.ues?.y1;
  if (bottom === undefined) return null;
  const through = frames.find((p) => p.frame >= openingFrame && p.head !== null && p.head[1] > bottom);
  if (!through) return null;
  for (const p of frames) {
    if (p.frame <= through.frame) continue;
    if (p.tail && p.tail[1] <= bottom) continue;
    return {
      event: 'tailThroughUes',
      frame: p.frame,
      reason: p.tail
        ? `bolus tail passes below the UES band (y ${fmt(bottom)}): tail at y ${fmt(p.tail[1])}`
        : `no moving bolus left above the UES band (y ${fmt(bottom)}) after the head passed it`,
    };
  }
  return null;
}

/**
 * Hyoid burst onset, on the centroid track smoothed by a 5-frame running median (which removes one-
 * and two-frame jumps of a model's outline and keeps the first frame of a monotone rise). The
 * excursion is measured along the direction from the rest position to the peak; the peak must reach
 * HYOID_MIN_EXCURSION. The rest position is the median before the bolus starts to move (the first
 * posterior movement, else the ramus crossing, when proposed; the hyoid burst follows the start of
 * the oral transit), else over the whole range. From the first frame at half the peak, walk back
 * while the previous frame-to-frame step still moved towards the peak by more than the rest step
 * (max(HYOID_REST_SPEED_PX, 4 × the median absolute step)). The onset is the first frame of that
 * run: it shows movement, the frame before shows rest.
 */
function hyoidBurstOnset(
  hyoid: ReadonlyArray<HyoidPosition | null>,
  range: FrameRange,
  c2c4: number | null,
  restUntil: number | null,
): EventProposal | null {
  const start = Math.max(0, Math.floor(range.start));
  const end = Math.min(hyoid.length - 1, Math.floor(range.end));
  const smoothed = runningMedian(hyoid, 2);
  const at = (f: number): [number, number] | null => (f >= start && f <= end ? (smoothed[f] ?? null) : null);
  const rest = restPosition(at, start, restUntil === null ? end : Math.min(end, restUntil)) ?? restPosition(at, start, end);
  if (!rest) return null;
  let peak = 0;
  let peakFrame = -1;
  for (let f = start; f <= end; f++) {
    const c = at(f);
    const away = c ? Math.hypot(c[0] - rest[0], c[1] - rest[1]) : 0;
    if (away > peak) {
      peak = away;
      peakFrame = f;
    }
  }
  const minExcursion = c2c4 ? HYOID_MIN_EXCURSION_C2C4 * c2c4 : HYOID_MIN_EXCURSION_PX;
  const top = at(peakFrame);
  if (!top || peak < minExcursion) return null;
  const u: [number, number] = [(top[0] - rest[0]) / peak, (top[1] - rest[1]) / peak];
  const along = (f: number): number | null => {
    const c = at(f);
    return c ? (c[0] - rest[0]) * u[0] + (c[1] - rest[1]) * u[1] : null;
  };
  const step = (f: number): number | null => {
    const a = along(f - 1);
    const b = along(f);
    return a === null || b === null ? null : b - a;
  };
  const steps: number[] = [];
  for (let f = start + 1; f <= end; f++) {
    const d = step(f);
    if (d !== null) steps.push(Math.abs(d));
  }
  const restStep = Math.max(HYOID_REST_SPEED_PX, 4 * median(steps));
  let half = peakFrame;
  for (let f = start; f <= peakFrame; f++) {
    const d = along(f);
    if (d !== null && d >= 0.5 * peak) {
      half = f;
      break;
    }
  }
  let onset = half;
  for (;;) {
    const previous = step(onset - 1);
    if (previous === null || previous <= restStep) break;
    onset--;
  }
  const moved = step(onset);
  if (moved === null) return null;
  return {
    event: 'hyoidBurstOnset',
    frame: onset,
    reason: `hyoid starts moving: ${moved.toFixed(1)} px towards its peak from frame ${onset - 1} (rest steps ≤ ${restStep.toFixed(1)} px), peak excursion ${fmt(peak)} px at frame ${peakFrame}`,
  };
}

/** Median position over frames first..last; null with fewer than five positions. */
function restPosition(at: (f: number) => [number, number] | null, first: number, last: number): [number, number] | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let f = first; f <= last; f++) {
    const c = at(f);
    if (c) {
      xs.push(c[0]);
      ys.push(c[1]);
    }
  }
  return xs.length < 5 ? null : [median(xs), median(ys)];
}

/**
 * Component-wise running median over 2·radius + 1 frames (fewer at the ends and next to missing
 * frames; a frame with fewer than three neighbours present keeps its value). The median of a
 * monotone run is its middle value, so a rise is not delayed.
 */
function runningMedian(track: ReadonlyArray<HyoidPosition | null>, radius: number): Array<[number, number] | null> {
  return track.map((p, f) => {
    if (!p) return null;
    const near: Array<[number, number]> = [];
    for (let g = f - radius; g <= f + radius; g++) {
      const q = track[g];
      if (q) near.push(q.centroid);
    }
    if (near.length < 3) return p.centroid;
    return [median(near.map((c) => c[0])), median(near.map((c) => c[1]))];
  });
}

/**
 * Centroid (pixel centres) of the largest 8-connected piece of a hyoid mask, so that speckle
 * elsewhere does not move it; null for an empty mask.
 */
export function hyoidCentroid(mask: Uint8Array, width: number, height: number): HyoidPosition | null {
  if (mask.length !== width * height) throw new RangeError(`hyoid mask has ${mask.length} pixels, ${width}×${height} expected`);
  return hyoidCentroidOfRuns(rleEncode(mask), width, height);
}

/** hyoidCentroid of a run-length mask, without decoding it (the same position, exactly). */
export function hyoidCentroidOfRuns(rle: Uint32Array, width: number, height: number): HyoidPosition | null {
  const centroid = largestComponentCentroidRuns(rle, width, height);
  return centroid ? { centroid } : null;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
