import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../common/api';
import { rleEncode } from '../../../common/imaging/mask';
import { createVfssPhantom } from '../../../common/phantoms/vfss';
import type { VfssEventName } from '../../../common/vfss/schema';
import { dispatch } from '../../../electron/node/api/dispatch';
import { createServices, type Services } from '../../../electron/node/app/createServices';
import { createInstance } from '../../../electron/node/dicom/create';
import { scanPaths } from '../../../electron/node/import/sources';
import { finished, waitForJob } from '../../helpers/jobs';
import { tempDir } from '../../helpers/tempDir';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const MODELS = path.join(ROOT, 'models');
const W = 512;
const H = 512;

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** Calls through the contract's dispatch (inputs and outputs validated), throwing the API error. */
function caller(s: Services): Call {
  return async (method, input) => {
    const r = await dispatch(s.handlers, method, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.result as MethodOutput<typeof method>;
  };
}

function instanceBytes(uid: string, frames: Uint8Array[], frameTimeMs: number | null): Uint8Array {
  return createInstance({
    patientId: `P-${uid}`, patientName: 'Swallow^Test', studyInstanceUid: `2.25.${uid}`, studyDate: '20260101', studyDescription: `vfss ${uid}`,
    seriesInstanceUid: `2.25.${uid}.1`, seriesNumber: 1, seriesDescription: 'VFSS', modality: 'RF', sopClassUid: '1.2.840.10008.5.1.4.1.1.12.2',
    sopInstanceUid: `2.25.${uid}.1.1`, instanceNumber: 1, rows: H, columns: W, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 8, bitsStored: 8, frames, ...(frameTimeMs === null ? {} : { frameTimeMs }),
  });
}

/**
 * The review service end to end on a whole 300-frame phantom study with the shipped model:
 * analysis, anatomy and track (accuracy against the phantom's truth), AI event proposals, boluses,
 * events, PAS, people's masks with history, and the refusals a clinician can meet.
 */
describe('VFSS review service', () => {
  const tmp = tempDir('kestrel-vfss-review-');
  const phantom = createVfssPhantom({ seed: 5, frames: 300, fps: 30, width: W, height: H, difficulty: 'standard' });
  let s: Services;
  let call: Call;
  let cine = 0;
  let still = 0;

  beforeAll(async () => {
    const src = path.join(tmp.dir, 'src');
    mkdirSync(src);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < phantom.frames; i++) frames.push(phantom.renderFrame(i).image);
    writeFileSync(path.join(src, 'cine.dcm'), instanceBytes('81', frames, 1000 / 30));
    writeFileSync(path.join(src, 'still.dcm'), instanceBytes('82', [frames[0] as Uint8Array], null));
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), mode: 'web', version: 'test', demo: false, log: () => {}, modelsDir: MODELS });
    call = caller(s);
    const report = await s.imports.wait(s.imports.start(() => scanPaths([src]), { deidentify: false }));
    expect(report.counts.imported).toBe(2);
    const ids = s.db.prepare('SELECT id, frames FROM instances ORDER BY frames DESC').all() as { id: number; frames: number }[];
    cine = ids[0]?.id ?? 0;
    still = ids[1]?.id ?? 0;
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('refuses "Analyze swallow" on a single frame with the reason, and offers it on the cine', async () => {
    const r = await call('vfss.review', { instanceId: still });
    expect(r.analyzeRefusal).toMatch(/single frame/);
    await expect(call('vfss.analyze', { instanceId: still })).rejects.toThrow(/single frame/);
    const c = await call('vfss.review', { instanceId: cine });
    expect(c.analyzeRefusal).toBeNull();
    expect(c.modelKey).toMatch(/^vfss-bolus-peci@/);
    expect(c.track.every((t) => !t.analyzed)).toBe(true);
    expect(c.anatomyProblem).toMatch(/No analysed frame/);
  });

  it('analyses the whole study; the track follows the phantom bolus and the proposals land within ±2 frames', async () => {
    const job = await call('vfss.analyze', { instanceId: cine });
    const done = await waitForJob(s, job.id, finished, 240_000);
    expect(done.state).toBe('done');
    const r = await call('vfss.review', { instanceId: cine });
    expect(r.track.filter((t) => t.analyzed)).toHaveLength(300);
    expect(r.anatomy?.source).toBe('ai');
    expect(r.anatomy?.facing).toBe(phantom.facing);

    const errors: number[] = [];
    for (let i = 0; i < phantom.frames; i++) {
      const truth = phantom.renderFrame(i).bolusHead;
      const head = r.track[i]?.head;
      if (truth && head) errors.push(Math.hypot(head[0] - truth[0], head[1] - truth[1]));
    }
    errors.sort((a, b) => a - b);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const p95 = errors[Math.floor(errors.length * 0.95)] ?? Infinity;
    const truth = phantom.events;
    const rows = r.proposals.map((p) => ({ event: p.event, proposed: p.frame, truth: truth[p.event], error: p.frame - truth[p.event] }));
    console.log(`track head error over ${errors.length} frames with a bolus: mean ${mean.toFixed(2)} px, p95 ${p95.toFixed(2)} px`);
    console.table(rows);
    expect(mean).toBeLessThan(8);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(Math.abs(row.error), `${row.event}`).toBeLessThanOrEqual(2);
  });

  it('keeps boluses, events and PAS, with specific refusals for impossible frames', async () => {
    const b = await call('vfss.saveBolus', { instanceId: cine, startFrame: 40, endFrame: 200, consistency: 'thin', volumeMl: 5 });
    expect(b.ordinal).toBe(1);
    await expect(call('vfss.saveBolus', { instanceId: cine, startFrame: 50, endFrame: 400, consistency: 'thin', volumeMl: null })).rejects.toThrow(/300 frames/);
    const events: Array<[VfssEventName, number]> = [
      ['bolusPassesRamus', phantom.events.bolusPassesRamus],
      ['hyoidBurstOnset', phantom.events.hyoidBurstOnset],
    ];
    for (const [event, frame] of events) await call('vfss.setEvent', { bolusId: b.id, event, frame });
    await expect(call('vfss.setEvent', { bolusId: b.id, event: 'uesOpening', frame: 300 })).rejects.toThrow(/past the last frame/);
    await expect(call('vfss.setPas', { bolusId: b.id, pas: 9 as 8, pasFrame: 10 })).rejects.toThrow();
    const scored = await call('vfss.setPas', { bolusId: b.id, pas: 5, pasFrame: 120 });
    expect(scored).toMatchObject({ pas: 5, pasFrame: 120 });
    const r = await call('vfss.review', { instanceId: cine });
    expect(r.boluses[0]?.events.bolusPassesRamus?.frame).toBe(phantom.events.bolusPassesRamus);
    expect(r.boluses[0]?.events.hyoidBurstOnset?.source).toBe('user');
    await call('vfss.setEvent', { bolusId: b.id, event: 'hyoidBurstOnset', frame: null });
    expect((await call('vfss.review', { instanceId: cine })).boluses[0]?.events.hyoidBurstOnset).toBeUndefined();
    const audit = s.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'vfss.%'").get() as { n: number };
    expect(audit.n).toBeGreaterThanOrEqual(5);
  });

  it('stores people\'s masks as revisions that override the model, atomically, and reverts to the model', async () => {
    const f = phantom.events.bolusPassesRamus + 5;
    const before = (await call('vfss.review', { instanceId: cine })).track[f];
    const mask = new Uint8Array(W * H);
    for (let y = 100; y < 120; y++) for (let x = 100; x < 130; x++) mask[y * W + x] = 1;
    const rle = Array.from(rleEncode(mask));
    // One bad frame in a batch: nothing of the batch is saved.
    await expect(call('vfss.saveMasks', { instanceId: cine, action: 'brush', edits: [{ frame: f, rle }, { frame: 999, rle }] })).rejects.toThrow(/past the last frame/);
    await expect(call('vfss.saveMasks', { instanceId: cine, action: 'brush', edits: [{ frame: f, rle: [5, 5] }] })).rejects.toThrow(/covers 10 pixels/);
    expect((await call('vfss.review', { instanceId: cine })).editedFrames).toEqual([]);

    await call('vfss.saveMasks', { instanceId: cine, action: 'brush', edits: [{ frame: f, rle }] });
    const r = await call('vfss.review', { instanceId: cine });
    expect(r.editedFrames).toEqual([f]);
    expect(r.track[f]).toMatchObject({ edited: true, areaPx: 600 });
    const history = await call('vfss.maskHistory', { instanceId: cine, frame: f });
    expect(history[0]).toMatchObject({ rev: 1, action: 'brush', areaPx: 600 });

    await call('vfss.saveMasks', { instanceId: cine, action: 'revert', edits: [{ frame: f, rle: null }] });
    const back = await call('vfss.review', { instanceId: cine });
    expect(back.editedFrames).toEqual([]);
    expect(back.track[f]?.areaPx).toBe(before?.areaPx);
    expect((await call('vfss.maskHistory', { instanceId: cine, frame: f })).map((h) => h.action)).toEqual(['revert', 'brush']);

    const accepted = await call('vfss.acceptAi', { instanceId: cine, startFrame: f, endFrame: f + 4 });
    expect(accepted.frames).toEqual([f, f + 1, f + 2, f + 3, f + 4]);
    const after = await call('vfss.review', { instanceId: cine });
    expect(after.editedFrames).toEqual(accepted.frames);
    expect(after.track[f]?.areaPx).toBe(before?.areaPx);
  });

  it('computes residue %-full from a drawn region and the bolus mask on the residue frame', async () => {
    const g = 290;
    const mask = new Uint8Array(W * H);
    for (let y = 100; y < 120; y++) for (let x = 100; x < 130; x++) mask[y * W + x] = 1;
    await call('vfss.saveMasks', { instanceId: cine, action: 'brush', edits: [{ frame: g, rle: Array.from(rleEncode(mask)) }] });
    const b = (await call('vfss.review', { instanceId: cine })).boluses[0];
    if (!b) throw new Error('no bolus');
    const region: Array<[number, number]> = [[99.5, 99.5], [139.5, 99.5], [139.5, 119.5], [99.5, 119.5]];
    const withResidue = await call('vfss.setResidue', { bolusId: b.id, frame: g, region: 'vallecula', points: region });
    expect(withResidue.residue?.frame).toBe(g);
    expect(withResidue.residue?.results).toEqual([expect.objectContaining({ region: 'vallecula', residuePx: 600, regionPx: 800, percentFull: 75 })]);
    await expect(call('vfss.setResidue', { bolusId: b.id, frame: g, region: 'pyriform', points: [[-50, -50], [-40, -50], [-40, -40]] })).rejects.toThrow(/outside/);
    // Erasing the residue in the mask changes the result: it is computed from the current mask.
    await call('vfss.saveMasks', { instanceId: cine, action: 'eraser', edits: [{ frame: g, rle: [W * H] }] });
    const erased = (await call('vfss.review', { instanceId: cine })).boluses[0];
    expect(erased?.residue?.results[0]?.percentFull).toBe(0);
    const cleared = await call('vfss.setResidue', { bolusId: b.id, frame: g, region: 'vallecula', points: null });
    expect(cleared.residue).toBeNull();
  });
});

