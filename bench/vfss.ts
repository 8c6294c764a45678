/**
 * VFSS review benchmarks in Debian's Chromium against web mode, on the 300-frame 512² demo cine:
 *  1. whole-study analysis time (the shipped bolus model on the CPU, from click to job done);
 *  2. frame-step latency while the analysis job runs (arrow key → frame on screen), p50/p95;
 *  3. cine rate with the mask overlay on, at 1×;
 *  4. review speed: a scripted walk-through from opening the study to a complete measures table and
 *     PAS, with every user action counted and human-paced pauses (1.5 s per action) added to the
 *     machine time, against frame-by-frame manual review (stepping through every frame of the
 *     swallow once to find 8 events).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ModelCard } from '../common/models/modelCard';
import { createVfssPhantom } from '../common/phantoms/vfss';
import { proposeAnatomy } from '../common/vfss/anatomy';
import { eventInfo } from '../common/vfss/events';
import { computeTrack, type FrameMasks } from '../common/vfss/track';
import type { VfssAnatomy, VfssEventName } from '../common/vfss/schema';
import { launchChromium } from '../tests/e2e/helpers/browser';
import { startServer } from '../tests/e2e/helpers/webServer';
import { tempDir } from '../tests/helpers/tempDir';
import { percentile, printFigures, type Figure } from './report';
import type {} from '../renderer/viewer/viewerDebug';

const HUMAN_PAUSE_MS = 1500;
const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

async function open(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=worklist] tbody tr');
  await page.getByTestId('worklist-search').fill('thin liquid');
  const row = page.locator('[data-testid=worklist] tbody tr', { hasText: 'thin liquid' }).first();
  await row.waitFor();
  await row.dblclick();
  await page.getByTestId('vfss-panel').waitFor();
  await page.waitForFunction(() => window.kestrelViewer?.frameCount() === 300, null, { timeout: 60_000 });
}

/**
 * Records, inside the page, the time from each step key's keydown event (its timeStamp, when the
 * renderer received the input) to the task after the new frame's IMAGE_RENDERED — the frame is on
 * the canvas and the browser has had its chance to paint. This is the latency a person sees; the
 * Playwright round trip (CDP key dispatch plus polling) is reported beside it.
 */
async function recordInputToPaint(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { kestrelStepLatencies: number[] };
    w.kestrelStepLatencies = [];
    let pending: { t0: number; from: number } | null = null;
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'ArrowRight' || e.key === 'Home') pending = { t0: e.timeStamp, from: window.kestrelViewer?.frame() ?? -1 };
      },
      true,
    );
    // Cornerstone's events do not bubble, but every event passes window in the capture phase.
    window.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      () => {
        const p = pending;
        if (!p || (window.kestrelViewer?.frame() ?? p.from) === p.from) return;
        pending = null;
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.kestrelStepLatencies.push(performance.now() - p.t0);
        ch.port2.postMessage(0);
      },
      true,
    );
  });
}

/** One arrow-key step: key press → the stack viewport shows the next frame (rendered). */
async function stepLatency(page: Page): Promise<number> {
  const before = await page.evaluate(() => window.kestrelViewer?.frame() ?? 0);
  const t0 = Date.now();
  await page.keyboard.press(before >= 298 ? 'Home' : 'ArrowRight');
  await page.waitForFunction((b) => (window.kestrelViewer?.frame() ?? b) !== b, before, { timeout: 5000, polling: 'raf' });
  return Date.now() - t0;
}

/** "Analyze swallow" from the click to the job's end, stepping frames all the while. */
async function analyseWhileStepping(page: Page, model: string): Promise<Figure[]> {
  const t0 = Date.now();
  await page.getByTestId('analyze-swallow').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=analysis-state]')?.getAttribute('data-state') === 'running', null, { timeout: 30_000 });
  const latencies: number[] = [];
  await recordInputToPaint(page);
  while ((await page.getByTestId('analysis-state').getAttribute('data-state')) !== 'done') {
    latencies.push(await stepLatency(page));
    await page.waitForTimeout(60);
  }
  const analysisS = (Date.now() - t0) / 1000;
  const inPage = await page.evaluate(() => (window as unknown as { kestrelStepLatencies: number[] }).kestrelStepLatencies);
  const provider = (await page.getByTestId('analysis-state').innerText()).split('·')[1]?.trim() ?? '?';
  return [
    { name: `whole-study analysis, 300 frames 512², click → done (${model})`, value: analysisS, unit: 's', goal: 30, kind: 'max', note: `provider ${provider}` },
    { name: `frame-step latency p95 while it runs (key event → frame painted, in the page; ${model})`, value: percentile(inPage, 95), unit: 'ms', goal: 50, kind: 'max', note: `${inPage.length} steps, p50 ${percentile(inPage, 50).toFixed(0)} ms, max ${Math.max(...inPage).toFixed(0)} ms` },
    { name: `the same steps through Playwright (CDP key dispatch + polling round trip; ${model})`, value: percentile(latencies, 95), unit: 'ms', goal: 50, kind: 'info', note: `${latencies.length} steps, p50 ${percentile(latencies, 50).toFixed(0)} ms; includes the test driver's own IPC, which no user sees` },
  ];
}

