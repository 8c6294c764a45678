/**
 * The VFSS PDF report, read back with poppler (pdftotext, pdfinfo, pdftoppm): a realistic review
 * (two boluses on a 300-frame, 30 fps cine; measures computed by hand; key frames of the VFSS
 * phantom with its bolus mask over them) must come out as a PDF whose text carries what a
 * clinician checks, whose first page is not blank, and whose bytes repeat for the same model.
 * Set VFSS_REPORT_OUT=/some/folder to keep the rendered reports (report, empty, many) for a look.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVfssPhantom } from '../../../common/phantoms';
import type { Bolus, EventMark, MeasureValue, TrackPoint, VfssEventName } from '../../../common/vfss/schema';
import { renderKeyFramePng, renderVfssReport, type VfssReportModel } from '../../../electron/node/export/vfssReport';
import { tempDir } from '../../helpers/tempDir';

const FPS = 30;
const FRAMES = 300;
const SIZE = 512;
const msOf = (frames: number): number => (frames * 1000) / FPS;

const EVENT_LABELS: Record<VfssEventName, string> = {
  firstPosteriorMovement: 'First posterior bolus movement (FPM)',
  bolusPassesRamus: 'Bolus passes ramus (BPM)',
  hyoidBurstOnset: 'Hyoid burst onset (HYB)',
  uesOpening: 'UES opening (UESO)',
  lvcOnset: 'Laryngeal vestibule closure (LVC)',
  lvcOffset: 'LVC offset (LVCoff)',
  tailThroughUes: 'Bolus tail through UES (TUES)',
  uesClosure: 'UES closure (UESC)',
};

const PAS: Record<number, string> = {
  1: 'Material does not enter the airway',
  2: 'Material enters the airway, remains above the vocal folds, and is ejected from the airway',
  3: 'Material enters the airway, remains above the vocal folds, and is not ejected from the airway',
  4: 'Material enters the airway, contacts the vocal folds, and is ejected from the airway',
  5: 'Material enters the airway, contacts the vocal folds, and is not ejected from the airway',
  6: 'Material enters the airway, passes below the vocal folds, and is ejected into the larynx or out of the airway',
  7: 'Material enters the airway, passes below the vocal folds, and is not ejected from the trachea despite effort',
  8: 'Material enters the airway, passes below the vocal folds, and no effort is made to eject',
};

const SRT_FLAG = { text: 'Above 0.54 s (impaired)', source: 'Clinical table, CLINICAL.md section 1' };

function mark(frame: number, source: 'user' | 'ai' = 'user', proposedFrame: number | null = null): EventMark {
  return { frame, source, proposedFrame, author: 'dr.lee', at: '2025-03-14T09:00:00Z' };
}

function bolus(ordinal: number, start: number, end: number, events: Bolus['events'], pas: number | null, pasFrame: number | null): Bolus {
  return {
    id: ordinal, instanceId: 1, ordinal, startFrame: start, endFrame: end, consistency: ordinal === 1 ? 'thin' : 'mildlyThick',
    volumeMl: ordinal === 1 ? 5 : 10, events, pas, pasFrame, notes: ordinal === 2 ? 'Coughed after the swallow.' : '',
    residue: ordinal === 2
      ? { frame: 280, regions: {}, results: [{ region: 'vallecula', residuePx: 45, regionPx: 180, percentFull: 25, normalised: 0.0042 }] }
      : null,
  };
}

/** One measure with its interval worked out by hand (frames at 30 fps). */
function measure(set: 'ASPEKT' | 'Logemann', key: string, label: string, from: VfssEventName, to: VfssEventName,
  frames: [number, number] | null, ms: number | null, flag: MeasureValue['flag'] = null): MeasureValue {
  const missing: VfssEventName[] = frames === null ? [to] : [];
  return { key, set, label, from, to, fromFrame: frames?.[0] ?? null, toFrame: frames?.[1] ?? null, ms, missing, flag };
}

const BOLUS_1 = bolus(1, 20, 140, {
  firstPosteriorMovement: mark(30), bolusPassesRamus: mark(45, 'ai', 44), hyoidBurstOnset: mark(52, 'ai', 52),
  uesOpening: mark(58), lvcOnset: mark(55), lvcOffset: mark(80), tailThroughUes: mark(75), uesClosure: mark(77),
}, 1, 60);
const BOLUS_2 = bolus(2, 160, 290, {
  firstPosteriorMovement: mark(175), bolusPassesRamus: mark(190), hyoidBurstOnset: mark(212, 'ai', 210),
  uesOpening: mark(218), lvcOnset: mark(216), tailThroughUes: mark(230), uesClosure: mark(232),
}, 3, 222);

