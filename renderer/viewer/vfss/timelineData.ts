/**
 * What the bolus timeline plots, derived from the review's data without touching the DOM: the uPlot
 * data arrays (one point per frame) and the marks the timeline draws over them (events, AI
 * proposals, bolus segments, PAS evidence frames, edited frames, anatomical bands).
 *
 * x is the time from the origin frame: milliseconds from the frame timestamps when the cine has
 * them, otherwise frame indices (never an assumed frame rate; CLINICAL.md §1). The clinical facts
 * behind the series are in CLINICAL.md §1 ("A bolus timeline shows…").
 */
import type uPlot from 'uplot';
import {
  BAND_NAMES,
  type BandName,
  type Bolus,
  type EventMark,
  type EventProposal,
  type TrackPoint,
  type VfssAnatomy,
  type VfssEventName,
} from '../../../common/vfss/schema';

/** 'ms': x is milliseconds from the origin frame's timestamp; 'frame': x is frames from the origin. */
export type TimeBase = 'ms' | 'frame';

export interface TimelineInputs {
  track: readonly TrackPoint[];
  timestampsMs: readonly number[] | null;
  originFrame: number;
  boluses: readonly Bolus[];
  proposals: readonly EventProposal[];
  anatomy: VfssAnatomy | null;
  eventShort: Record<VfssEventName, string>;
  normalised: boolean;
}

/** A vertical mark: an event a person marked ('user'), an accepted AI event ('ai') or a pending proposal. */
export interface TimelineMark {
  event: VfssEventName;
  frame: number;
  x: number;
  label: string;
  kind: 'user' | 'ai' | 'proposal';
  /** The bolus the event belongs to; null for proposals. */
  bolus: number | null;
  /** Why the AI proposed it (proposals only). */
  reason: string | null;
}

export interface TimelineSegment {
  ordinal: number;
  startFrame: number;
  endFrame: number;
  x0: number;
  x1: number;
}

export interface TimelinePas {
  ordinal: number;
  pas: number;
  frame: number;
  x: number;
}

export interface TimelineBand {
  name: BandName;
  /** Image rows, y0 <= y1 (y grows downwards). */
  y0: number;
  y1: number;
}

export interface TimelineModel {
  timeBase: TimeBase;
  /** Frames on the timeline (0..frameCount-1). */
  frameCount: number;
  /** The origin frame actually used (clamped into the cine). */
  originFrame: number;
  /** x of each frame. Ascending. */
  x: number[];
  /** Bolus area per frame; null where the frame has not been analysed. */
  area: (number | null)[];
  /** Whether `area` is divided by (C2–C4)² (requested and the length is known) or in px. */
  areaUnit: 'px' | 'c2c4';
  /** Bolus head and tail rows (image px, y down); null without a moving bolus. */
  headRow: (number | null)[];
  tailRow: (number | null)[];
  /** Model confidence 0–1; null without AI output. */
  confidence: (number | null)[];
  /** The track point of each frame, when there is one (for read-outs). */
  points: (TrackPoint | null)[];
  /** Frames a person edited, ascending, and their x. */
  editedFrames: number[];
  editedX: number[];
  /** Events of the boluses (solid) and pending AI proposals (dashed), each sorted by x. */
  marks: TimelineMark[];
  proposals: TimelineMark[];
  segments: TimelineSegment[];
  pas: TimelinePas[];
  /** Anatomical bands in BAND_NAMES order (top of the image first); empty without anatomy. */
  bands: TimelineBand[];
  /** Rows the head/tail panel must show (bands and the track); null when there is nothing to show. */
  rowRange: [number, number] | null;
  /** uPlot data: [x, area, confidence] and [x, head row, tail row]. */
  areaData: uPlot.AlignedData;
  rowData: uPlot.AlignedData;
}

function usableTimestamps(timestampsMs: readonly number[] | null): readonly number[] | null {
  return timestampsMs && timestampsMs.length > 0 ? timestampsMs : null;
}

function frameCountOf(inputs: TimelineInputs, timestamps: readonly number[] | null): number {
  if (timestamps) return timestamps.length;
  let last = -1;
  for (const p of inputs.track) last = Math.max(last, p.frame);
  for (const b of inputs.boluses) {
    last = Math.max(last, b.endFrame, b.startFrame);
    for (const m of Object.values(b.events)) if (m) last = Math.max(last, m.frame);
  }
  for (const p of inputs.proposals) last = Math.max(last, p.frame);
  return last + 1;
}

function clampFrame(frame: number, frames: number): number {
  return Math.min(Math.max(Math.round(frame), 0), Math.max(frames - 1, 0));
}

/** x of a frame on the timeline (see TimeBase); the frames must be inside the cine. */
export function xOfFrame(frame: number, timestampsMs: readonly number[] | null, originFrame: number): number {
  const ts = usableTimestamps(timestampsMs);
  if (!ts) return frame - originFrame;
  return (ts[frame] ?? 0) - (ts[originFrame] ?? 0);
}

/**
 * The frame nearest to x (for seeking): x is in the timeline's unit (ms from the origin's timestamp,
 * or frames from the origin without timestamps). Points before the first or after the last frame
 * give the first or last frame; a tie goes to the later frame. 0 when there are no frames.
 */
