/**
 * Domain schemas shared by both transports. Every value that crosses the process line is one of
 * these (pixel data never does: it travels by URL or as binary).
 */
import { z } from 'zod';
import { ModelCard } from '../models/modelCard';

export const Id = z.number().int().positive();
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const Workflow = z.enum(['vfss', 'spine', 'pathology', 'other']);
export type Workflow = z.infer<typeof Workflow>;

export const InstanceKind = z.enum(['dicom', 'video', 'image', 'wsi']);
export type InstanceKind = z.infer<typeof InstanceKind>;

/** Where a frame rate came from, in CLINICAL.md's order of preference. */
export const FrameRateSource = z.enum([
  'FrameTime',
  'FrameTimeVector',
  'RecommendedDisplayFrameRate',
  'CineRate',
  'container',
  'user',
  'none',
]);
export type FrameRateSource = z.infer<typeof FrameRateSource>;

export const FrameTiming = z.object({
  /** Nominal frames per second (for variable timing: frames / duration). Null when unknown. */
  fps: z.number().positive().nullable(),
  /** Start time of each frame in ms from frame 0; null when the rate is unknown. */
  timestampsMs: z.array(z.number().finite()).nullable(),
  source: FrameRateSource,
  /** True when frame intervals differ (FrameTimeVector, variable-rate video). */
  variable: z.boolean(),
});
export type FrameTiming = z.infer<typeof FrameTiming>;

export const SpacingSource = z.enum([
  'PixelSpacing',
  'ImagerPixelSpacing',
  'ImagerPixelSpacing/ERMF',
  'none',
]);
export type SpacingSource = z.infer<typeof SpacingSource>;

export const Calibration = z.object({
  /** Row spacing (between rows, i.e. along y) and column spacing (along x), in mm. */
  rowMm: z.number().positive().nullable(),
  colMm: z.number().positive().nullable(),
  source: SpacingSource,
});
export type Calibration = z.infer<typeof Calibration>;

export const StudySummary = z.object({
  id: Id,
  patientId: Id,
  patientPseudoId: z.string(),
  /** Real name from the identity map when the user chose to show identities, else the pseudonym. */
  patientLabel: z.string(),
  studyUid: z.string(),
  studyDate: IsoDate.nullable(),
  description: z.string(),
  modalities: z.array(z.string()),
  workflow: Workflow,
  numSeries: z.number().int().nonnegative(),
  numInstances: z.number().int().nonnegative(),
  numFrames: z.number().int().nonnegative(),
  deidentified: z.boolean(),
  demo: z.boolean(),
  importedAt: z.string(),
});
export type StudySummary = z.infer<typeof StudySummary>;

export const SortField = z.enum([
  'patient',
  'date',
  'description',
  'modality',
  'workflow',
  'frames',
  'instances',
  'imported',
]);
export type SortField = z.infer<typeof SortField>;

