/**
 * The AI pipeline on the CPU for the 300-frame 512² demo VFSS study with the shipped model:
 * decode + preprocess + inference + postprocess frames/s, against the same network in PyTorch eager
 * on the same CPU and thread count (goal ≥ 1.5×). Also the network alone in onnxruntime, and the
 * whole app path (a job in the inference host, results written to SQLite).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelCard } from '../common/models/modelCard';
import { createServices } from '../electron/node/app/createServices';
import { vfssDemo } from '../electron/node/demo/demoCases';
import { readDicom } from '../electron/node/dicom/read';
import { frameToGray8 } from '../electron/node/inference/framePixels';
import { LanePool } from '../electron/node/inference/lanes';
import { runFrames } from '../electron/node/inference/runFrames';
import { writeNpy } from '../scripts/dataset/npy';
import { finished, waitForJob } from '../tests/helpers/jobs';
import { tempDir } from '../tests/helpers/tempDir';
import { percentile, printFigures, type Figure } from './report';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CARD = path.join(ROOT, 'models', 'vfss-bolus-peci.model.json');
const THREADS = 2;
const BATCH = 4;

async function oursPipeline(session: InferenceSession, card: ModelCard, parsed: ReturnType<typeof readDicom>): Promise<number> {
  const frames = parsed.attributes.frames;
  await runFrames(session, card, [{ index: 0, image: await frameToGray8(parsed, 0) }]);
  const t0 = performance.now();
  for (let i = 0; i < frames; i += BATCH) {
    const batch = [];
    for (let f = i; f < Math.min(frames, i + BATCH); f++) batch.push({ index: f, image: await frameToGray8(parsed, f) });
    await runFrames(session, card, batch);
  }
  return frames / ((performance.now() - t0) / 1000);
}

async function ortNetwork(session: InferenceSession, card: ModelCard, frames: number, batch: number): Promise<number> {
  const prep = card.preprocessing;
  const input = new Tensor('float32', new Float32Array(batch * prep.channels.length * prep.width * prep.height).fill(0.5), [batch, prep.channels.length, prep.height, prep.width]);
  const name = card.inputs[0]?.name ?? 'frames';
  await session.run({ [name]: input });
  const t0 = performance.now();
  for (let i = 0; i < frames; i += batch) await session.run({ [name]: input });
  return frames / ((performance.now() - t0) / 1000);
}

/**
 * The app's CPU pipeline without the host process around it: the inference lanes (worker threads,
 * one single-threaded session each, electron/node/inference/lanes.ts) over the study file, batches
 * of 4 with two in flight per lane, as the host schedules them.
 */
async function lanesPipeline(instancePath: string, card: ModelCard, modelPath: string, frames: number, lanes: number): Promise<number> {
  const pool = await LanePool.open(new URL('../electron/node/inference/hostMain.ts', import.meta.url), modelPath, lanes);
  try {
    const run = async () => {
      const batches: number[][] = [];
      for (let i = 0; i < frames; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, frames - i) }, (_, k) => i + k));
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes * 2 }, async () => {
          for (let b = batches[next++]; b; b = batches[next++]) await pool.run(instancePath, b, card);
        }),
      );
      return frames / ((performance.now() - t0) / 1000);
    };
    await pool.run(instancePath, [0], card);
    return await run();
  } finally {
    await pool.close();
  }
}

function pytorch(args: string[]): { fps: number; best: string; configs?: Record<string, number> } {
  const out = execFileSync('/usr/bin/python3', [path.join(ROOT, 'bench', 'pytorch_baseline.py'), ...args, '--batch', String(BATCH), '--threads', String(THREADS)]).toString();
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { fps: number; best: string; configs?: Record<string, number> };
}

/** The median of the rounds (ROUNDS is odd, so this is the middle round). */
const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * The app's path: inference jobs in the host process over imported studies (the host's default
 * lanes, one per thread; results written to SQLite). The host lives as long as the app: a first job
 * on a warm-up study starts it and opens its lanes (the cold start), later jobs run on a warm host.
 * Each timed job gets its own copy of the demo study, so no result comes from the cache.
 */
