import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiHandlers, AppInfo } from '../../../common/api';
import { createHandlers } from '../api/createHandlers';
import { MeasurementService } from '../cases/MeasurementService';
import { StudyService } from '../cases/StudyService';
import { WorklistService } from '../cases/WorklistService';
import { openDatabase, type Db } from '../db/openDatabase';
import { seedDemoCases } from '../demo/seedDemo';
import { IdentityStore } from '../identity/IdentityStore';
import { locateFfmpeg } from '../import/ffmpeg';
import { ImportService } from '../import/ImportService';
import { UploadService } from '../import/UploadService';
import { AuditLog } from '../services/AuditLog';
import { EventBus } from '../services/EventBus';
import { SettingsService } from '../services/SettingsService';
import { ContentStore } from '../store/ContentStore';
import { defaultHostLauncher } from '../inference/defaultLauncher';
import { HostClient, type HostLauncher } from '../inference/HostClient';
import { providerCandidates } from '../inference/providers';
import { VfssExport } from '../vfss/VfssExport';
import { VfssService } from '../vfss/VfssService';
import { JobService } from '../jobs/JobService';
import { ModelRegistry } from '../models/ModelRegistry';
import os from 'node:os';

export interface ServiceOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** Seed the demo cases into an empty database (first start). */
  demo: boolean;
  log?: (message: string) => void;
  /** Models shipped with the app; null when there are none. */
  modelsDir?: string | null;
  /** How to start the inference host (Electron passes a utilityProcess launcher). */
  hostLauncher?: HostLauncher;
}

export interface Services {
  readonly handlers: ApiHandlers;
  readonly events: EventBus;
  readonly studies: StudyService;
  readonly uploads: UploadService;
  readonly imports: ImportService;
  readonly jobs: JobService;
  readonly models: ModelRegistry;
  readonly vfss: VfssService;
  readonly vfssExport: VfssExport;
  readonly host: HostClient;
  readonly db: Db;
  readonly dataDir: string;
  /** Resolves when start-up work (demo seeding) is finished. */
  readonly ready: Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The composition root of the main side, shared by web mode and Electron: opens the database,
 * recovers from an interrupted previous run, wires the services, and seeds the demo on first start.
 */
export function createServices(opts: ServiceOptions): Services {
  const log = opts.log ?? ((m: string) => console.log(m));
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, 'kestrel.sqlite'));
  const identity = new IdentityStore(path.join(dataDir, 'identity.sqlite'));
  const store = new ContentStore(path.join(dataDir, 'store'));
  const events = new EventBus();
  const audit = new AuditLog(db);
  const settings = new SettingsService(db);
  const studies = new StudyService(db, store, audit);
  const imports = new ImportService({
    db,
    store,
    identity,
    events,
    audit,
    ffmpeg: locateFfmpeg(),
    tmpDir: path.join(dataDir, 'tmp'),
    actor: () => settings.get().author,
  });
  const uploads = new UploadService(path.join(dataDir, 'uploads'));

  // Recovery after a crash or kill: interrupted imports are marked, half-written files removed,
  // stored files that no committed row refers to collected.
  const interrupted = imports.recoverInterrupted();
  const tmpRemoved = store.recover();
  const orphans = store.collect(studies.referencedPaths());
  const integrity = db.pragma('quick_check', { simple: true });
  if (integrity !== 'ok') log(`WARNING: database check reported: ${String(integrity)}`);
  if (interrupted || tmpRemoved || orphans) {
    log(`Recovered from an interrupted run: ${interrupted} import(s) marked interrupted, ${tmpRemoved + orphans} partial file(s) removed.`);
  }

  const worklist = new WorklistService(db, identity);
  const measurements = new MeasurementService(db, audit);
  const info = (): AppInfo => ({
    name: 'Kestrel',
    version: opts.version,
    mode: opts.mode,
    dataDir,
    studies: (db.prepare('SELECT COUNT(*) AS n FROM studies').get() as { n: number }).n,
  });
  const host = new HostClient(opts.hostLauncher ?? defaultHostLauncher(), log);
  const models = new ModelRegistry({ shipped: opts.modelsDir ?? null, user: path.join(dataDir, 'models') }, (p) => host.inspect(p));
  const threads = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
  const jobs = new JobService(db, host, models, studies, events, { providers: providerCandidates(), threads, batchSize: 4 }, log);
  const resumed = jobs.recover();
  if (resumed) log(`Resuming ${resumed} inference job(s) interrupted by the last stop.`);
  const vfss = new VfssService(db, jobs, models, audit, events);
  const vfssExport = new VfssExport(path.join(dataDir, 'exports'), vfss, studies, models, audit);
  const handlers = createHandlers({ info, settings, worklist, studies, measurements, imports, uploads, identity, events, jobs, models, vfss, vfssExport });

  const ready = opts.demo ? seedDemoCases(db, imports, log) : Promise.resolve();

  return {
    handlers,
    events,
    studies,
    uploads,
    imports,
    jobs,
    models,
    vfss,
    vfssExport,
    host,
    db,
    dataDir,
    ready,
    async dispose() {
      await ready.catch(() => {});
      await imports.dispose();
      jobs.dispose();
      host.dispose();
      events.dispose();
      identity.close();
      db.close();
    },
  };
}
