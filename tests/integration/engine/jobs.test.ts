import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rleDecode } from '../../../common/imaging/mask';
import { decodeMaskPayload } from '../../../common/models/maskPayload';
import type { Services } from '../../../electron/node/app/createServices';
import { createServices } from '../../../electron/node/app/createServices';
import { createInstance } from '../../../electron/node/dicom/create';
import { scanPaths } from '../../../electron/node/import/sources';
import { finished, waitForJob } from '../../helpers/jobs';
import { installTinyModel } from '../../helpers/modelFixtures';
import { tempDir } from '../../helpers/tempDir';

/** A cine with a dark square moving right: the tiny model's "bolus" is where the frame is dark. */
function writeCine(file: string, frames: number, size: number, uid: string): void {
  const pixels = Array.from({ length: frames }, (_, f) => {
    const px = new Uint8Array(size * size).fill(200);
    const x0 = 10 + f * 2;
    for (let y = 40; y < 60; y++) for (let x = x0; x < x0 + 20; x++) px[y * size + x] = 10;
    return px;
  });
  writeFileSync(
    file,
    createInstance({
      patientId: 'JOBS', patientName: 'Jobs^Test', studyInstanceUid: uid, studyDate: '20260101', studyDescription: 'jobs',
      seriesInstanceUid: `${uid}.1`, seriesNumber: 1, seriesDescription: 'cine', modality: 'RF', sopClassUid: '1.2.840.10008.5.1.4.1.1.12.2',
      sopInstanceUid: `${uid}.1.1`, instanceNumber: 1, rows: size, columns: size, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 8, bitsStored: 8, frames: pixels, frameTimeMs: 33.3333, cineRate: 30, recommendedDisplayFrameRate: 30,
    }),
  );
}

describe('inference jobs in the host process', () => {
  const tmp = tempDir('kestrel-jobs-');
  const modelsDir = path.join(tmp.dir, 'models');
  let s: Services;
  let small: number;
  let large: number;

  beforeAll(async () => {
    installTinyModel(modelsDir, 'tiny-seg.onnx');
    installTinyModel(modelsDir, 'slow-seg.onnx');
    const src = path.join(tmp.dir, 'src');
    (await import('node:fs')).mkdirSync(src);
    writeCine(path.join(src, 'small.dcm'), 12, 128, '2.25.5551');
    writeCine(path.join(src, 'large.dcm'), 40, 256, '2.25.5552');
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), mode: 'web', version: 'test', demo: false, log: () => {}, modelsDir });
    const report = await s.imports.wait(s.imports.start(() => scanPaths([src]), { deidentify: false }));
    expect(report.counts.imported).toBe(2);
    const ids = s.db.prepare('SELECT id, frames FROM instances ORDER BY frames').all() as { id: number; frames: number }[];
    small = ids[0]?.id as number;
    large = ids[1]?.id as number;
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('runs a model over every frame, records the execution provider, and stores masks per frame', async () => {
    const job = await s.jobs.start('tiny-seg@1.0.0', small, undefined);
    expect(job.state).toMatch(/queued|running/);
    const done = await waitForJob(s, job.id, finished);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', framesTotal: 12, framesDone: 12, framesCached: 0, executionProvider: 'cpu', progress: 1 });
    const summaries = s.jobs.frameSummaries(small, 'tiny-seg@1.0.0');
    expect(summaries.map((r) => r.frame)).toEqual([...Array(12).keys()]);
    expect(summaries.every((r) => r.executionProvider === 'cpu')).toBe(true);
    const payload = decodeMaskPayload(s.jobs.maskPayload(small, 3, 'tiny-seg@1.0.0') as Uint8Array);
    expect(payload.width).toBe(128);
    const bolus = payload.classes.find((c) => c.name === 'bolus');
    const mask = rleDecode(bolus?.rle as Uint32Array, 128 * 128);
    // The dark square of frame 3 is at x 16–35, y 40–59: the mask covers it and little else.
    expect(mask[50 * 128 + 25]).toBe(1);
    expect(mask[10 * 128 + 100]).toBe(0);
    expect(bolus?.areaPx).toBeGreaterThan(300);
    expect(bolus?.areaPx).toBeLessThan(600);
  });

  it('answers a second run from the cache without running the model again', async () => {
    const before = (s.db.prepare('SELECT COUNT(*) AS n FROM ai_results').get() as { n: number }).n;
    const job = await s.jobs.start('tiny-seg@1.0.0', small, undefined);
    const done = await waitForJob(s, job.id, finished);
    expect(done).toMatchObject({ state: 'done', framesCached: 12, framesDone: 0 });
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM ai_results').get() as { n: number }).n).toBe(before);
  });

  it('cancels a running job, keeps what it finished, and a retry completes from there', async () => {
    const job = await s.jobs.start('slow-seg@1.0.0', large, undefined);
    await waitForJob(s, job.id, (j) => j.framesDone >= 4);
    s.jobs.cancel(job.id);
    const cancelled = await waitForJob(s, job.id, finished);
    expect(cancelled.state).toBe('cancelled');
    const kept = s.jobs.frameSummaries(large, 'slow-seg@1.0.0').length;
    expect(kept).toBeGreaterThanOrEqual(4);
    expect(kept).toBeLessThan(40);
    s.jobs.retry(job.id);
    const done = await waitForJob(s, job.id, finished);
    expect(done).toMatchObject({ state: 'done', framesCached: kept, framesDone: 40 - kept });
  });

  it('survives the host being killed: the job fails with the reason, the app keeps answering, retry works', async () => {
    s.db.prepare("DELETE FROM ai_results WHERE model_id = 'slow-seg'").run();
    const job = await s.jobs.start('slow-seg@1.0.0', large, undefined);
    await waitForJob(s, job.id, (j) => j.framesDone >= 2);
    const pid = s.host.pid as number;
    process.kill(pid, 'SIGKILL');
    const failed = await waitForJob(s, job.id, finished);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/inference host stopped unexpectedly \(killed by SIGKILL\)/);
    expect((await s.handlers['app.info']({})).name).toBe('Kestrel');
    s.jobs.retry(job.id);
    const done = await waitForJob(s, job.id, finished);
    expect(done.state).toBe('done');
    expect(s.host.pid).not.toBe(pid);
  });

  it('refuses a model that is not installed or a frame that does not exist', async () => {
    await expect(s.jobs.start('missing@1.0.0', small, undefined)).rejects.toThrow(/No model missing@1.0.0 is installed/);
    await expect(s.jobs.start('tiny-seg@1.0.0', small, [12])).rejects.toThrow(/has 12 frames/);
  });
});
