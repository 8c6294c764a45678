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
