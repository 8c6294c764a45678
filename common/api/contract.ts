/**
 * The contract: every call that crosses the process line, with its input and output schema.
 * Both transports (Electron IPC and web-mode HTTP) are generated from this one table; the
 * preload exposes exactly one function per entry. Adding a call means adding it here first.
 */
import { z } from 'zod';
import {
  AppInfo,
  FrameResultSummary,
  HostStatus,
  Id,
  Job,
  ModelInfo,
  ImportOptions,
  ImportReport,
  Measurement,
  MeasurementInput,
  Point2,
  Settings,
  StudyDetail,
  Workflow,
  WorklistPage,
  WorklistQuery,
} from './domain';
import {
  Bolus,
  Consistency,
  ExportFormat,
  MaskEdit,
  MaskEditAction,
  PasScore,
  Polygon,
  ResidueRegionName,
  VfssAnatomy,
  VfssEventName,
  VfssReview,
} from '../vfss/schema';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly doc: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string): MethodSpec<I, O> {
  return { input, output, doc };
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const ByStudy = z.object({ studyId: Id }).strict();
const ById = z.object({ id: Id }).strict();

export const contract = {
  'app.info': method(Empty, AppInfo, 'Name, version, transport and data folder.'),

  'settings.get': method(Empty, Settings, 'User settings (language, identity display, author name).'),
  'settings.set': method(Settings.partial().strict(), Settings, 'Change some settings; returns all.'),

  'worklist.query': method(WorklistQuery.strict(), WorklistPage, 'Search, filter, sort and page the studies.'),

  'study.get': method(ByStudy, StudyDetail, 'One study with its series and instances.'),
  'study.setWorkflow': method(z.object({ studyId: Id, workflow: Workflow }).strict(), StudyDetail, 'Reclassify a study.'),
  'study.setFrameRate': method(
    z.object({ instanceId: Id, fps: z.number().min(1).max(1000) }).strict(),
    StudyDetail,
    'Set the frame rate of an instance that has no frame-rate tag (source "user").',
  ),
  'study.delete': method(ByStudy, Ok, 'Delete a study, its instances and its measurements.'),

  'import.paths': method(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000), options: ImportOptions }).strict(),
    z.object({ importId: Id }),
    'Import files and folders (recursively) from the main side\'s file system.',
  ),
  'import.beginUpload': method(Empty, z.object({ uploadId: z.string() }), 'Open an upload session (web mode drag-and-drop).'),
  'import.commitUpload': method(
    z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/), options: ImportOptions }).strict(),
    z.object({ importId: Id }),
    'Import everything uploaded in a session.',
  ),
  'import.get': method(z.object({ importId: Id }).strict(), ImportReport, 'The report of one import.'),

  'measurement.list': method(ByStudy, z.array(Measurement), 'Measurements of a study (not deleted).'),
  'measurement.create': method(MeasurementInput.strict(), Measurement, 'Create a measurement; the value is computed here.'),
  'measurement.update': method(
    z.object({ id: Id, points: z.array(Point2).min(2).max(4), label: z.string().max(200).optional() }).strict(),
    Measurement,
    'Move a measurement\'s points or relabel it.',
  ),
  'measurement.delete': method(ById, Ok, 'Delete a measurement (kept in history, restorable).'),
  'measurement.restore': method(ById, Measurement, 'Undo a delete.'),

  'models.list': method(Empty, z.array(ModelInfo), 'Every model the registry found, with its card and status.'),
  'models.addPaths': method(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(2).max(2) }).strict(),
    ModelInfo,
    'Add a model from an .onnx file and its .model.json card (checked before anything is changed).',
  ),
  'models.commitUpload': method(
    z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/) }).strict(),
    ModelInfo,
    'Add the .onnx + .model.json uploaded in a session (web mode).',
  ),
  'jobs.start': method(
    z.object({ modelKey: z.string().min(3).max(140), instanceId: Id, frames: z.array(z.number().int().nonnegative()).max(100_000).optional() }).strict(),
    Job,
    'Run a model over an instance (all frames unless given) as a background job.',
  ),
  'jobs.list': method(z.object({ studyId: Id.optional() }).strict(), z.array(Job), 'Jobs, newest first (of one study when given).'),
  'jobs.get': method(z.object({ jobId: Id }).strict(), Job, 'One job.'),
  'jobs.cancel': method(z.object({ jobId: Id }).strict(), Job, 'Cancel a queued or running job.'),
  'jobs.retry': method(z.object({ jobId: Id }).strict(), Job, 'Queue a failed or cancelled job again.'),
  'results.frames': method(
    z.object({ instanceId: Id, modelKey: z.string().min(3).max(140) }).strict(),
    z.array(FrameResultSummary),
    'Per-frame summaries of a model\'s results on an instance (masks are served as binary).',
  ),
  'inference.status': method(Empty, HostStatus, 'The inference host and its execution provider.'),

  'vfss.review': method(z.object({ instanceId: Id }).strict(), VfssReview, 'The swallow review of a cine: boluses, events, PAS, anatomy, the bolus track and AI event proposals.'),
  'vfss.analyze': method(z.object({ instanceId: Id }).strict(), Job, '"Analyze swallow": run the bolus model over every frame as a background job.'),
  'vfss.saveBolus': method(
    z
      .object({
        instanceId: Id,
        id: Id.optional(),
        startFrame: z.number().int().nonnegative(),
        endFrame: z.number().int().nonnegative(),
        consistency: Consistency,
        volumeMl: z.number().positive().max(500).nullable(),
        notes: z.string().max(2000).optional(),
      })
      .strict(),
    Bolus,
    'Create or change a bolus segment (frames, consistency, volume).',
  ),
  'vfss.deleteBolus': method(ById, Ok, 'Delete a bolus segment with its events and score.'),
  'vfss.setEvent': method(
    z
      .object({
        bolusId: Id,
        event: VfssEventName,
        frame: z.number().int().nonnegative().nullable(),
        source: z.enum(['user', 'ai']).optional(),
        proposedFrame: z.number().int().nonnegative().nullable().optional(),
      })
      .strict(),
    Bolus,
    'Mark an event of a bolus at a frame (null clears it).',
  ),
  'vfss.setPas': method(
    z.object({ bolusId: Id, pas: PasScore.nullable(), pasFrame: z.number().int().nonnegative().nullable() }).strict(),
    Bolus,
    'Set the Penetration-Aspiration Scale score of a bolus and its evidence frame.',
  ),
  'vfss.setResidue': method(
    z.object({ bolusId: Id, frame: z.number().int().nonnegative(), region: ResidueRegionName, points: Polygon.nullable() }).strict(),
    Bolus,
    'Draw (or clear, with null) a residue region of a bolus on its rest frame; %-full is computed from the bolus mask there.',
  ),
  'vfss.setAnatomy': method(z.object({ instanceId: Id, anatomy: VfssAnatomy }).strict(), VfssReview, 'Correct the reference bands (becomes source "user").'),
  'vfss.saveMasks': method(
    z.object({ instanceId: Id, action: MaskEditAction, edits: z.array(MaskEdit).min(1).max(10_000) }).strict(),
    z.object({ frames: z.array(z.number().int().nonnegative()) }),
    'Save a person\'s bolus masks for frames (ground truth; each save is a revision with author and time).',
  ),
  'vfss.acceptAi': method(
    z.object({ instanceId: Id, startFrame: z.number().int().nonnegative(), endFrame: z.number().int().nonnegative() }).strict(),
    z.object({ frames: z.array(z.number().int().nonnegative()) }),
    'Accept the model\'s bolus masks for a frame range as reviewed ground truth (frames a person already edited are kept).',
  ),
  'vfss.maskHistory': method(
    z.object({ instanceId: Id, frame: z.number().int().nonnegative() }).strict(),
    z.array(z.object({ rev: z.number().int(), author: z.string(), at: z.string(), action: z.string(), areaPx: z.number().int().nullable() })),
    'Revisions of a frame\'s bolus mask, newest first.',
  ),
  'vfss.export': method(
    z.object({ instanceId: Id, format: ExportFormat, originFrame: z.number().int().nonnegative().optional() }).strict(),
    z.object({ fileName: z.string(), url: z.string(), bytes: z.number().int().nonnegative(), path: z.string() }),
    'Write a CSV, DICOM SEG or PDF export of the review; returns where to fetch it.',
  ),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Calls the renderer may make; a typed function per method. */
export type ApiClient = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/** Handlers the main side implements; inputs arrive already validated. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };
