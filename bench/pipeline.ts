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
import { printFigures, type Figure } from './report';

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
    return Math.max(await run(), await run());
  } finally {
    await pool.close();
  }
}

function pytorch(args: string[]): { fps: number; best: string } {
  const out = execFileSync('/usr/bin/python3', [path.join(ROOT, 'bench', 'pytorch_baseline.py'), ...args, '--batch', String(BATCH), '--threads', String(THREADS)]).toString();
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { fps: number; best: string };
}

export async function benchPipeline(): Promise<Figure[]> {
  const card = ModelCard.parse(JSON.parse(readFileSync(CARD, 'utf8')));
  const onnx = path.join(ROOT, 'models', card.file);
  const source = vfssDemo(1, 300, 30, 101, 'bench');
  const bytes = await source.read();
  const parsed = readDicom(bytes);
  const frames = parsed.attributes.frames;
  const prep = card.preprocessing;
  const session = await InferenceSession.create(onnx, { executionProviders: ['cpu'], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const tmp = tempDir('kestrel-bench-pipeline-');
  try {
    // The demo's frames for the PyTorch pipeline, as the app decodes them.
    const all = new Uint8Array(frames * parsed.attributes.rows * parsed.attributes.columns);
    for (let f = 0; f < frames; f++) all.set((await frameToGray8(parsed, f)).data, f * parsed.attributes.rows * parsed.attributes.columns);
    const npy = path.join(tmp.dir, 'frames.npy');
    writeNpy(npy, 'uint8', [frames, parsed.attributes.rows, parsed.attributes.columns], all);

    // Both sides: best of two rounds, PyTorch also best of its layouts and batch sizes.
    const ours = Math.max(await oursPipeline(session, card, parsed), await oursPipeline(session, card, parsed));
    const studyFile = path.join(tmp.dir, 'study.dcm');
    writeFileSync(studyFile, bytes);
    const lanesFps = await lanesPipeline(studyFile, card, onnx, frames, THREADS);
    const ort = Math.max(await ortNetwork(session, card, frames, 1), await ortNetwork(session, card, frames, BATCH), await ortNetwork(session, card, frames, BATCH));
    await session.release();
    const torchPipeline = pytorch(['--mode', 'pipeline', '--size', String(prep.width), '--frames-npy', npy]);
    const torchNet = pytorch(['--mode', 'network', '--size', String(prep.width), '--frames', String(frames)]);

    // The app's path: an inference job in the host process over an imported study, with the host's
    // default lanes (one per thread) and with a single session on both threads for comparison. The
    // host lives as long as the app: a first job on another study starts it and opens its lanes
    // (reported as the cold start), the timed job runs on a warm host.
    let run = 0;
    const hostJob = async (lanes: number | null): Promise<{ seconds: number; coldSeconds: number; provider: string | null }> => {
      run += 1;
      if (lanes === null) delete process.env.KESTREL_INFERENCE_LANES;
      else process.env.KESTREL_INFERENCE_LANES = String(lanes);
      const services = createServices({ dataDir: path.join(tmp.dir, `data-${run}-${lanes ?? 'default'}`), mode: 'web', version: 'bench', demo: false, log: () => {}, modelsDir: path.join(ROOT, 'models') });
      try {
        const warmSource = vfssDemo(2, 300, 30, 102, 'bench warm-up');
        const imported = await services.imports.wait(services.imports.start([warmSource, source], { deidentify: false }));
        if (imported.counts.imported !== 2) throw new Error(`benchmark import: ${JSON.stringify(imported.counts)}`);
        const idOf = (description: string) => (services.db.prepare('SELECT i.id FROM instances i JOIN series se ON se.id = i.series_id JOIN studies st ON st.id = se.study_id WHERE st.description = ?').get(description) as { id: number }).id;
        const timed = async (instanceId: number) => {
          const t0 = performance.now();
          const job = await services.jobs.start(`${card.id}@${card.version}`, instanceId, undefined);
          const done = await waitForJob(services, job.id, finished, 600_000);
          if (done.state !== 'done') throw new Error(`benchmark job ended ${done.state}`);
          return { seconds: (performance.now() - t0) / 1000, provider: done.executionProvider };
        };
        const cold = await timed(idOf('bench warm-up'));
        const warm = await timed(idOf('bench'));
        return { seconds: warm.seconds, coldSeconds: cold.seconds, provider: warm.provider };
      } finally {
        await services.dispose();
        delete process.env.KESTREL_INFERENCE_LANES;
      }
    };
    const lanesRuns = [await hostJob(null), await hostJob(null)];
    const singleRuns = [await hostJob(1), await hostJob(1)];
    const lanes = Math.min(...lanesRuns.map((r) => r.seconds));
    const cold = Math.min(...lanesRuns.map((r) => r.coldSeconds));
    const single = Math.min(...singleRuns.map((r) => r.seconds));
    const hostFps = frames / lanes;

    const note = `${THREADS} threads, ${prep.width}×${prep.height} input, ${frames} frames of 512²`;
    return [
      { name: 'whole pipeline as the app runs it (warm inference host, 2 lanes × 1 thread)', value: hostFps, unit: 'fps', goal: 1.5 * torchPipeline.fps, kind: 'min', note: `${(hostFps / torchPipeline.fps).toFixed(2)}× the PyTorch-eager pipeline; includes decode, IPC and SQLite writes; ${note}` },
      { name: 'whole pipeline, the host\'s lanes in-process (2 lanes × 1 thread, no IPC or SQLite)', value: lanesFps, unit: 'fps', goal: 1.5 * torchPipeline.fps, kind: 'min', note: `${(lanesFps / torchPipeline.fps).toFixed(2)}× the PyTorch-eager pipeline` },
      { name: 'whole pipeline, one session on 2 threads, in-process', value: ours, unit: 'fps', goal: 1.5 * torchPipeline.fps, kind: 'min', note: `${(ours / torchPipeline.fps).toFixed(2)}× the PyTorch-eager pipeline` },
      { name: 'whole pipeline, PyTorch eager + OpenCV (baseline)', value: torchPipeline.fps, unit: 'fps', goal: torchPipeline.fps, kind: 'min', note: `best config ${torchPipeline.best}` },
      { name: 'network only, onnxruntime CPU', value: ort, unit: 'fps', goal: 1.5 * torchNet.fps, kind: 'min', note: `${(ort / torchNet.fps).toFixed(2)}× PyTorch eager (${torchNet.best}, ${torchNet.fps.toFixed(1)} fps)` },
      { name: 'whole study as a job in the warm inference host (2 lanes)', value: lanes, unit: 's', goal: 30, kind: 'max', note: `provider ${lanesRuns[0]?.provider}; one session on 2 threads: ${single.toFixed(1)} s` },
      { name: 'the same with a cold host (first job: host and lanes start)', value: cold, unit: 's', goal: 30, kind: 'max', note: 'the host starts with the app; its lanes open on a model\'s first job' },
    ];
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPipeline().then((f) => printFigures('AI pipeline (CPU)', f));
}