export function frameAtX(x: number, timestampsMs: readonly number[] | null, originFrame: number, frames: number): number {
  if (frames <= 0 || !Number.isFinite(x)) return 0;
  const ts = usableTimestamps(timestampsMs);
  if (!ts) return clampFrame(x + originFrame, frames);
  const n = Math.min(frames, ts.length);
  const t = x + (ts[clampFrame(originFrame, n)] ?? 0);
  // Binary search for the first frame at or after t, then pick the nearer of it and the one before.
  let lo = 0;
  let hi = n - 1;
  if (t <= (ts[0] ?? 0)) return 0;
  if (t >= (ts[hi] ?? 0)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ts[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  const after = ts[lo] ?? 0;
  const before = ts[lo - 1] ?? 0;
  return t - before < after - t ? lo - 1 : lo;
}

/** Everything the timeline plots; see TimelineModel. */
export function buildTimeline(inputs: TimelineInputs): TimelineModel {
  const ts = usableTimestamps(inputs.timestampsMs);
  const frameCount = frameCountOf(inputs, ts);
  const originFrame = clampFrame(inputs.originFrame, frameCount);
  const xAt = (frame: number): number => xOfFrame(frame, ts, originFrame);
  const inside = (frame: number): boolean => frame >= 0 && frame < frameCount;

  const x = new Array<number>(frameCount);
  for (let f = 0; f < frameCount; f++) x[f] = xAt(f);

  const points = new Array<TrackPoint | null>(frameCount).fill(null);
  for (const p of inputs.track) if (inside(p.frame)) points[p.frame] = p;

  const c2c4 = inputs.anatomy?.c2c4LengthPx ?? null;
  const divisor = inputs.normalised && c2c4 !== null && c2c4 > 0 ? c2c4 * c2c4 : null;
  const area = new Array<number | null>(frameCount);
  const headRow = new Array<number | null>(frameCount);
  const tailRow = new Array<number | null>(frameCount);
  const confidence = new Array<number | null>(frameCount);
  const editedFrames: number[] = [];
  let rowMin = Infinity;
  let rowMax = -Infinity;
  for (let f = 0; f < frameCount; f++) {
    const p = points[f] ?? null;
    const analysed = p !== null && (p.analyzed || p.edited);
    area[f] = analysed ? (divisor === null ? p.areaPx : p.areaPx / divisor) : null;
    const head = analysed ? (p.head?.[1] ?? null) : null;
    const tail = analysed ? (p.tail?.[1] ?? null) : null;
    headRow[f] = head;
    tailRow[f] = tail;
    for (const row of [head, tail]) {
      if (row === null) continue;
      rowMin = Math.min(rowMin, row);
      rowMax = Math.max(rowMax, row);
    }
    confidence[f] = p?.confidence ?? null;
    if (p?.edited) editedFrames.push(f);
  }

  const marks: TimelineMark[] = [];
  const segments: TimelineSegment[] = [];
  const pas: TimelinePas[] = [];
  for (const b of inputs.boluses) {
    const start = clampFrame(Math.min(b.startFrame, b.endFrame), frameCount);
    const end = clampFrame(Math.max(b.startFrame, b.endFrame), frameCount);
    if (frameCount > 0) segments.push({ ordinal: b.ordinal, startFrame: start, endFrame: end, x0: xAt(start), x1: xAt(end) });
    for (const [event, mark] of Object.entries(b.events) as [VfssEventName, EventMark | undefined][]) {
      if (!mark || !inside(mark.frame)) continue;
      const label = inputs.eventShort[event];
      marks.push({ event, frame: mark.frame, x: xAt(mark.frame), label, kind: mark.source, bolus: b.ordinal, reason: null });
    }
    if (b.pas !== null && b.pasFrame !== null && inside(b.pasFrame)) {
      pas.push({ ordinal: b.ordinal, pas: b.pas, frame: b.pasFrame, x: xAt(b.pasFrame) });
    }
  }
  // A proposal already marked at its frame is drawn once, as the mark.
  const proposals: TimelineMark[] = inputs.proposals
    .filter((p) => inside(p.frame) && !marks.some((m) => m.event === p.event && m.frame === p.frame))
    .map((p) => ({ event: p.event, frame: p.frame, x: xAt(p.frame), label: inputs.eventShort[p.event], kind: 'proposal', bolus: null, reason: p.reason }));
  const byX = (a: { x: number }, b: { x: number }): number => a.x - b.x;
  marks.sort(byX);
  proposals.sort(byX);
  segments.sort((a, b) => a.x0 - b.x0);
  pas.sort(byX);

  const bands: TimelineBand[] = [];
  if (inputs.anatomy) {
    for (const name of BAND_NAMES) {
      const band = inputs.anatomy.bands[name];
      if (!band) continue;
      const y0 = Math.min(band.y0, band.y1);
      const y1 = Math.max(band.y0, band.y1);
      bands.push({ name, y0, y1 });
      rowMin = Math.min(rowMin, y0);
      rowMax = Math.max(rowMax, y1);
    }
  }

  return {
    timeBase: ts ? 'ms' : 'frame',
    frameCount,
    originFrame,
    x,
    area,
    areaUnit: divisor === null ? 'px' : 'c2c4',
    headRow,
    tailRow,
    confidence,
    points,
    editedFrames,
    editedX: editedFrames.map(xAt),
    marks,
    proposals,
    segments,
    pas,
    bands,
    rowRange: rowMin <= rowMax ? [rowMin, rowMax] : null,
    areaData: [x, area, confidence],
    rowData: [x, headRow, tailRow],
  };
}
