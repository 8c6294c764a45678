/**
 * Swallow timing measures as configurable pairs of named events (../shared/CLINICAL.md §1: 119
 * timing definitions exist in the literature, so a measure is data, not a code path), and their
 * values from marked event frames and the cine's real frame timestamps.
 *
 * Intervals always come from the timestamps (FrameTime / FrameTimeVector, variable rates included),
 * never from a frame count times an assumed rate: without timestamps the value is null.
 */
import { z } from 'zod';
import { eventInfo } from './events';
import { VfssEventName, type MeasureValue } from './schema';

export interface MeasureThreshold {
  /** Flag the value when it is strictly above this many ms. */
  aboveMs: number;
  /** What the flag says, e.g. "above 540 ms". */
  text: string;
  /** Where the threshold comes from, so a reader can check it. */
  source: string;
}

export interface MeasureDef {
  /** Stable identifier (CSV column, database key). */
  key: string;
  set: 'ASPEKT' | 'Logemann';
  label: string;
  from: VfssEventName;
  to: VfssEventName;
  /** Only thresholds a named source gives; null for none. */
  threshold: MeasureThreshold | null;
}

/** Validates user-configured measure lists (e.g. loaded from settings). */
export const MeasureDefSchema: z.ZodType<MeasureDef> = z.object({
  key: z.string().min(1),
  set: z.enum(['ASPEKT', 'Logemann']),
  label: z.string().min(1),
  from: VfssEventName,
  to: VfssEventName,
  threshold: z
    .object({ aboveMs: z.number().finite(), text: z.string().min(1), source: z.string().min(1) })
    .nullable(),
});

export const MeasureDefList = z
  .array(MeasureDefSchema)
  .refine((defs) => new Set(defs.map((d) => d.key)).size === defs.length, { message: 'measure keys must be distinct' });

/**
 * ASPEKT (Steele lab) and Logemann-style measures of CLINICAL.md §1. The only threshold is the one
 * CLINICAL.md gives (swallow reaction time); no others are invented here.
 */
export const DEFAULT_MEASURES: readonly MeasureDef[] = Object.freeze([
  {
    key: 'swallowReactionTime',
    set: 'ASPEKT',
    label: 'Swallow reaction time (BPM → hyoid burst)',
    from: 'bolusPassesRamus',
    to: 'hyoidBurstOnset',
    threshold: {
      aboveMs: 540,
      text: 'above 540 ms (impaired above about 0.54 s)',
      source: 'CLINICAL.md §1: impaired above about 0.54 s in one clinical table',
    },
  },
  {
    key: 'hyoidBurstToUesOpening',
    set: 'ASPEKT',
    label: 'Hyoid burst → UES opening',
    from: 'hyoidBurstOnset',
    to: 'uesOpening',
    threshold: null,
  },
  {
    key: 'uesOpeningDuration',
    set: 'ASPEKT',
    label: 'UES opening duration',
    from: 'uesOpening',
    to: 'uesClosure',
    threshold: null,
  },
  {
    key: 'timeToLvc',
    set: 'ASPEKT',
    label: 'Time to LVC (hyoid burst → LVC)',
    from: 'hyoidBurstOnset',
    to: 'lvcOnset',
    threshold: null,
  },
  {
    key: 'lvcDuration',
    set: 'ASPEKT',
    label: 'LVC duration',
    from: 'lvcOnset',
    to: 'lvcOffset',
    threshold: null,
  },
  {
    key: 'oralTransitTime',
    set: 'Logemann',
    label: 'Oral transit time (first posterior movement → BPM)',
    from: 'firstPosteriorMovement',
    to: 'bolusPassesRamus',
    threshold: null,
  },
  {
    key: 'pharyngealTransitTime',
    set: 'Logemann',
    label: 'Pharyngeal transit time (BPM → tail through UES)',
    from: 'bolusPassesRamus',
    to: 'tailThroughUes',
    threshold: null,
  },
  {
    // Logemann ends this at the onset of laryngeal elevation. Kestrel has no separate event for it,
    // so the hyoid burst onset stands in for it; the label says so.
    key: 'pharyngealDelay',
    set: 'Logemann',
    label: 'Pharyngeal delay (BPM → hyoid burst, standing in for laryngeal elevation onset)',
    from: 'bolusPassesRamus',
    to: 'hyoidBurstOnset',
    threshold: null,
  },
] satisfies MeasureDef[]);

/** The frames that were marked, by event; extra fields (source, author…) are ignored. */
export type MarkedEvents = Partial<Record<VfssEventName, { frame: number }>>;

/**
 * One value per definition, in the definitions' order. `ms` is the difference of the two frames'
 * timestamps: null when an event is missing, the timestamps are unknown, or they do not cover the
 * frame. A negative interval (the "to" event marked before the "from" event) is reported as it is
 * and flagged "order: …", also when the rate is unknown; otherwise the flag is the threshold's.
 */
export function computeMeasures(
  events: MarkedEvents,
  timestampsMs: readonly number[] | null,
  defs: readonly MeasureDef[] = DEFAULT_MEASURES,
): MeasureValue[] {
  return defs.map((def) => {
    const fromFrame = events[def.from]?.frame ?? null;
    const toFrame = events[def.to]?.frame ?? null;
    const missing: VfssEventName[] = [];
    if (fromFrame === null) missing.push(def.from);
    if (toFrame === null && def.to !== def.from) missing.push(def.to);

    let ms: number | null = null;
    let flag: MeasureValue['flag'] = null;
    if (fromFrame !== null && toFrame !== null) {
      const t0 = timestampsMs?.[fromFrame];
      const t1 = timestampsMs?.[toFrame];
      if (t0 !== undefined && t1 !== undefined) ms = t1 - t0;
      if (toFrame < fromFrame) {
        flag = {
          text: `order: ${eventInfo(def.from).label} is after ${eventInfo(def.to).label}`,
          source: 'event order: the "to" event is marked on an earlier frame than the "from" event',
        };
      } else if (ms !== null && def.threshold && ms > def.threshold.aboveMs) {
        flag = { text: def.threshold.text, source: def.threshold.source };
      }
    }
    return {
      key: def.key,
      set: def.set,
      label: def.label,
      from: def.from,
      to: def.to,
      fromFrame,
      toFrame,
      ms,
      missing,
      flag,
    };
  });
}
