/**
 * Data-parallel inference lanes for the CPU execution provider: N worker threads, each with its own
 * onnxruntime session on one intra-op thread, each decoding, preprocessing, running and decoding
 * masks for whole batches. On a few cores this beats one session spread over N intra-op threads:
 * the small convolutions of a 160² model parallelise poorly inside an operator, and the JavaScript
 * stages (preprocessing, mask decoding) of one lane overlap the network of the other instead of
 * waiting for it. Results are identical to the single-session path (same runFrames per batch).
 *
 * The lane code is the inference host's own module started again as a worker thread
 * (workerData.kestrelLane), so the bundled host needs no second file; from source (tests) the
 * worker registers tsx before importing it.
 */
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import type { ModelCard } from '../../../common/models/modelCard';
import { readDicom, type ParsedDicom } from '../dicom/read';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { frameToGray8 } from './framePixels';
import type { FrameResult } from './protocol';
import { runFrames } from './runFrames';
import { openSession } from './sessions';

export interface LaneData {
  kestrelLane: true;
  modelPath: string;
}

/**
 * A study file read once by the host into shared memory: every lane parses the same bytes instead
 * of reading its own copy (one read and one copy of a 78 MB cine per job, not one per lane).
 */
export interface SharedStudy {
  path: string;
  /** Distinguishes two reads of one path (a job after the file was replaced). */
  key: number;
  bytes: SharedArrayBuffer;
}

let nextStudyKey = 1;

export function readSharedStudy(path: string): SharedStudy {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new SharedArrayBuffer(size);
    const view = new Uint8Array(bytes);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, view, at, size - at, at);
      if (n === 0) throw new Error(`${path} ended at byte ${at} of ${size} while it was being read.`);
      at += n;
    }
    return { path, key: nextStudyKey++, bytes };
  } finally {
    closeSync(fd);
  }
}

/** A lane's input: a shared study, or a path the lane reads itself. */
type StudySource = SharedStudy | string;

type ToLane = { type: 'batch'; id: number; study: StudySource; frames: number[]; card: ModelCard };
type FromLane =
  | { type: 'ready' }
  | { type: 'openFailed'; message: string }
  | { type: 'result'; id: number; results: FrameResult[] }
  | { type: 'error'; id: number; message: string };

export function isLaneData(data: unknown): data is LaneData {
  return typeof data === 'object' && data !== null && (data as { kestrelLane?: unknown }).kestrelLane === true;
}

/** The worker side: one session, one intra-op thread, batches in, frame results out. */
export function runLane(port: { postMessage(m: FromLane): void; on(event: 'message', l: (m: ToLane) => void): void }, data: LaneData): void {
  let session: InferenceSession | null = null;
  let cached: { key: string; parsed: ParsedDicom } | null = null;
  const ready = openSession(data.modelPath, ['cpu'], 1).then(
    (s) => {
      session = s.session;
      port.postMessage({ type: 'ready' });
    },
    (error: unknown) => port.postMessage({ type: 'openFailed', message: error instanceof Error ? error.message : String(error) }),
  );
  let chain: Promise<void> = ready;
  port.on('message', (msg) => {
    chain = chain.then(async () => {
      try {
        if (!session) throw new Error('The lane has no session.');
        const study = msg.study;
        const key = typeof study === 'string' ? `file:${study}` : `shared:${study.key}`;
        if (cached?.key !== key) {
          cached = null; // let the previous study go before the next is parsed
          let bytes: Uint8Array;
          if (typeof study === 'string') {
            const file = readFileSync(study);
            bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
          } else bytes = new Uint8Array(study.bytes);
          cached = { key, parsed: readDicom(bytes) };
        }
        const parsed = cached.parsed;
        const images = [];
        for (const index of msg.frames) images.push({ index, image: await frameToGray8(parsed, index) });
        // One frame per run: on a single intra-op thread a batch of one keeps each layer's
        // activations in cache (A/B, 2 lanes, 4 rounds each: 93–98 → 97–101 fps at 160² input,
        // 38–40 → 39–41 fps at 256²). The batch still travels as one message.
        const results: FrameResult[] = [];
        for (const image of images) results.push(...(await runFrames(session, msg.card, [image])));
        port.postMessage({ type: 'result', id: msg.id, results });
      } catch (error) {
        port.postMessage({ type: 'error', id: msg.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

interface Pending {
  resolve(results: FrameResult[]): void;
  reject(error: Error): void;
}

/** The host side: a fixed set of lanes for one model; `run` hands a batch to the least busy lane. */
export class LanePool {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[];
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    this.load = workers.map(() => 0);
  }

  static async open(moduleUrl: URL, modelPath: string, lanes: number): Promise<LanePool> {
    const workers: Worker[] = [];
    const opened: Array<Promise<void>> = [];
    // Packaged Electron: the host bundle is unpacked beside the asar archive (electron-builder.yml),
    // and workers load it from there.
    if (moduleUrl.pathname.includes('/app.asar/')) moduleUrl = new URL(moduleUrl.href.replace('/app.asar/', '/app.asar.unpacked/'));
    for (let i = 0; i < lanes; i++) {
      const data: LaneData = { kestrelLane: true, modelPath };
      const w = moduleUrl.pathname.endsWith('.ts')
        ? // Running from source (tests): the worker registers tsx itself, then loads the host module.
          new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(moduleUrl.href)}); });`, { eval: true, workerData: data })
        : new Worker(moduleUrl, { workerData: data });
      workers.push(w);
      opened.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: FromLane) => {
            if (m.type === 'ready') resolve();
            else if (m.type === 'openFailed') reject(new Error(m.message));
            else return;
            w.off('message', onMessage);
          };
          w.on('message', onMessage);
          w.once('error', reject);
        }),
      );
    }
    try {
      await Promise.all(opened);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    const pool = new LanePool(workers);
    workers.forEach((w, lane) => {
      w.on('message', (m: FromLane) => pool.onMessage(lane, m));
      w.on('error', (e) => pool.fail(new Error(`An inference lane failed: ${e.message}`)));
      w.on('exit', (code) => code !== 0 && pool.fail(new Error(`An inference lane stopped (exit code ${code}).`)));
    });
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  run(study: StudySource, frames: number[], card: ModelCard): Promise<FrameResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const lane = this.load.indexOf(Math.min(...this.load));
    this.load[lane] = (this.load[lane] ?? 0) + 1;
    return new Promise<FrameResult[]>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (r) => {
          this.load[lane] = (this.load[lane] ?? 1) - 1;
          resolve(r);
        },
        reject: (e) => {
          this.load[lane] = (this.load[lane] ?? 1) - 1;
          reject(e);
        },
      });
      const msg: ToLane = { type: 'batch', id, study, frames, card };
      this.workers[lane]?.postMessage(msg);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private onMessage(_lane: number, m: FromLane): void {
    if (m.type !== 'result' && m.type !== 'error') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.results);
    else p.reject(new Error(m.message));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