describe('VFSS review without a model', () => {
  const tmp = tempDir('kestrel-vfss-nomodel-');
  let s: Services;

  beforeAll(async () => {
    const src = path.join(tmp.dir, 'src');
    mkdirSync(src);
    const p = createVfssPhantom({ seed: 2, frames: 24, width: W, height: H });
    const frames = Array.from({ length: p.frames }, (_, i) => p.renderFrame(i).image);
    writeFileSync(path.join(src, 'cine.dcm'), instanceBytes('91', frames, 1000 / 30));
    const empty = path.join(tmp.dir, 'no-models');
    mkdirSync(empty);
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), mode: 'web', version: 'test', demo: false, log: () => {}, modelsDir: empty });
    await s.imports.wait(s.imports.start(() => scanPaths([src]), { deidentify: false }));
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  it('says why it cannot analyse, and the manual workflow still works', async () => {
    const call = caller(s);
    const id = (s.db.prepare('SELECT id FROM instances').get() as { id: number }).id;
    const r = await call('vfss.review', { instanceId: id });
    expect(r.modelKey).toBeNull();
    expect(r.modelProblem).toMatch(/No bolus segmentation model/);
    await expect(call('vfss.analyze', { instanceId: id })).rejects.toThrow(/No bolus segmentation model/);
    const b = await call('vfss.saveBolus', { instanceId: id, startFrame: 0, endFrame: 23, consistency: 'mildlyThick', volumeMl: 10 });
    await call('vfss.setEvent', { bolusId: b.id, event: 'bolusPassesRamus', frame: 3 });
    const mask = new Uint8Array(W * H).fill(1);
    await call('vfss.saveMasks', { instanceId: id, action: 'polygon', edits: [{ frame: 3, rle: Array.from(rleEncode(mask)) }] });
    const after = await call('vfss.review', { instanceId: id });
    expect(after.track[3]).toMatchObject({ analyzed: true, edited: true, areaPx: W * H });
    expect(s.vfss.effectivePayload(id, 3, null)).not.toBeNull();
  });
});
