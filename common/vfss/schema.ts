/**
 * The VFSS review's data: events, boluses, anatomy (reference bands), the per-frame bolus track and
 * the measures derived from them. These schemas cross the process line (common/api/contract.ts) and
 * are what the database rows, the CSV/SEG/PDF exports and the renderer panels share.
 *
 * Definitions follow ../shared/CLINICAL.md §1 (ASPEKT and Logemann-style events, PAS, residue).
 */
import { z } from 'zod';

/** Named swallow events (ASPEKT and Logemann). Keys match the phantom's ground truth. */
export const VFSS_EVENTS = [
  'firstPosteriorMovement',
  'bolusPassesRamus',
  'hyoidBurstOnset',
  'uesOpening',
  'lvcOnset',
  'lvcOffset',
  'tailThroughUes',
  'uesClosure',
] as const;
export const VfssEventName = z.enum(VFSS_EVENTS);
export type VfssEventName = z.infer<typeof VfssEventName>;

/** Anatomical bands along the bolus path, top to bottom of the image (rows, y grows downwards). */
export const BAND_NAMES = ['oralCavity', 'ramus', 'vallecula', 'pyriformSinus', 'ues', 'esophagus'] as const;
export const BandName = z.enum(BAND_NAMES);
export type BandName = z.infer<typeof BandName>;

export const Band = z.object({ y0: z.number().finite(), y1: z.number().finite() });
export type Band = z.infer<typeof Band>;

/** Reference anatomy of one cine: bands, C2–C4 length (NRRS scalar), facing direction. */
export const VfssAnatomy = z.object({
  bands: z.record(BandName, Band),
  /** Anterior-inferior corner of C2 to that of C4, image px; null when unknown. */
  c2c4LengthPx: z.number().positive().nullable(),
  facing: z.enum(['left', 'right']),
  /** 'ai' = proposed from the structure masks; 'user' = placed or corrected by a person. */
  source: z.enum(['ai', 'user']),
});
export type VfssAnatomy = z.infer<typeof VfssAnatomy>;

/** IDDSI framework levels (drinks 0–4, foods 3–7). */
export const Consistency = z.enum([
  'thin',
  'slightlyThick',
  'mildlyThick',
  'moderatelyThick',
  'extremelyThick',
  'mincedMoist',
  'softBiteSized',
  'regular',
]);
export type Consistency = z.infer<typeof Consistency>;

export const EventMark = z.object({
  frame: z.number().int().nonnegative(),
  /** 'user' = marked by a person; 'ai' = an AI proposal a person accepted (possibly moved). */
  source: z.enum(['user', 'ai']),
  /** The frame the AI proposed, when it proposed one. */
  proposedFrame: z.number().int().nonnegative().nullable(),
  author: z.string(),
  at: z.string(),
});
export type EventMark = z.infer<typeof EventMark>;

export const PasScore = z.number().int().min(1).max(8);

/** Pharyngeal spaces where residue is judged (both sides of the pyriform sinuses drawn as one region). */
export const ResidueRegionName = z.enum(['vallecula', 'pyriform']);
export type ResidueRegionName = z.infer<typeof ResidueRegionName>;

export const Polygon = z.array(z.tuple([z.number().finite(), z.number().finite()])).min(3).max(500);

/**
 * Residue after a bolus, judged on one frame at rest: the regions a person drew and, per region,
 * the bolus pixels inside it as %-full (residue / space) and as residue / (C2–C4)².
 */
export const BolusResidue = z.object({
  frame: z.number().int().nonnegative(),
  regions: z.partialRecord(ResidueRegionName, Polygon),
  results: z.array(
    z.object({
      region: ResidueRegionName,
      residuePx: z.number().int().nonnegative(),
      regionPx: z.number().int().nonnegative(),
      percentFull: z.number().min(0).max(100).nullable(),
      /** residuePx / (C2–C4 length)²; null when that length is unknown. */
      normalised: z.number().nonnegative().nullable(),
    }),
  ),
});
export type BolusResidue = z.infer<typeof BolusResidue>;

export const Bolus = z.object({
  id: z.number().int().positive(),
  instanceId: z.number().int().positive(),
  /** 1-based order within the study, shown as "Bolus 1". */
  ordinal: z.number().int().positive(),
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().nonnegative(),
  consistency: Consistency,
  volumeMl: z.number().positive().max(500).nullable(),
  events: z.partialRecord(VfssEventName, EventMark),
  pas: PasScore.nullable(),
  pasFrame: z.number().int().nonnegative().nullable(),
  residue: BolusResidue.nullable(),
  notes: z.string().max(2000),
});
export type Bolus = z.infer<typeof Bolus>;

/** One frame of the bolus track. Positions are image px (centre of the pixel). */
export const TrackPoint = z.object({
  frame: z.number().int().nonnegative(),
  /** False until the frame has an AI result or a person's mask. */
  analyzed: z.boolean(),
  areaPx: z.number().int().nonnegative(),
  /** areaPx / (C2–C4 length)², when that length is known. */
  areaNorm: z.number().nonnegative().nullable(),
  /** Leading and trailing point of the moving bolus along its path; null without a bolus. */
  head: z.tuple([z.number(), z.number()]).nullable(),
  tail: z.tuple([z.number(), z.number()]).nullable(),
  headBand: BandName.nullable(),
  tailBand: BandName.nullable(),
  /** The model's mean bolus probability inside its mask (null without AI output). */
  confidence: z.number().min(0).max(1).nullable(),
  /** A person edited (or reviewed) this frame's mask: it is ground truth. */
  edited: z.boolean(),
});
export type TrackPoint = z.infer<typeof TrackPoint>;

export const MeasureValue = z.object({
  key: z.string(),
  set: z.enum(['ASPEKT', 'Logemann']),
  label: z.string(),
  from: VfssEventName,
  to: VfssEventName,
  fromFrame: z.number().int().nullable(),
  toFrame: z.number().int().nullable(),
  /** Interval in ms from the frame timestamps; null when an event is missing or the rate unknown. */
  ms: z.number().nullable(),
  /** Events still to be marked for this measure. */
  missing: z.array(VfssEventName),
  /** Set when a published reference threshold is exceeded. */
  flag: z.object({ text: z.string(), source: z.string() }).nullable(),
});
export type MeasureValue = z.infer<typeof MeasureValue>;

export const EventProposal = z.object({
  event: VfssEventName,
  frame: z.number().int().nonnegative(),
  /** Why: e.g. "bolus head crosses the ramus line (y 231)". */
  reason: z.string(),
});
export type EventProposal = z.infer<typeof EventProposal>;

/** Everything the review panel needs for one cine instance. */
export const VfssReview = z.object({
  instanceId: z.number().int().positive(),
  frames: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Why "Analyze swallow" cannot run on this instance (e.g. a single frame), or null. */
  analyzeRefusal: z.string().nullable(),
  /** The bolus model "Analyze swallow" uses ("id@version"), or null with the reason. */
  modelKey: z.string().nullable(),
  modelProblem: z.string().nullable(),
  anatomy: VfssAnatomy.nullable(),
  /** Why no anatomy could be proposed (e.g. no analysed frame yet). */
  anatomyProblem: z.string().nullable(),
  boluses: z.array(Bolus),
  track: z.array(TrackPoint),
  proposals: z.array(EventProposal),
  editedFrames: z.array(z.number().int().nonnegative()),
});
export type VfssReview = z.infer<typeof VfssReview>;

export const MaskEdit = z.object({
  frame: z.number().int().nonnegative(),
  /** Run lengths (common/imaging/rle: alternating 0s and 1s, starting with 0s) over width×height; null = remove the person's mask (back to AI). */
  rle: z.array(z.number().int().nonnegative()).max(2_000_000).nullable(),
});
export type MaskEdit = z.infer<typeof MaskEdit>;

export const MaskEditAction = z.enum(['brush', 'eraser', 'polygon', 'copyPrevious', 'interpolate', 'acceptAi', 'undo', 'redo', 'revert']);
export type MaskEditAction = z.infer<typeof MaskEditAction>;

export const ExportFormat = z.enum(['trackCsv', 'measuresCsv', 'seg', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;
