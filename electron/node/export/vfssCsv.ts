/**
 * CSV exports of a VFSS review: the per-frame bolus track and the timing measures per bolus.
 *
 * RFC 4180: a header row, CRLF after every record (the last included), fields quoted when they
 * contain a comma, a double quote, CR or LF (quotes doubled inside). Empty cell for "no value"
 * (null, or a number that is not finite). Numbers have a fixed precision per column, so that files
 * diff cleanly and no spurious digits suggest more precision than the data has.
 *
 * Frame numbers are 1-based, as the viewer shows them and as DICOM numbers frames (the SEG export's
 * Referenced Frame Number), although the review data count from 0.
 */
import { timeFromOriginMs } from '../../../common/cine/playback';
import type { BolusResidue, MeasureValue, TrackPoint } from '../../../common/vfss/schema';

const CRLF = '\r\n';

type Cell = string | number | boolean | null | undefined;

/** A text field as RFC 4180 wants it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return csvField(value);
}

/**
 * Fixed decimals, rounding half away from zero on the number's shortest decimal form (6.55 -> "6.6",
 * where toFixed alone gives "6.5" because 6.55 is stored as 6.5499...); '' for null or non-finite;
 * never "-0.0".
 */
function fixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  const text = String(abs);
  const rounded = text.includes('e') ? abs : Number(`${Math.round(Number(`${text}e${decimals}`))}e-${decimals}`);
  const s = (value < 0 ? -rounded : rounded).toFixed(decimals);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

function integer(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : String(Math.round(value));
}

/** 0-based frame index -> 1-based frame number, '' for null. */
function frameNumber(frame: number | null | undefined): string {
  return frame === null || frame === undefined || !Number.isFinite(frame) ? '' : String(Math.round(frame) + 1);
}

function record(cells: readonly string[]): string {
  return cells.join(',') + CRLF;
}

export const TRACK_COLUMNS = [
  'frame',
  'time_ms',
  'analyzed',
  'area_px',
  'area_norm_c2c4',
  'head_x',
  'head_y',
  'head_band',
  'tail_x',
  'tail_y',
  'tail_band',
  'confidence',
  'edited',
] as const;

/**
 * One row per track point, in the order given. time_ms is the frame's time from the origin frame
 * (negative before it), from the cine's own timestamps; empty when the rate is unknown.
 * Precision: time 0.1 ms, positions 0.1 px, normalised area 1e-5, confidence 1e-3.
 */
export function trackCsv(track: TrackPoint[], timestampsMs: readonly number[] | null, originFrame: number): string {
  let out = record([...TRACK_COLUMNS]);
  for (const p of track) {
    out += record([
      frameNumber(p.frame),
      fixed(timeFromOriginMs(timestampsMs, p.frame, originFrame), 1),
      cell(p.analyzed),
      integer(p.areaPx),
      fixed(p.areaNorm, 5),
      fixed(p.head?.[0], 1),
      fixed(p.head?.[1], 1),
      cell(p.headBand),
      fixed(p.tail?.[0], 1),
      fixed(p.tail?.[1], 1),
      cell(p.tailBand),
      fixed(p.confidence, 3),
      cell(p.edited),
    ]);
  }
  return out;
}

export const MEASURE_COLUMNS = [
  'bolus',
  'consistency',
  'volume_ml',
  'pas',
  'pas_frame',
  'residue_frame',
  'vallecula_pct_full',
  'pyriform_pct_full',
  'set',
  'measure',
  'from_event',
  'from_frame',
  'to_event',
  'to_frame',
  'ms',
  'flag',
  'fps',
  'rate_source',
] as const;

export interface MeasuresCsvRow {
  bolusOrdinal: number;
  consistency: string;
  volumeMl: number | null;
  pas: number | null;
  pasFrame: number | null;
  /** Residue judged on the bolus's rest frame, when regions were drawn. */
  residue?: BolusResidue | null;
  measures: MeasureValue[];
}

/**
 * One row per bolus × measure; a bolus without measures still gets one row (its PAS and volume),
 * with the measure columns empty. `measure` is the measure's stable key; `flag` the text of an
 * exceeded published threshold. Every row repeats the cine's frame rate and where it came from,
 * so that a row read alone says how its milliseconds were obtained.
 * Residue: %-full per drawn region on the residue frame (empty when not drawn).
 * Precision: volume 0.1 ml, interval 0.1 ms, residue 0.1 %, fps 0.001.
 */
export function measuresCsv(rows: ReadonlyArray<MeasuresCsvRow>, frameRate: { fps: number | null; source: string }): string {
  let out = record([...MEASURE_COLUMNS]);
  for (const b of rows) {
    const pct = (region: 'vallecula' | 'pyriform') => fixed(b.residue?.results.find((r) => r.region === region)?.percentFull ?? null, 1);
    const bolus = [
      integer(b.bolusOrdinal), cell(b.consistency), fixed(b.volumeMl, 1), integer(b.pas), frameNumber(b.pasFrame),
      frameNumber(b.residue?.frame ?? null), pct('vallecula'), pct('pyriform'),
    ];
    const rate = [fixed(frameRate.fps, 3), cell(frameRate.source)];
    if (b.measures.length === 0) {
      out += record([...bolus, '', '', '', '', '', '', '', '', ...rate]);
      continue;
    }
    for (const m of b.measures) {
      out += record([
        ...bolus,
        cell(m.set),
        cell(m.key),
        cell(m.from),
        frameNumber(m.fromFrame),
        cell(m.to),
        frameNumber(m.toFrame),
        fixed(m.ms, 1),
        cell(m.flag?.text ?? null),
        ...rate,
      ]);
    }
  }
  return out;
}
