/**
 * The contract: every call that crosses the process line, with its input and output schema.
 * Both transports (Electron IPC and web-mode HTTP) are generated from this one table; the
 * preload exposes exactly one function per entry. Adding a call means adding it here first.
 */
import { z } from 'zod';
import {
  AppInfo,
  Id,
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