/**
 * The shipped model's graph and weights with a 256² input (bench/input_size_variant.py), installed
 * as a user model with a higher version so "Analyze swallow" picks it: the analysis goal is
 * stated at 256² model input. Its masks are not meant to be accurate (it was trained at 160²).
 */
function installInputSizeVariant(dataDir: string, size: number): void {
  const card = ModelCard.parse(JSON.parse(readFileSync(path.join(ROOT, 'models', 'vfss-bolus-peci.model.json'), 'utf8')));
  const dir = path.join(dataDir, 'models');
  mkdirSync(dir, { recursive: true });
  const file = `${card.id}-${size}.onnx`;
  execFileSync('/usr/bin/python3', [path.join(ROOT, 'bench', 'input_size_variant.py'), path.join(ROOT, 'models', card.file), path.join(dir, file), String(size)]);
  const resize = (shape: Array<string | number>) => [...shape.slice(0, 2), size, size];
  const variant: ModelCard = {
    ...card,
    id: `${card.id}-${size}`,
    version: '99.0.0',
    name: `${card.name} — ${size}² input timing variant (benchmark only)`,
    file,
    sha256: createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex'),
    inputs: card.inputs.map((t) => ({ ...t, shape: resize(t.shape) })),
    outputs: card.outputs.map((t) => ({ ...t, shape: resize(t.shape) })),
    preprocessing: { ...card.preprocessing, width: size, height: size },
    metrics: [],
    intendedUse: 'Benchmark only: the shipped model run at a model input size it was not trained at, to time the pipeline.',
  };
  writeFileSync(path.join(dir, `${card.id}-${size}.model.json`), JSON.stringify(variant, null, 2));
}

/**
 * The bolus track (common/vfss/track computeTrack) over the demo phantom's 300 true bolus masks of
 * 512², with the anatomy proposed from its first frame: the main side recomputes it on every review
 * read, so it must stay well under a second (best of 3).
 */
function trackFigure(): Figure {
  const phantom = createVfssPhantom({ seed: 1, frames: 300, fps: 30, width: 512, height: 512, difficulty: 'standard' });
  const frames: FrameMasks[] = [];
  let anatomy: VfssAnatomy | null = null;
  for (let f = 0; f < phantom.frames; f++) {
    const r = phantom.renderFrame(f);
    if (f === 0) {
      const proposed = proposeAnatomy({ width: phantom.width, height: phantom.height, cervicalSpine: r.masks.cervicalSpine, mandible: r.masks.mandible, hyoid: r.masks.hyoid });
      if ('error' in proposed) throw new Error(proposed.error);
      anatomy = proposed.anatomy;
    }
    frames.push({ width: phantom.width, height: phantom.height, bolus: r.masks.bolus, confidence: null, edited: false });
  }
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    computeTrack(frames, anatomy);
    times.push(performance.now() - t0);
  }
  return { name: 'bolus track over 300 frames of 512² (computeTrack, main side)', value: Math.min(...times), unit: 'ms', goal: 1000, kind: 'max', note: `rounds ${times.map((t) => t.toFixed(0)).join(', ')} ms` };
}