export const WorklistQuery = z.object({
  text: z.string().max(200).default(''),
  modalities: z.array(z.string().max(16)).max(32).default([]),
  workflows: z.array(Workflow).max(4).default([]),
  dateFrom: IsoDate.nullable().default(null),
  dateTo: IsoDate.nullable().default(null),
  minFrames: z.number().int().nonnegative().nullable().default(null),
  maxFrames: z.number().int().nonnegative().nullable().default(null),
  sort: z
    .object({ field: SortField, dir: z.enum(['asc', 'desc']) })
    .default({ field: 'imported', dir: 'desc' }),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type WorklistQuery = z.input<typeof WorklistQuery>;

export const WorklistPage = z.object({
  total: z.number().int().nonnegative(),
  items: z.array(StudySummary),
  modalities: z.array(z.string()),
});
export type WorklistPage = z.infer<typeof WorklistPage>;

export const InstanceInfo = z.object({
  id: Id,
  seriesId: Id,
  sopInstanceUid: z.string(),
  sopClassUid: z.string(),
  instanceNumber: z.number().int().nullable(),
  kind: InstanceKind,
  rows: z.number().int().positive(),
  columns: z.number().int().positive(),
  frames: z.number().int().positive(),
  photometric: z.string(),
  bitsStored: z.number().int().positive(),
  transferSyntax: z.string(),
  timing: FrameTiming,
  calibration: Calibration,
  sourceName: z.string(),
  /** Path of the stored DICOM file relative to the transport's base URL. */
  url: z.string(),
});
export type InstanceInfo = z.infer<typeof InstanceInfo>;

export const SeriesInfo = z.object({
  id: Id,
  seriesUid: z.string(),
  modality: z.string(),
  number: z.number().int().nullable(),
  description: z.string(),
  instances: z.array(InstanceInfo),
});
export type SeriesInfo = z.infer<typeof SeriesInfo>;

export const StudyDetail = StudySummary.extend({ series: z.array(SeriesInfo) });
export type StudyDetail = z.infer<typeof StudyDetail>;

export const MeasurementKind = z.enum(['length', 'angle', 'cobb']);
export type MeasurementKind = z.infer<typeof MeasurementKind>;

/** A point in image pixel coordinates (x = column, y = row, origin at the top-left pixel's corner). */
export const Point2 = z.tuple([z.number().finite(), z.number().finite()]);
export type Point2 = z.infer<typeof Point2>;

export const MeasurementInput = z.object({
  instanceId: Id,
  frame: z.number().int().nonnegative(),
  kind: MeasurementKind,
  points: z.array(Point2).min(2).max(4),
  label: z.string().max(200).default(''),
});
export type MeasurementInput = z.input<typeof MeasurementInput>;

export const Measurement = z.object({
  id: Id,
  instanceId: Id,
  frame: z.number().int().nonnegative(),
  kind: MeasurementKind,
  points: z.array(Point2),
  label: z.string(),
  value: z.number(),
  unit: z.enum(['mm', 'px', 'deg']),
  calibration: SpacingSource,
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Measurement = z.infer<typeof Measurement>;

export const ImportFileStatus = z.enum(['imported', 'duplicate', 'refused', 'skipped']);
export type ImportFileStatus = z.infer<typeof ImportFileStatus>;

export const ImportFileResult = z.object({
  name: z.string(),
  status: ImportFileStatus,
  message: z.string().nullable(),
  studyId: Id.nullable(),
});
export type ImportFileResult = z.infer<typeof ImportFileResult>;

export const ImportState = z.enum(['running', 'done', 'failed', 'interrupted']);

export const ImportReport = z.object({
  importId: Id,
  state: ImportState,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  counts: z.object({
    imported: z.number().int().nonnegative(),
    duplicate: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
  files: z.array(ImportFileResult),
  studyIds: z.array(Id),
  error: z.string().nullable(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportOptions = z.object({
  deidentify: z.boolean().default(true),
  /** 'auto' classifies by modality, frame count and colour; a user can override per import. */
  workflow: z.union([Workflow, z.literal('auto')]).default('auto'),
});
export type ImportOptions = z.input<typeof ImportOptions>;

export const Language = z.enum(['en', 'ko']);
export type Language = z.infer<typeof Language>;

export const Settings = z.object({
  language: Language,
  showIdentities: z.boolean(),
  author: z.string().min(1).max(100),
});
export type Settings = z.infer<typeof Settings>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['web', 'electron']),
  dataDir: z.string(),
  studies: z.number().int().nonnegative(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ModelSource = z.enum(['shipped', 'user']);

/** A model the registry found: its card when readable, and why it cannot run when it cannot. */
export const ModelInfo = z.object({
  /** "id@version" — the key jobs and results use. */
  key: z.string(),
  id: z.string(),
  version: z.string(),
  name: z.string(),
  task: z.string(),
  clinicalUse: z.boolean(),
  source: ModelSource,
  status: z.enum(['ready', 'invalid']),
  problems: z.array(z.string()),
  card: ModelCard.nullable(),
  file: z.string(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const Job = z.object({
  id: Id,
  kind: z.literal('inference'),
  state: JobState,
  /** 0–1 over the frames this job had to compute (cached frames count as done). */
  progress: z.number().min(0).max(1),
  modelKey: z.string(),
  instanceId: Id,
  studyId: Id.nullable(),
  framesTotal: z.number().int().nonnegative(),
  framesDone: z.number().int().nonnegative(),
  framesCached: z.number().int().nonnegative(),
  executionProvider: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof Job>;

export const FrameResultSummary = z.object({
  frame: z.number().int().nonnegative(),
  executionProvider: z.string(),
  classes: z.array(z.object({ name: z.string(), areaPx: z.number().int().nonnegative(), meanProbability: z.number() })),
});
export type FrameResultSummary = z.infer<typeof FrameResultSummary>;

export const HostStatus = z.object({
  running: z.boolean(),
  /** The execution provider the last job ran on, e.g. "cpu" or "cuda". */
  executionProvider: z.string().nullable(),
  candidates: z.array(z.string()),
});
export type HostStatus = z.infer<typeof HostStatus>;
