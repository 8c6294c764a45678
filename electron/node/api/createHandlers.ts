import type { ApiHandlers, AppInfo } from '../../../common/api';
import { ApiError } from '../../../common/api';
import type { MeasurementService } from '../cases/MeasurementService';
import type { StudyService } from '../cases/StudyService';
import type { WorklistService } from '../cases/WorklistService';
import type { IdentityStore } from '../identity/IdentityStore';
import type { ImportService } from '../import/ImportService';
import { scanPaths } from '../import/sources';
import type { UploadService } from '../import/UploadService';
import type { EventBus } from '../services/EventBus';
import type { SettingsService } from '../services/SettingsService';
import { providerCandidates } from '../inference/providers';
import type { JobService } from '../jobs/JobService';
import type { ModelRegistry } from '../models/ModelRegistry';
import type { VfssExport } from '../vfss/VfssExport';
import type { VfssService } from '../vfss/VfssService';

export interface HandlerDeps {
  info: () => AppInfo;
  settings: SettingsService;
  worklist: WorklistService;
  studies: StudyService;
  measurements: MeasurementService;
  imports: ImportService;
  uploads: UploadService;
  identity: IdentityStore;
  events: EventBus;
  jobs: JobService;
  models: ModelRegistry;
  vfss: VfssService;
  vfssExport: VfssExport;
}

/** Maps each contract method to the service that implements it. Inputs arrive validated. */
export function createHandlers(d: HandlerDeps): ApiHandlers {
  const author = (): string => d.settings.get().author;
  const names = (pseudoId: string): Map<string, string> | null =>
    d.settings.get().showIdentities ? d.worklist.namesFor([pseudoId]) : null;
  const detail = (studyId: number) => d.studies.get(studyId, names(d.studies.pseudoIdOf(studyId)));

  return {
    'app.info': () => d.info(),
    'settings.get': () => d.settings.get(),
    'settings.set': (patch) => {
      const next = d.settings.set(patch);
      if (patch.showIdentities !== undefined) d.events.emit({ type: 'worklist.changed' });
      return next;
    },
    'worklist.query': (q) => {
      const show = d.settings.get().showIdentities;
      const text = q.text.trim();
      const nameMatches = show && text ? d.identity.findByName(text) : [];
      return d.worklist.query(q, show, nameMatches);
    },
    'study.get': ({ studyId }) => detail(studyId),
    'study.setWorkflow': ({ studyId, workflow }) => {
      d.studies.setWorkflow(studyId, workflow, author());
      d.events.emit({ type: 'worklist.changed' });
      return detail(studyId);
    },
    'study.setFrameRate': ({ instanceId, fps }) => detail(d.studies.setFrameRate(instanceId, fps, author())),
    'study.delete': async ({ studyId }) => {
      if (d.imports.busy) throw new ApiError('conflict', 'An import is running; delete the study when it has finished.');
      await d.studies.delete(studyId, author());
      d.events.emit({ type: 'worklist.changed' });
      return { ok: true as const };
    },
    'import.paths': ({ paths, options }) => ({ importId: d.imports.start(() => scanPaths(paths), options) }),
    'import.beginUpload': () => ({ uploadId: d.uploads.begin() }),
    'import.commitUpload': async ({ uploadId, options }) => {
      const sources = await d.uploads.sources(uploadId);
      const importId = d.imports.start(sources, options);
      void d.imports.wait(importId).finally(() => d.uploads.finish(uploadId));
      return { importId };
    },
    'import.get': ({ importId }) => d.imports.report(importId),
    'measurement.list': ({ studyId }) => {
      d.studies.pseudoIdOf(studyId);
      return d.measurements.listForStudy(studyId);
    },
    'measurement.create': (input) => d.measurements.create(input, author()),
    'measurement.update': ({ id, points, label }) => d.measurements.update(id, points, label, author()),
    'measurement.delete': ({ id }) => {
      d.measurements.delete(id, author());
      return { ok: true as const };
    },
    'measurement.restore': ({ id }) => d.measurements.restore(id, author()),
    'models.list': () => d.models.list(),
    'models.addPaths': async ({ paths }) => {
      const info = await d.models.add(paths);
      d.events.emit({ type: 'models.changed' });
      return info;
    },
    'models.commitUpload': async ({ uploadId }) => {
      const files = await d.uploads.sources(uploadId);
      try {
        const info = await d.models.add(files.map((f) => f.path ?? f.name));
        d.events.emit({ type: 'models.changed' });
        return info;
      } finally {
        await d.uploads.finish(uploadId);
      }
    },
    'jobs.start': ({ modelKey, instanceId, frames }) => d.jobs.start(modelKey, instanceId, frames),
    'jobs.list': ({ studyId }) => d.jobs.list(studyId),
    'jobs.get': ({ jobId }) => d.jobs.get(jobId),
    'jobs.cancel': ({ jobId }) => d.jobs.cancel(jobId),
    'jobs.retry': ({ jobId }) => d.jobs.retry(jobId),
    'results.frames': ({ instanceId, modelKey }) => d.jobs.frameSummaries(instanceId, modelKey),
    'inference.status': () => ({ running: d.jobs.hostRunning, executionProvider: d.jobs.executionProvider, candidates: providerCandidates() }),
    'vfss.review': ({ instanceId }) => d.vfss.review(instanceId),
    'vfss.analyze': ({ instanceId }) => d.vfss.analyze(instanceId),
    'vfss.saveBolus': (input) => d.vfss.saveBolus(input, author()),
    'vfss.deleteBolus': ({ id }) => {
      d.vfss.deleteBolus(id, author());
      return { ok: true as const };
    },
    'vfss.setEvent': ({ bolusId, event, frame, source, proposedFrame }) => d.vfss.setEvent(bolusId, event, frame, source ?? 'user', proposedFrame ?? null, author()),
    'vfss.setPas': ({ bolusId, pas, pasFrame }) => d.vfss.setPas(bolusId, pas, pasFrame, author()),
    'vfss.setResidue': ({ bolusId, frame, region, points }) => d.vfss.setResidue(bolusId, frame, region, points, author()),
    'vfss.setAnatomy': ({ instanceId, anatomy }) => {
      d.vfss.setAnatomy(instanceId, anatomy, author());
      return d.vfss.review(instanceId);
    },
    'vfss.saveMasks': ({ instanceId, edits, action }) => ({ frames: d.vfss.saveMasks(instanceId, edits, action, author()) }),
    'vfss.acceptAi': async ({ instanceId, startFrame, endFrame }) => ({ frames: await d.vfss.acceptAi(instanceId, startFrame, endFrame, author()) }),
    'vfss.maskHistory': ({ instanceId, frame }) => d.vfss.maskHistory(instanceId, frame),
    'vfss.export': ({ instanceId, format, originFrame }) => {
      const i = d.info();
      return d.vfssExport.export(instanceId, format, originFrame ?? 0, { appName: i.name, appVersion: i.version, author: author() });
    },
  };
}