// By hand: 45→52 is 7 frames = 233.3 ms; 58→77 is 19 frames = 633.3 ms; 55→80 is 25 frames = 833.3 ms; …
const MEASURES_1: MeasureValue[] = [
  measure('ASPEKT', 'srt', 'Swallow reaction time', 'bolusPassesRamus', 'hyoidBurstOnset', [45, 52], 233.333),
  measure('ASPEKT', 'hybUeso', 'Hyoid burst to UES opening', 'hyoidBurstOnset', 'uesOpening', [52, 58], 200),
  measure('ASPEKT', 'uesDuration', 'UES opening duration', 'uesOpening', 'uesClosure', [58, 77], 633.333),
  measure('ASPEKT', 'ttlvc', 'Time to LVC', 'hyoidBurstOnset', 'lvcOnset', [52, 55], 100),
  measure('ASPEKT', 'lvcDuration', 'LVC duration', 'lvcOnset', 'lvcOffset', [55, 80], 833.333),
  measure('Logemann', 'ott', 'Oral transit time', 'firstPosteriorMovement', 'bolusPassesRamus', [30, 45], 500),
  measure('Logemann', 'ptt', 'Pharyngeal transit time', 'bolusPassesRamus', 'tailThroughUes', [45, 75], 1000),
  measure('Logemann', 'delay', 'Pharyngeal delay', 'bolusPassesRamus', 'hyoidBurstOnset', [45, 52], 233.333),
];
// 190→212 is 22 frames = 733.3 ms (flagged); 218→232 = 466.7 ms; 212→216 = 133.3 ms; 190→230 = 1333.3 ms; no LVC offset.
const MEASURES_2: MeasureValue[] = [
  measure('ASPEKT', 'srt', 'Swallow reaction time', 'bolusPassesRamus', 'hyoidBurstOnset', [190, 212], 733.333, SRT_FLAG),
  measure('ASPEKT', 'hybUeso', 'Hyoid burst to UES opening', 'hyoidBurstOnset', 'uesOpening', [212, 218], 200),
  measure('ASPEKT', 'uesDuration', 'UES opening duration', 'uesOpening', 'uesClosure', [218, 232], 466.667),
  measure('ASPEKT', 'ttlvc', 'Time to LVC', 'hyoidBurstOnset', 'lvcOnset', [212, 216], 133.333),
  measure('ASPEKT', 'lvcDuration', 'LVC duration', 'lvcOnset', 'lvcOffset', null, null),
  measure('Logemann', 'ott', 'Oral transit time', 'firstPosteriorMovement', 'bolusPassesRamus', [175, 190], 500),
  measure('Logemann', 'ptt', 'Pharyngeal transit time', 'bolusPassesRamus', 'tailThroughUes', [190, 230], 1333.333),
  measure('Logemann', 'delay', 'Pharyngeal delay', 'bolusPassesRamus', 'hyoidBurstOnset', [190, 212], 733.333, SRT_FLAG),
];
const EXPECTED_MS = ['233 ms', '200 ms', '633 ms', '100 ms', '833 ms', '500 ms', '1000 ms', '733 ms', '467 ms', '133 ms', '1333 ms'];

/** A swallow: held in the mouth until `move`, then the head runs down to the esophagus and the tail follows. */
function swallowAt(f: number, start: number, move: number, end: number): Pick<TrackPoint, 'areaPx' | 'head' | 'tail'> {
  if (f < start || f > end) return { areaPx: 0, head: null, tail: null };
  const s = Math.max(0, Math.min(1, (f - move) / 45));
  const lag = Math.max(0, Math.min(1, (f - move - 12) / 40));
  const headY = 170 + 300 * s;
  const tailY = 150 + 320 * lag;
  const area = Math.round(1400 + 900 * Math.sin(Math.PI * Math.min(1, Math.max(0, (f - move) / 70))) - 1200 * lag);
  return { areaPx: Math.max(80, area), head: [300 - 80 * s, headY], tail: [310 - 80 * lag, tailY] };
}

function makeTrack(): TrackPoint[] {
  return Array.from({ length: FRAMES }, (_, frame) => {
    const analyzed = frame < 295;
    const s = frame < 150 ? swallowAt(frame, 20, 30, 140) : swallowAt(frame, 160, 175, 290);
    const has = analyzed && s.head !== null;
    return {
      frame, analyzed, areaPx: analyzed ? s.areaPx : 0, areaNorm: analyzed ? s.areaPx / 90 ** 2 : null,
      head: has ? s.head : null, tail: has ? s.tail : null, headBand: null, tailBand: null,
      confidence: has ? 0.8 : null, edited: (frame >= 60 && frame <= 64) || frame === 200,
    };
  });
}