async function appPath(tmpDir: string, copies: number, cardKey: string) {
  const services = createServices({ dataDir: path.join(tmpDir, 'data'), mode: 'web', version: 'bench', demo: false, log: () => {}, modelsDir: path.join(ROOT, 'models') });
  // The copies are the demo study (same seed, same pixels) under other case numbers, hence UIDs.
  const studies = [vfssDemo(2, 300, 30, 102, 'bench warm-up'), ...Array.from({ length: copies }, (_, k) => vfssDemo(1, 300, 30, 110 + k, `bench ${k}`))];
  const imported = await services.imports.wait(services.imports.start(studies, { deidentify: false }));
  if (imported.counts.imported !== studies.length) throw new Error(`benchmark import: ${JSON.stringify(imported.counts)}`);
  const idOf = (description: string) => (services.db.prepare('SELECT i.id FROM instances i JOIN series se ON se.id = i.series_id JOIN studies st ON st.id = se.study_id WHERE st.description = ?').get(description) as { id: number }).id;
  const job = async (description: string) => {
    const t0 = performance.now();
    const started = await services.jobs.start(cardKey, idOf(description), undefined);
    const done = await waitForJob(services, started.id, finished, 600_000);
    if (done.state !== 'done') throw new Error(`benchmark job ended ${done.state}`);
    return { seconds: (performance.now() - t0) / 1000, provider: done.executionProvider };
  };
  const cold = await job('bench warm-up');
  return { cold, timed: (k: number) => job(`bench ${k}`), dispose: () => services.dispose() };
}

/**
 * Interleaved rounds: the VM this runs on changes speed by ~1.3× from one minute to the next, so
 * the PyTorch pipeline and ours are timed next to each other, in alternating order, and compared
 * round by round (median of the per-round ratios). PyTorch's config (layout and batch size) is
 * chosen once by a probe over all four. The ratio depends on how loaded the machine is: PyTorch's
 * two threads meet at a barrier in every operator and lose more to a busy host than the lanes,
 * which never wait for each other. So the round where PyTorch ran fastest (the least loaded) is
 * printed too: it is the conservative reading.
 */
const ROUNDS = 5;
/**
 * Passes per side in a round, the faster one kept on both sides: a 300-frame pass takes 3–6 s, and
 * one stall of the VM in it moved a single pass by up to 25 % (per-round ratios 1.32–1.86 in one
 * run with single passes).
 */
const PASSES = 2;

