import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rleDecode } from '../../../common/imaging/mask';
import { dice } from '../../../common/measure/overlap';
import { decodeMaskPayload } from '../../../common/models/maskPayload';
import { createServices, type Services } from '../../../electron/node/app/createServices';
import { createInstance } from '../../../electron/node/dicom/create';
import { scanPaths } from '../../../electron/node/import/sources';
import { evaluationFrames } from '../../../scripts/dataset/evaluateVfss';
import { finished, waitForJob } from '../../helpers/jobs';
import { tempDir } from '../../helpers/tempDir';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const MODELS = path.join(ROOT, 'models');
const KEY_PREFIX = 'vfss-bolus-peci@';

/**
 * The shipped model, as a user runs it: found by the registry in models/, run by a job in the
 * inference host over a study of 32 fresh phantom frames (seeds no training or card evaluation used),
 * reaches the bolus Dice its card states within 0.03.
 */
describe('the shipped VFSS bolus model', () => {
  const tmp = tempDir('kestrel-shipped-');
  let s: Services;
  const truths: Uint8Array[] = [];

  beforeAll(async () => {
    const frames: Uint8Array[] = [];
    for (const f of evaluationFrames({ seed: 910_000, phantoms: 4, framesPerPhantom: 8, difficulties: ['standard'] })) {
      frames.push(f.frame.image);
      truths.push(f.frame.masks.bolus);
    }
    const src = path.join(tmp.dir, 'src');
    mkdirSync(src);
    writeFileSync(
      path.join(src, 'fresh.dcm'),
      createInstance({
        patientId: 'FRESH', patientName: 'Fresh^Phantoms', studyInstanceUid: '2.25.7771', studyDate: '20260101', studyDescription: 'fresh phantom frames',
        seriesInstanceUid: '2.25.7771.1', seriesNumber: 1, seriesDescription: 'VFSS', modality: 'RF', sopClassUid: '1.2.840.10008.5.1.4.1.1.12.2',
        sopInstanceUid: '2.25.7771.1.1', instanceNumber: 1, rows: 512, columns: 512, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2',
        bitsAllocated: 8, bitsStored: 8, frames, frameTimeMs: 33.3333,
      }),
    );
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), mode: 'web', version: 'test', demo: false, log: () => {}, modelsDir: MODELS });
    const report = await s.imports.wait(s.imports.start(() => scanPaths([src]), { deidentify: false }));
    expect(report.counts.imported).toBe(1);
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('is listed ready by the registry, with a valid card, matching sha256 and the not-for-clinical-use flag', async () => {
    const shipped = (await s.models.list()).filter((m) => m.key.startsWith(KEY_PREFIX));
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatchObject({ status: 'ready', source: 'shipped', clinicalUse: false, task: 'vfss.bolus' });
    expect(shipped[0]?.problems).toEqual([]);
  });

  it('reaches its card\'s bolus Dice within 0.03 on 32 fresh frames, run in the inference host', async () => {
    const info = (await s.models.list()).find((m) => m.key.startsWith(KEY_PREFIX));
    const card = info?.card;
    if (!info || !card) throw new Error('shipped model missing');
    const stated = card.metrics.find((m) => /^bolus Dice, mean over frames with bolus/.test(m.name) && m.dataset.startsWith('val-standard'));
    expect(stated, 'the card states its bolus Dice').toBeDefined();
    const instanceId = (s.db.prepare('SELECT id FROM instances').get() as { id: number }).id;
    const job = await s.jobs.start(info.key, instanceId, undefined);
    const done = await waitForJob(s, job.id, finished);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', framesDone: 32, executionProvider: 'cpu' });
    const dices: number[] = [];
    truths.forEach((truth, frame) => {
      const payload = decodeMaskPayload(s.jobs.maskPayload(instanceId, frame, info.key) as Uint8Array);
      const bolus = payload.classes.find((c) => c.name === 'bolus');
      const pred = rleDecode(bolus?.rle as Uint32Array, 512 * 512);
      if (truth.some((v) => v !== 0)) dices.push(dice(pred, truth));
    });
    const mean = dices.reduce((a, b) => a + b, 0) / dices.length;
    console.log(`shipped model: bolus Dice ${mean.toFixed(4)} over ${dices.length} frames with bolus (card: ${stated?.value})`);
    expect(dices.length).toBeGreaterThan(25);
    expect(Math.abs(mean - (stated?.value ?? 0))).toBeLessThanOrEqual(0.03);
  });
});