export async function benchVfss(): Promise<Figure[]> {
  const tmp = tempDir('kestrel-bench-vfss-');
  const server = await startServer(path.join(tmp.dir, 'data'), { waitReady: true, timeoutMs: 300_000 });
  const browser = await launchChromium();
  const figures: Figure[] = [trackFigure()];
  const phantom = createVfssPhantom({ seed: 1, frames: 300, fps: 30, width: 512, height: 512, difficulty: 'standard' });
  const truth = phantom.events;
  try {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await open(page);
    await page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 120_000 });

    // 1 + 2. Analysis time, and stepping frames while it runs (the shipped model, 160² input).
    figures.push(...(await analyseWhileStepping(page, 'the shipped model, 160² input')));

    // 3. Cine with the overlay on.
    await page.evaluate(() => window.kestrelViewer?.seek(0));
    await page.evaluate(() => window.kestrelViewer?.play());
    await page.waitForTimeout(10_000);
    const stats = await page.evaluate(() => {
      window.kestrelViewer?.pause();
      return window.kestrelViewer?.cineStats() ?? null;
    });
    if (!stats) throw new Error('no cine statistics');
    const painted = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=mask-overlay]');
      return c ? c.width * c.height > 0 : false;
    });
    figures.push({ name: 'cine rate with the mask overlay, 1× (30 fps demanded)', value: stats.shown / (stats.elapsedMs / 1000), unit: 'fps', goal: 30 * 0.99, kind: 'min', note: `${stats.dropped} dropped of ${stats.shown + stats.dropped}; overlay canvas ${painted ? 'on' : 'missing'}` });

    // 4. Review speed walk-through (analysis already done, as after "Analyze swallow").
    await page.goto(`${server.origin}/#/`);
    let actions = 0;
    const w0 = Date.now();
    await open(page);
    actions += 1; // open the study
    // The review (with the analysis already done) must be loaded before the first key press.
    await page.getByTestId('analysed-count').waitFor({ timeout: 30_000 });
    const mark = async (event: VfssEventName, frame: number) => {
      // Seeking by clicking the timeline is one action; the key press another.
      await page.evaluate((f) => window.kestrelViewer?.seek(f), frame);
      await page.locator('body').press(eventInfo(event).key);
      actions += 2;
      await page.waitForFunction(([e, f]) => document.querySelector(`[data-testid=events-table] tr[data-event=${e}]`)?.getAttribute('data-frame') === String(f), [event, frame] as const);
    };
    // Events the AI proposes are accepted with one click each; the others are marked by hand.
    const accepted: string[] = [];
    await mark('hyoidBurstOnset', truth.hyoidBurstOnset);
    for (const e of ['firstPosteriorMovement', 'bolusPassesRamus', 'uesOpening', 'tailThroughUes', 'uesClosure'] as VfssEventName[]) {
      const button = page.getByTestId(`accept-${e}`);
      if ((await button.count()) > 0) {
        await button.click();
        actions += 1;
        accepted.push(e);
      } else {
        await mark(e, truth[e]);
      }
    }
    await mark('lvcOnset', truth.lvcOnset);
    await mark('lvcOffset', truth.lvcOffset);
    await page.getByTestId('pas').selectOption('1');
    actions += 1;
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=measures-table] tr')].every((r) => r.getAttribute('data-ms') !== ''), null, { timeout: 10_000 });
    const machineS = (Date.now() - w0) / 1000;
    const humanS = machineS + (actions * HUMAN_PAUSE_MS) / 1000;
    const swallowFrames = truth.uesClosure - truth.firstPosteriorMovement + 1;
    const manualActions = swallowFrames + 8 + 1;
    figures.push({ name: 'review walk-through to complete measures + PAS (human-paced)', value: humanS, unit: 's', goal: 180, kind: 'max', note: `${actions} actions (${accepted.length} AI proposals accepted), machine time ${machineS.toFixed(1)} s + ${HUMAN_PAUSE_MS / 1000} s per action` });
    figures.push({ name: 'user actions vs frame-by-frame manual review', value: actions, unit: 'actions', goal: manualActions, kind: 'max', note: `manual: step ${swallowFrames} frames + 8 marks + PAS = ${manualActions}` });
    await context.close();

    // 5. The analysis at 256² model input (the size the issue states its goal at), on a fresh data
    // folder with the 256² variant installed, stepping frames while it runs.
    const data256 = path.join(tmp.dir, 'data-256');
    installInputSizeVariant(data256, 256);
    const server256 = await startServer(data256, { waitReady: true, timeoutMs: 300_000 });
    try {
      const page256 = await (await browser.newContext({ viewport: { width: 1500, height: 950 } })).newPage();
      await page256.goto(server256.url);
      await open(page256);
      await page256.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 120_000 });
      figures.push(...(await analyseWhileStepping(page256, '256² input: the shipped graph and weights resized')));
    } finally {
      await server256.stop();
    }
  } finally {
    await browser.close();
    await server.stop();
    tmp.cleanup();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchVfss().then((f) => printFigures('VFSS review (Chromium, web mode)', f));
}