export async function benchPipeline(): Promise<Figure[]> {
  const card = ModelCard.parse(JSON.parse(readFileSync(CARD, 'utf8')));
  const onnx = path.join(ROOT, 'models', card.file);
  const source = vfssDemo(1, 300, 30, 101, 'bench');
  const bytes = await source.read();
  const parsed = readDicom(bytes);
  const frames = parsed.attributes.frames;
  const prep = card.preprocessing;
  const size = String(prep.width);
  const tmp = tempDir('kestrel-bench-pipeline-');
  try {
    // The demo's frames for the PyTorch pipeline, as the app decodes them.
    const all = new Uint8Array(frames * parsed.attributes.rows * parsed.attributes.columns);
    for (let f = 0; f < frames; f++) all.set((await frameToGray8(parsed, f)).data, f * parsed.attributes.rows * parsed.attributes.columns);
    const npy = path.join(tmp.dir, 'frames.npy');
    writeNpy(npy, 'uint8', [frames, parsed.attributes.rows, parsed.attributes.columns], all);
    const studyFile = path.join(tmp.dir, 'study.dcm');
    writeFileSync(studyFile, bytes);

    const probe = pytorch(['--mode', 'pipeline', '--size', size, '--frames-npy', npy, '--rounds', '1']);
    const torchRun = () => pytorch(['--mode', 'pipeline', '--size', size, '--frames-npy', npy, '--rounds', String(PASSES), '--configs', probe.best]).fps;

    const app = await appPath(tmp.dir, ROUNDS * PASSES, `${card.id}@${card.version}`);
    const rounds: Array<{ torch: number; app: number; lanes: number }> = [];
    let provider: string | null = null;
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const ours = async () => {
          let best = Infinity;
          for (let p = 0; p < PASSES; p++) {
            const job = await app.timed(r * PASSES + p);
            provider = job.provider;
            best = Math.min(best, job.seconds);
          }
          return { app: frames / best, lanes: await lanesPipeline(studyFile, card, onnx, frames, THREADS) };
        };
        // Alternate which side goes first.
        if (r % 2 === 0) {
          const torch = torchRun();
          rounds.push({ torch, ...(await ours()) });
        } else {
          const o = await ours();
          rounds.push({ torch: torchRun(), ...o });
        }
        const last = rounds[rounds.length - 1];
        if (last) console.error(`  round ${r + 1}: app ${last.app.toFixed(1)} fps, lanes in-process ${last.lanes.toFixed(1)} fps, PyTorch ${last.torch.toFixed(1)} fps`);
      }
    } finally {
      await app.dispose();
    }

    // Reference figures, measured once after the rounds: one session on both threads, and the
    // network alone on each side.
    const session = await InferenceSession.create(onnx, { executionProviders: ['cpu'], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const single = Math.max(await oursPipeline(session, card, parsed), await oursPipeline(session, card, parsed));
    const ort = Math.max(await ortNetwork(session, card, frames, 1), await ortNetwork(session, card, frames, BATCH));
    await session.release();
    const torchNet = pytorch(['--mode', 'network', '--size', size, '--frames', String(frames), '--configs', probe.best]);

    const appRatio = median(rounds.map((r) => r.app / r.torch));
    const lanesRatio = median(rounds.map((r) => r.lanes / r.torch));
    const torchMedian = median(rounds.map((r) => r.torch));
    const perRound = rounds.map((r) => (r.app / r.torch).toFixed(2)).join(', ');
    const quiet = rounds.reduce((best, r) => (r.torch > best.torch ? r : best));
    const note = `${THREADS} threads, ${prep.width}×${prep.height} input, ${frames} frames of 512², ${ROUNDS} interleaved rounds, faster of ${PASSES} passes per side in each`;
    return [
      { name: 'whole pipeline as the app runs it (warm inference host, 2 lanes × 1 thread) ÷ PyTorch-eager pipeline', value: appRatio, unit: '×', goal: 1.5, kind: 'min', note: `median of per-round ratios ${perRound}; app ${median(rounds.map((r) => r.app)).toFixed(1)} fps median, includes decode, IPC and SQLite writes; ${note}` },
      { name: 'the same in the least loaded round (PyTorch fastest)', value: quiet.app / quiet.torch, unit: '×', goal: 1.5, kind: 'info', note: `app ${quiet.app.toFixed(1)} fps, PyTorch ${quiet.torch.toFixed(1)} fps` },
      { name: 'whole pipeline, the host\'s lanes in-process (2 lanes × 1 thread, no IPC or SQLite) ÷ PyTorch', value: lanesRatio, unit: '×', goal: 1.5, kind: 'info', note: `${median(rounds.map((r) => r.lanes)).toFixed(1)} fps median` },
      { name: 'whole pipeline, PyTorch eager + OpenCV (baseline)', value: torchMedian, unit: 'fps', goal: torchMedian, kind: 'info', note: `median of ${ROUNDS} rounds, ${probe.best} (best of the four configs in a probe: ${Object.entries(probe.configs ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')})` },
      { name: 'whole pipeline, one session on 2 threads, in-process', value: single, unit: 'fps', goal: 1.5 * torchMedian, kind: 'info', note: `${(single / torchMedian).toFixed(2)}× the PyTorch median; measured after the rounds` },
      { name: 'network only, one onnxruntime session on 2 threads', value: ort, unit: 'fps', goal: torchNet.fps, kind: 'info', note: `${(ort / torchNet.fps).toFixed(2)}× PyTorch eager (${torchNet.best}, ${torchNet.fps.toFixed(1)} fps)` },
      { name: 'whole study as a job in the warm inference host (2 lanes)', value: frames / median(rounds.map((r) => r.app)), unit: 's', goal: 30, kind: 'max', note: `provider ${provider ?? '?'}; median over the rounds of the faster of ${PASSES} jobs` },
      { name: 'the same with a cold host (first job: host and lanes start)', value: app.cold.seconds, unit: 's', goal: 30, kind: 'max', note: 'the host starts with the app; its lanes open on a model\'s first job' },
    ];
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPipeline().then((f) => printFigures('AI pipeline (CPU)', f));
}