async function keyFrames(): Promise<VfssReportModel['keyFrames']> {
  const phantom = createVfssPhantom({ seed: 11, frames: 120, width: SIZE, height: SIZE, fps: FPS });
  const frameOf = [phantom.events.uesOpening, phantom.events.lvcOnset + 2];
  const captions = ['Bolus 1: UES opening, bolus in the pharynx', 'Bolus 2: PAS 3 evidence, material above the vocal folds'];
  const out: VfssReportModel['keyFrames'] = [];
  for (const [i, source] of frameOf.entries()) {
    const f = phantom.renderFrame(source);
    const png = await renderKeyFramePng(f.image, SIZE, SIZE, [
      { mask: f.masks.cervicalSpine, rgb: [255, 200, 0], alpha: 0, outline: true },
      { mask: f.masks.bolus, rgb: [0, 200, 255], alpha: 0.45, outline: true },
    ], 360);
    out.push({ frame: i === 0 ? 58 : 222, caption: captions[i] ?? '', png });
  }
  return out;
}

async function makeModel(): Promise<VfssReportModel> {
  return {
    generatedAt: new Date(Date.UTC(2025, 2, 14, 9, 30, 0)),
    appName: 'Kestrel', appVersion: '0.1.0', author: 'Dr. Lee (SLP)',
    patient: { pseudoId: 'KS-7F3A-21', sex: 'F' },
    study: { date: '20250314', description: 'VFSS thin and mildly thick liquids', modality: 'RF' },
    instance: { frames: FRAMES, rows: SIZE, columns: SIZE, fps: FPS, rateSource: 'FrameTime (0018,1063)', variable: false },
    model: { id: 'vfss-bolus-demo', version: '0.3.0', executionProvider: 'CPU', clinicalUse: false },
    boluses: [{ bolus: BOLUS_1, measures: MEASURES_1 }, { bolus: BOLUS_2, measures: MEASURES_2 }],
    track: makeTrack(),
    timestampsMs: Array.from({ length: FRAMES }, (_, i) => msOf(i)),
    originFrame: 45,
    eventLabels: EVENT_LABELS,
    pasDescriptions: PAS,
    keyFrames: await keyFrames(),
  };
}

const tmp = tempDir('kestrel-vfss-report-');
let model: VfssReportModel;
let pdf: Uint8Array;
let pdfPath: string;

function poppler(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
}

function textOf(file: string): string {
  return poppler('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ');
}

function pagesOf(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [file]))?.[1]);
}

async function render(name: string, m: VfssReportModel): Promise<string> {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, await renderVfssReport(m));
  if (process.env.VFSS_REPORT_OUT) copyFileSync(file, path.join(process.env.VFSS_REPORT_OUT, name));
  return file;
}

beforeAll(async () => {
  model = await makeModel();
  pdf = await renderVfssReport(model);
  pdfPath = path.join(tmp.dir, 'report.pdf');
  writeFileSync(pdfPath, pdf);
  if (process.env.VFSS_REPORT_OUT) copyFileSync(pdfPath, path.join(process.env.VFSS_REPORT_OUT, 'report.pdf'));
});
afterAll(() => tmp.cleanup());

