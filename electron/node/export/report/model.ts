/**
 * The data a VFSS report is drawn from, and the plain values derived from it (times relative to the
 * origin frame, short event labels, numbers and dates as printed). Nothing here touches the PDF.
 */
import { VFSS_EVENTS, type Bolus, type MeasureValue, type TrackPoint, type VfssEventName } from '../../../../common/vfss/schema';

export interface VfssReportModel {
  generatedAt: Date;
  appName: string;
  appVersion: string;
  author: string;
  patient: { pseudoId: string; sex: string | null };
  study: { date: string | null; description: string; modality: string };
  instance: { frames: number; rows: number; columns: number; fps: number | null; rateSource: string; variable: boolean };
  model: { id: string; version: string; executionProvider: string; clinicalUse: boolean } | null;
  boluses: Array<{ bolus: Bolus; measures: MeasureValue[] }>;
  track: TrackPoint[];
  /** Per-frame acquisition time (ms), when the cine has one; else times come from fps. */
  timestampsMs: number[] | null;
  /** Times are shown relative to this frame (Kinovea's time origin). */
  originFrame: number;
  /** e.g. "Bolus passes ramus (BPM)"; the text in brackets is the chart's short label. */
  eventLabels: Record<VfssEventName, string>;
  /** PAS 1..8 → its Rosenbek description. */
  pasDescriptions: Record<number, string>;
  keyFrames: Array<{ frame: number; caption: string; png: Uint8Array }>;
}

export type Clock = (frame: number) => number | null;

const SHORT: Record<VfssEventName, string> = {
  firstPosteriorMovement: 'FPM', bolusPassesRamus: 'BPM', hyoidBurstOnset: 'HYB', uesOpening: 'UESO',
  lvcOnset: 'LVC', lvcOffset: 'LVCoff', tailThroughUes: 'TUES', uesClosure: 'UESC',
};
export const CONSISTENCY: Record<Bolus['consistency'], string> = {
  thin: 'Thin (IDDSI 0)', slightlyThick: 'Slightly thick (IDDSI 1)', mildlyThick: 'Mildly thick (IDDSI 2)',
  moderatelyThick: 'Moderately thick (IDDSI 3)', extremelyThick: 'Extremely thick (IDDSI 4)',
  mincedMoist: 'Minced & moist (IDDSI 5)', softBiteSized: 'Soft & bite-sized (IDDSI 6)', regular: 'Regular (IDDSI 7)',
};

/** Frame → ms from the origin frame: the cine's timestamps where it has them, else the frame rate. */
export function makeClock(m: VfssReportModel): Clock {
  const ts = m.timestampsMs;
  const fps = m.instance.fps;
  const raw = (f: number): number | null => {
    const t = ts?.[f];
    if (t !== undefined && Number.isFinite(t)) return t;
    return fps !== null && fps > 0 ? (f * 1000) / fps : null;
  };
  const base = raw(m.originFrame);
  return (f) => {
    const t = raw(f);
    return t === null || base === null ? null : t - base;
  };
}

export function durationMs(m: VfssReportModel): number | null {
  const { frames, fps } = m.instance;
  const ts = m.timestampsMs;
  const first = ts?.[0];
  const last = ts?.[frames - 1];
  if (first !== undefined && last !== undefined && fps !== null) return last - first + 1000 / fps;
  return fps !== null && fps > 0 ? (frames * 1000) / fps : null;
}

export function findOriginEvent(m: VfssReportModel): string | null {
  for (const { bolus: b } of m.boluses) {
    for (const name of VFSS_EVENTS) {
      if (b.events[name]?.frame === m.originFrame) return `${shortLabel(m, name)}, bolus ${b.ordinal}`;
    }
  }
  return null;
}

export function shortLabel(m: VfssReportModel, name: VfssEventName): string {
  const bracket = /\(([^()]{1,8})\)\s*$/.exec(m.eventLabels[name] ?? '');
  return bracket?.[1] ?? SHORT[name];
}

export function frameSpan(x: MeasureValue): string {
  return x.fromFrame !== null && x.toFrame !== null ? `, frames ${x.fromFrame + 1}\u2013${x.toFrame + 1}` : '';
}

export function timeSuffix(t: number | null): string {
  return t === null ? '' : ` (${formatSigned(t)} ms)`;
}

/** A measure's interval as printed, e.g. "533 ms". */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

export function formatSigned(ms: number): string {
  const r = Math.round(ms);
  return r > 0 ? `+${r}` : String(r);
}

export function formatNumber(v: number, digits: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

export function formatSex(sex: string | null): string {
  const s = sex?.trim().toUpperCase();
  return s === 'M' ? 'Male' : s === 'F' ? 'Female' : s === 'O' ? 'Other' : s ? sex ?? '' : 'Not recorded';
}

export function formatStudyDate(date: string | null): string {
  if (!date) return 'Not recorded';
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  return d ? `${d[1]}-${d[2]}-${d[3]}` : date;
}

/** Local date and time with its UTC offset, e.g. "2025-03-14 10:22 (UTC+01:00)". */
export function formatDateTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} `
    + `(UTC${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)})`;
}

/** Largest value (0 for none), without spreading a long array into arguments. */
export function maxOf(values: number[]): number {
  return values.reduce((a, v) => Math.max(a, v), values.length ? -Infinity : 0);
}
