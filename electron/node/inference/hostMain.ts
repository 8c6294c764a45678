/**
 * The inference host: a separate process (Electron utilityProcess, or child_process.fork in web mode
 * and tests) that decodes, preprocesses, runs onnxruntime and decodes masks. If a model or the
 * runtime crashes, only this process dies; the app marks the job failed and starts a new host.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { isMainThread, parentPort as workerPort, workerData } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { isLaneData, LanePool, readSharedStudy, runLane } from './lanes';
import { readDicom } from '../dicom/read';
import { frameToGray8 } from './framePixels';
import { FromHost, ToHost, type ExecutionProvider } from './protocol';
import { runFrames } from './runFrames';
import { describeTensors, openSession } from './sessions';

interface Channel {
  send(message: FromHost): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function channel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return { send: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data)) };
  }
  if (!process.send) throw new Error('The inference host must be started as a child process with an IPC channel.');
  return { send: (m) => process.send?.(m), onMessage: (l) => process.on('message', l) };
}

const sessions = new Map<string, { session: InferenceSession; provider: ExecutionProvider; fallbacks: string[] }>();
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

async function sessionFor(modelPath: string, providers: ExecutionProvider[], threads: number) {
  const key = `${modelPath}|${providers.join(',')}|${threads}`;
  let s = sessions.get(key);
  if (!s) {
    s = await openSession(modelPath, providers, threads);
    sessions.set(key, s);
  }
  return s;
}

const pools = new Map<string, LanePool>();

/**
 * Lanes for the CPU provider: one per thread the host was given (KESTREL_INFERENCE_LANES overrides;
 * 1 = a single session with all threads). GPU providers keep one session.
 */
function laneCount(threads: number): number {
  const forced = Number(process.env.KESTREL_INFERENCE_LANES);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, 16);
  return threads >= 2 ? Math.min(threads, 8) : 1;
}

async function poolFor(modelPath: string, lanes: number): Promise<LanePool> {
  const key = `${modelPath}|${lanes}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = await LanePool.open(new URL(import.meta.url), modelPath, lanes);
    pools.set(key, pool);
  }
  return pool;
}

/** Batches spread over the lanes, two in flight per lane; results go out as each batch ends. */
async function runInLanes(ch: Channel, msg: Extract<ToHost, { type: 'run' }>, pool: LanePool, t0: number): Promise<void> {
  const batches: number[][] = [];
  for (let i = 0; i < msg.frames.length; i += msg.batchSize) batches.push(msg.frames.slice(i, i + msg.batchSize));
  const study = readSharedStudy(msg.instancePath);
  const inflight = new Set<Promise<void>>();
  let next = 0;
  try {
    while (next < batches.length || inflight.size > 0) {
      while (inflight.size < pool.size * 2 && next < batches.length && !cancelled.has(msg.jobId)) {
        const frames = batches[next++] ?? [];
        const p: Promise<void> = pool.run(study, frames, msg.card).then((results) => ch.send({ type: 'frames', jobId: msg.jobId, results }));
        inflight.add(p);
        void p.then(
          () => inflight.delete(p),
          () => inflight.delete(p),
        );
      }
      if (inflight.size === 0) break;
      await Promise.race(inflight);
    }
  } catch (error) {
    await Promise.allSettled([...inflight]);
    throw error;
  }
  if (cancelled.has(msg.jobId)) {
    cancelled.delete(msg.jobId);
    ch.send({ type: 'cancelled', jobId: msg.jobId });
    return;
  }
  ch.send({ type: 'done', jobId: msg.jobId, ms: performance.now() - t0 });
}

async function run(ch: Channel, msg: Extract<ToHost, { type: 'run' }>): Promise<void> {
  const t0 = performance.now();
  try {
    const lanes = laneCount(msg.threads);
    const { session, provider, fallbacks } = await sessionFor(msg.modelPath, msg.providers, lanes > 1 && msg.providers[0] === 'cpu' ? 1 : msg.threads);
    ch.send({ type: 'started', jobId: msg.jobId, provider, fallbacks });
    if (provider === 'cpu' && lanes > 1) {
      await runInLanes(ch, msg, await poolFor(msg.modelPath, lanes), t0);
      return;
    }
    const bytes = readFileSync(msg.instancePath);
    const parsed = readDicom(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    for (let i = 0; i < msg.frames.length; i += msg.batchSize) {
      // Let a cancel message in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled.has(msg.jobId)) {
        cancelled.delete(msg.jobId);
        ch.send({ type: 'cancelled', jobId: msg.jobId });
        return;
      }
      const batch = msg.frames.slice(i, i + msg.batchSize);
      const images = [];
      for (const index of batch) images.push({ index, image: await frameToGray8(parsed, index) });
      const results = await runFrames(session, msg.card, images);
      ch.send({ type: 'frames', jobId: msg.jobId, results });
    }
    ch.send({ type: 'done', jobId: msg.jobId, ms: performance.now() - t0 });
  } catch (error) {
    ch.send({ type: 'failed', jobId: msg.jobId, error: error instanceof Error ? error.message : String(error) });
  }
}

async function inspect(ch: Channel, msg: Extract<ToHost, { type: 'inspect' }>): Promise<void> {
  try {
    const { session } = await openSession(msg.modelPath, ['cpu'], 1);
    const { inputs, outputs } = describeTensors(session);
    await session.release();
    ch.send({ type: 'inspected', requestId: msg.requestId, ok: true, inputs, outputs, error: null });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    ch.send({ type: 'inspected', requestId: msg.requestId, ok: false, inputs: [], outputs: [], error: message });
  }
}

/**
 * Inference is background work: below-normal priority keeps the viewer, the renderer and the main
 * process responsive while a whole study is analysed on every core. Threads created afterwards
 * (lanes, onnxruntime's pools) inherit it on Linux; elsewhere it applies to the process.
 */
function lowerPriority(): void {
  try {
    os.setPriority(0, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here: run at normal priority.
  }
}

function main(): void {
  lowerPriority();
  const ch = channel();
  ch.onMessage((raw) => {
    const parsed = ToHost.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'cancel') {
      cancelled.add(msg.jobId);
      return;
    }
    // One thing at a time: the host owns the CPU threads it was given.
    queue = queue.then(() => (msg.type === 'run' ? run(ch, msg) : inspect(ch, msg)));
  });
  // An orphaned host (its parent was killed) must not keep the CPU busy.
  process.on('disconnect', () => process.exit(0));
  ch.send({ type: 'ready', pid: process.pid });
}

if (!isMainThread && workerPort && isLaneData(workerData)) {
  lowerPriority();
  runLane(workerPort, workerData);
}
else main();