describe('renderVfssReport', () => {
  it('writes a complete PDF, the same bytes for the same model', async () => {
    const head = Buffer.from(pdf.subarray(0, 5)).toString('latin1');
    const tail = Buffer.from(pdf.subarray(pdf.length - 8)).toString('latin1');
    expect(head).toBe('%PDF-');
    expect(tail.trimEnd().endsWith('%%EOF')).toBe(true);
    const again = await renderVfssReport(model);
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
  });

  it('carries, as searchable text, what the clinician checks', () => {
    const text = textOf(pdfPath);
    expect(text).toContain('Swallow study (VFSS) report');
    expect(text).toContain('KS-7F3A-21');
    expect(text).toContain('AI-assisted — demo model NOT FOR CLINICAL USE');
    expect(text).toContain('FrameTime (0018,1063)');
    expect(text).toContain('30 fps');
    expect(text).toContain('PAS 3');
    expect(text).toContain(PAS[3]);
    expect(text).toContain(PAS[1]);
    // Frames print 1-based, as the viewer and the CSV number them.
    expect(text).toMatch(/Residue at frame 281 \(\+[\d,]+ ms\): vallecula 25 % full \(45 of 180 px, 0\.004 of \(C2.C4\)/);
    expect(text).toContain('evidence frame 223 (+5900 ms)');
    for (const ms of EXPECTED_MS) expect(text).toContain(ms);
    expect(text).toContain(SRT_FLAG.text);
    expect(text).toContain('LVC offset (LVCoff)');
    expect(text).toContain('AI, accepted, moved from frame 45');
    expect(text).toContain('Time (ms) from frame 46 (BPM, bolus 1)');
    expect(text).toContain('Bolus 2: PAS 3 evidence');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('has page numbers on every page and draws a first page that is not blank', async () => {
    const pages = pagesOf(pdfPath);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(5);
    expect(textOf(pdfPath)).toContain(`Page ${pages} of ${pages}`);
    const prefix = path.join(tmp.dir, 'page');
    poppler('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', '-singlefile', pdfPath, prefix]);
    const { data, info } = await sharp(readFileSync(`${prefix}.png`)).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBeGreaterThan(400);
    let sum = 0;
    let sq = 0;
    for (const v of data) { sum += v; sq += v * v; }
    const mean = sum / data.length;
    const variance = sq / data.length - mean * mean;
    expect(variance).toBeGreaterThan(300);
  });

  it('says so when there are no boluses or no track, and pages many boluses', async () => {
    const empty = await render('empty.pdf', { ...model, boluses: [], track: [], keyFrames: [], model: null });
    const text = textOf(empty);
    expect(text).toContain('No boluses were defined');
    expect(text).toContain('No bolus track');
    expect(text).not.toContain('NOT FOR CLINICAL USE');
    expect(pagesOf(empty)).toBe(1);

    const many = Array.from({ length: 9 }, (_, i) => ({
      bolus: { ...BOLUS_2, id: i + 1, ordinal: i + 1 }, measures: MEASURES_2,
    }));
    const big = await render('many.pdf', { ...model, boluses: many, keyFrames: [...model.keyFrames, ...model.keyFrames, ...model.keyFrames] });
    const pages = pagesOf(big);
    expect(pages).toBeGreaterThanOrEqual(6);
    const bigText = textOf(big);
    expect(bigText).toContain('Bolus 9');
    expect(bigText).toContain(`Page ${pages} of ${pages}`);
  });
});

describe('renderKeyFramePng', () => {
  const W = 64;
  const H = 48;
  const gray = Uint8Array.from({ length: W * H }, (_, i) => 40 + ((i % W) * 2 + Math.floor(i / W)) % 150);
  const mask = Uint8Array.from({ length: W * H }, (_, i) => {
    const x = i % W;
    const y = Math.floor(i / W);
    return x >= 20 && x < 40 && y >= 10 && y < 30 ? 1 : 0;
  });

  async function decode(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  }

  it('fills mask pixels with the overlay colour and leaves the rest grey', async () => {
    const img = await decode(await renderKeyFramePng(gray, W, H, [{ mask, rgb: [255, 0, 0], alpha: 0.5 }]));
    expect([img.width, img.height]).toEqual([W, H]);
    for (let i = 0; i < W * H; i++) {
      const [r, g, b] = [img.data[i * img.channels], img.data[i * img.channels + 1], img.data[i * img.channels + 2]];
      const v = gray[i] ?? 0;
      if (mask[i]) expect([r, g, b]).toEqual([Math.round(v * 0.5 + 127.5), Math.round(v * 0.5), Math.round(v * 0.5)]);
      else expect([r, g, b]).toEqual([v, v, v]);
    }
  });

  it('outlines a mask 1 px wide, also after scaling down', async () => {
    const img = await decode(await renderKeyFramePng(gray, W, H, [{ mask, rgb: [0, 255, 0], alpha: 0, outline: true }]));
    const at = (x: number, y: number): number[] => Array.from(img.data.subarray((y * W + x) * img.channels, (y * W + x) * img.channels + 3));
    expect(at(20, 10)).toEqual([0, 255, 0]);
    expect(at(39, 20)).toEqual([0, 255, 0]);
    const inside = gray[20 * W + 30] ?? 0;
    expect(at(30, 20)).toEqual([inside, inside, inside]);
    const outside = gray[5 * W + 5] ?? 0;
    expect(at(5, 5)).toEqual([outside, outside, outside]);

    const small = await decode(await renderKeyFramePng(gray, W, H, [{ mask, rgb: [0, 255, 0], alpha: 0, outline: true }], 32));
    expect([small.width, small.height]).toEqual([32, 24]);
    let green = 0;
    for (let i = 0; i < 32 * 24; i++) {
      if (small.data[i * small.channels] === 0 && small.data[i * small.channels + 1] === 255) green++;
    }
    expect(green).toBe(36); // the 10×10 square's border at half size
  });
});
