import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../common/api';
import { createInstance } from '../../../electron/node/dicom/create';
import { startServer } from '../../e2e/helpers/webServer';
import { apiCaller, poll } from '../../helpers/apiClient';
import { installTinyModel } from '../../helpers/modelFixtures';
import { tempDir } from '../../helpers/tempDir';

/**
 * The whole app (web mode, its inference host) killed with SIGKILL in the middle of a job: at the
 * next start the job resumes by itself, and the frames finished before the kill come from the cache.
 */
describe('an inference job interrupted by a kill', () => {
  const tmp = tempDir('kestrel-resume-');
  afterAll(() => tmp.cleanup());

  it('resumes after a restart and finishes without recomputing stored frames', async () => {
    const models = path.join(tmp.dir, 'models');
    installTinyModel(models, 'slow-seg.onnx');
    const src = path.join(tmp.dir, 'src');
    mkdirSync(src);
    const frames = Array.from({ length: 36 }, (_, f) => new Uint8Array(256 * 256).fill(100 + f));
    writeFileSync(
      path.join(src, 'cine.dcm'),
      createInstance({
        patientId: 'R', patientName: 'Resume^Test', studyInstanceUid: '2.25.6661', studyDate: '20260101', studyDescription: 'resume',
        seriesInstanceUid: '2.25.6661.1', seriesNumber: 1, seriesDescription: 'cine', modality: 'RF', sopClassUid: '1.2.840.10008.5.1.4.1.1.12.2',
        sopInstanceUid: '2.25.6661.1.1', instanceNumber: 1, rows: 256, columns: 256, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2',
        bitsAllocated: 8, bitsStored: 8, frames, frameTimeMs: 66.667,
      }),
    );
    const dataDir = path.join(tmp.dir, 'data');
    const env = { KESTREL_MODELS_DIR: models };
    const first = await startServer(dataDir, { demo: false, env });
    const call = apiCaller(first.origin, new URL(first.url).searchParams.get('token') as string);
    const { importId } = await call<{ importId: number }>('import.paths', { paths: [src], options: { deidentify: false } });
    const report = await poll(() => call<{ state: string; studyIds: number[] }>('import.get', { importId }), (r) => r.state !== 'running');
    const study = await call<{ series: { instances: { id: number }[] }[] }>('study.get', { studyId: report.studyIds[0] });
    const instanceId = study.series[0]?.instances[0]?.id as number;
    const job = await call<Job>('jobs.start', { modelKey: 'slow-seg@1.0.0', instanceId });
    await poll(() => call<Job>('jobs.get', { jobId: job.id }), (j) => j.framesDone >= 4);
    first.process.kill('SIGKILL');
    await new Promise((r) => first.process.once('exit', r));

    const second = await startServer(dataDir, { demo: false, env });
    const call2 = apiCaller(second.origin, new URL(second.url).searchParams.get('token') as string);
    const done = await poll(() => call2<Job>('jobs.get', { jobId: job.id }), (j) => j.state !== 'queued' && j.state !== 'running', 180_000);
    expect(done.state).toBe('done');
    expect(done.framesCached).toBeGreaterThanOrEqual(4);
    expect(done.framesCached + done.framesDone).toBe(36);
    expect(second.output()).toMatch(/Resuming 1 inference job/);
    const results = await call2<unknown[]>('results.frames', { instanceId, modelKey: 'slow-seg@1.0.0' });
    expect(results).toHaveLength(36);
    await second.stop();
  });
});
