/**
 * The AI pipeline on the CPU for the 300-frame 512² demo VFSS study with the shipped model:
 * decode + preprocess + inference + postprocess frames/s, against the same network in PyTorch eager
 * on the same CPU and thread count (goal ≥ 1.5×). Also the network alone in onnxruntime, and the
 * whole app path (a job in the inference host, results written to SQLite).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelCard } from '../common/models/modelCard';
import { createServices } from '../electron/node/app/createServices';
import { vfssDemo } from '../electron/node/demo/demoCases';
import { readDicom } from '../electron/node/dicom/read';
import { frameToGray8 } from '../electron/node/inference/framePixels';
import { runFrames } from '../electron/node/inference/runFrames';
import { tempDir } from '../tests/helpers/tempDir';
import { printFigures, type Figure } from './report';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CARD = path.join(ROOT, 'models', 'vfss-bolus-peci.model.json');
const THREADS = 2;
const BATCH = 4;

export async function benchPipeline(): Promise<Figure[]> {
  const card = ModelCard.parse(JSON.parse(readFileSync(CARD, 'utf8')));
  const onnx = path.join(ROOT, 'models', card.file);
  const source = vfssDemo(1, 300, 30, 101, 'bench');
  const bytes = await source.read();
  const parsed = readDicom(bytes);
  const session = await InferenceSession.create(onnx, { executionProviders: ['cpu'], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

  // 1. The whole pipeline in-process, exactly as the host runs it.
  const frames = parsed.attributes.frames;
  await runFrames(session, card, [{ index: 0, image: await frameToGray8(parsed, 0) }]);
  let t0 = performance.now();
  for (let i = 0; i < frames; i += BATCH) {
    const batch = [];
    for (let f = i; f < Math.min(frames, i + BATCH); f++) batch.push({ index: f, image: await frameToGray8(parsed, f) });
    await runFrames(session, card, batch);
  }
  const pipelineFps = frames / ((performance.now() - t0) / 1000);

  // 2. The network alone in onnxruntime.
  const prep = card.preprocessing;
  const input = new Tensor('float32', new Float32Array(BATCH * prep.channels.length * prep.width * prep.height).fill(0.5), [BATCH, prep.channels.length, prep.height, prep.width]);
  const inputName = card.inputs[0]?.name ?? 'frames';
  t0 = performance.now();
  for (let i = 0; i < frames; i += BATCH) await session.run({ [inputName]: input });
  const ortFps = frames / ((performance.now() - t0) / 1000);
  await session.release();

  // 3. PyTorch eager, same architecture, same threads and batch.
  const out = execFileSync('/usr/bin/python3', [
    path.join(ROOT, 'bench', 'pytorch_baseline.py'),
    '--size', String(prep.width),
    '--channels', String(prep.channels.length),
    '--frames', String(frames),
    '--batch', String(BATCH),
    '--threads', String(THREADS),
  ]).toString();
  const torch = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { fps: number };

  // 4. The app's path: an inference job in the host process over the imported study.
  const tmp = tempDir('kestrel-bench-pipeline-');
  const services = createServices({ dataDir: tmp.dir, mode: 'web', version: 'bench', demo: false, log: () => {}, modelsDir: path.join(ROOT, 'models') });
  const imported = await services.imports.wait(services.imports.start([source], { deidentify: false }));
  const instanceId = (services.db.prepare('SELECT id FROM instances LIMIT 1').get() as { id: number }).id;
  t0 = performance.now();
  const job = await services.jobs.start(`${card.id}@${card.version}`, instanceId, undefined);
  const done = await new Promise<{ state: string; executionProvider: string | null }>((resolve) => {
    const off = services.events.subscribe((e) => {
      if (e.type === 'job.finished' && e.job.id === job.id) {
        off();
        resolve(e.job);
      }
    });
  });
  const jobFps = frames / ((performance.now() - t0) / 1000);
  await services.dispose();
  tmp.cleanup();
  if (done.state !== 'done' || imported.counts.imported !== 1) throw new Error(`benchmark job ended ${done.state}`);

  const note = `${THREADS} threads, batch ${BATCH}, ${prep.width}×${prep.height} input`;
  return [
    { name: 'pipeline: decode+preprocess+infer+postprocess', value: pipelineFps, unit: 'fps', goal: 1.5 * torch.fps, kind: 'min', note: `ratio to PyTorch eager ${(pipelineFps / torch.fps).toFixed(2)}×; ${note}` },
    { name: 'network only, onnxruntime CPU', value: ortFps, unit: 'fps', goal: 1.5 * torch.fps, kind: 'min', note: `ratio to PyTorch eager ${(ortFps / torch.fps).toFixed(2)}×` },
    { name: 'network only, PyTorch 1.13 eager (baseline)', value: torch.fps, unit: 'fps', goal: torch.fps, kind: 'min', note: note },
    { name: 'whole job in the inference host (IPC + SQLite)', value: jobFps, unit: 'fps', goal: 300 / 30, kind: 'min', note: `provider ${done.executionProvider}; goal: 300 frames in < 30 s` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPipeline().then((f) => printFigures('AI pipeline (CPU)', f));
}
