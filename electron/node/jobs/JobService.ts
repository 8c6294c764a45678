import { ApiError, type FrameResultSummary, type Job } from '../../../common/api';
import { encodeMaskPayload } from '../../../common/models/maskPayload';
import type { StudyService } from '../cases/StudyService';
import { nowIso, type Db } from '../db/openDatabase';
import type { HostClient } from '../inference/HostClient';
import type { ExecutionProvider, FrameResult } from '../inference/protocol';
import type { ModelRegistry } from '../models/ModelRegistry';
import type { EventBus } from '../services/EventBus';

interface JobParams {
  modelKey: string;
  instanceId: number;
  frames: number[] | null;
  framesTotal: number;
  framesDone: number;
  framesCached: number;
}

interface JobRow {
  id: number;
  state: Job['state'];
  progress: number;
  params: string;
  error: string | null;
  execution_provider: string | null;
  study_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface JobOptions {
  providers: ExecutionProvider[];
  threads: number;
  batchSize: number;
}

const PROGRESS_EVERY_MS = 150;

/**
 * Inference jobs are rows in SQLite: queued → running (progress) → done / failed (reason) /
 * cancelled. One job runs at a time in the inference host; results are written per frame as they
 * arrive, so a restart resumes where it stopped and re-running a model is a cache hit.
 */
export class JobService {
  private active: { id: number; params: JobParams; lastEmit: number } | null = null;
  private pumping = false;
  private disposed = false;
  private lastProvider: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly host: HostClient,
    private readonly registry: ModelRegistry,
    private readonly studies: StudyService,
    private readonly events: EventBus,
    private readonly options: JobOptions,
    private readonly log: (m: string) => void = () => {},
  ) {}

  get executionProvider(): string | null {
    return this.lastProvider;
  }

  get hostRunning(): boolean {
    return this.host.running;
  }

  /** After a restart: running jobs go back to the queue and resume (their finished frames are cached). */
  recover(): number {
    const n = this.db.prepare("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running' AND kind = 'inference'").run(nowIso()).changes;
    void this.pump();
    return n;
  }

  async start(modelKey: string, instanceId: number, frames: number[] | undefined): Promise<Job> {
    await this.registry.ready(modelKey);
    const studyId = this.studies.studyOfInstance(instanceId);
    const total = this.instanceFrames(instanceId);
    const list = frames ? [...new Set(frames)].sort((a, b) => a - b) : null;
    if (list?.some((f) => f >= total)) throw new ApiError('invalid_input', `The instance has ${total} frames; frame numbers must be below that.`);
    const params: JobParams = { modelKey, instanceId, frames: list, framesTotal: list ? list.length : total, framesDone: 0, framesCached: 0 };
    const now = nowIso();
    const id = Number(
      this.db
        .prepare("INSERT INTO jobs (kind, state, progress, params, study_id, created_at, updated_at) VALUES ('inference', 'queued', 0, ?, ?, ?, ?)")
        .run(JSON.stringify(params), studyId, now, now).lastInsertRowid,
    );
    const job = this.get(id);
    this.events.emit({ type: 'job.progress', job });
    void this.pump();
    return job;
  }

  get(id: number): Job {
    const row = this.db.prepare("SELECT * FROM jobs WHERE id = ? AND kind = 'inference'").get(id) as JobRow | undefined;
    if (!row) throw new ApiError('not_found', `No job with id ${id}.`);
    return toJob(row);
  }

  list(studyId?: number): Job[] {
    const rows = (
      studyId === undefined
        ? this.db.prepare("SELECT * FROM jobs WHERE kind = 'inference' ORDER BY id DESC LIMIT 200").all()
        : this.db.prepare("SELECT * FROM jobs WHERE kind = 'inference' AND study_id = ? ORDER BY id DESC LIMIT 200").all(studyId)
    ) as JobRow[];
    return rows.map(toJob);
  }

  cancel(id: number): Job {
    const job = this.get(id);
    if (job.state === 'queued') this.finish(id, 'cancelled', null);
    else if (job.state === 'running') this.host.cancel(id);
    return this.get(id);
  }

  retry(id: number): Job {
    const job = this.get(id);
    if (job.state !== 'failed' && job.state !== 'cancelled') throw new ApiError('conflict', `Job ${id} is ${job.state}; only failed or cancelled jobs can be retried.`);
    this.db.prepare("UPDATE jobs SET state = 'queued', error = NULL, updated_at = ? WHERE id = ?").run(nowIso(), id);
    void this.pump();
    return this.get(id);
  }

  frameSummaries(instanceId: number, modelKey: string): FrameResultSummary[] {
    const [modelId, version] = splitKey(modelKey);
    const rows = this.db
      .prepare('SELECT frame, execution_provider AS ep, summary FROM ai_results WHERE instance_id = ? AND model_id = ? AND model_version = ? ORDER BY frame')
      .all(instanceId, modelId, version) as { frame: number; ep: string; summary: string }[];
    return rows.map((r) => ({ frame: r.frame, executionProvider: r.ep, classes: JSON.parse(r.summary) as FrameResultSummary['classes'] }));
  }

  /** Every stored frame result of a model on an instance (frame order), for tracks and exports. */
  allPayloads(instanceId: number, modelKey: string): Map<number, Uint8Array> {
    const [modelId, version] = splitKey(modelKey);
    const rows = this.db
      .prepare('SELECT frame, payload FROM ai_results WHERE instance_id = ? AND model_id = ? AND model_version = ? ORDER BY frame')
      .all(instanceId, modelId, version) as { frame: number; payload: Buffer }[];
    return new Map(rows.map((r) => [r.frame, new Uint8Array(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength)]));
  }

  /** The newest job of a model on an instance, if any. */
  latest(instanceId: number, modelKey: string): Job | null {
    const row = this.db
      .prepare("SELECT * FROM jobs WHERE kind = 'inference' AND json_extract(params, '$.instanceId') = ? AND json_extract(params, '$.modelKey') = ? ORDER BY id DESC LIMIT 1")
      .get(instanceId, modelKey) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  maskPayload(instanceId: number, frame: number, modelKey: string): Uint8Array | null {
    const [modelId, version] = splitKey(modelKey);
    const row = this.db
      .prepare('SELECT payload FROM ai_results WHERE instance_id = ? AND frame = ? AND model_id = ? AND model_version = ?')
      .get(instanceId, frame, modelId, version) as { payload: Buffer } | undefined;
    return row ? new Uint8Array(row.payload.buffer, row.payload.byteOffset, row.payload.byteLength) : null;
  }

  private instanceFrames(instanceId: number): number {
    const row = this.db.prepare('SELECT frames FROM instances WHERE id = ?').get(instanceId) as { frames: number } | undefined;
    if (!row) throw new ApiError('not_found', `No instance with id ${instanceId}.`);
    return row.frames;
  }

  /** Stops scheduling; a job still in the host is left as it is and resumes at the next start. */
  dispose(): void {
    this.disposed = true;
  }

  private async pump(): Promise<void> {
    if (this.disposed || this.pumping || this.active) return;
    this.pumping = true;
    try {
      const next = this.db.prepare("SELECT id FROM jobs WHERE state = 'queued' AND kind = 'inference' ORDER BY id LIMIT 1").get() as { id: number } | undefined;
      if (next) await this.execute(next.id);
    } finally {
      this.pumping = false;
    }
  }

  private async execute(id: number): Promise<void> {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow;
    const params = JSON.parse(row.params) as JobParams;
    this.active = { id, params, lastEmit: 0 };
    this.db.prepare("UPDATE jobs SET state = 'running', updated_at = ? WHERE id = ?").run(nowIso(), id);
    try {
      const model = await this.registry.ready(params.modelKey);
      const all = params.frames ?? Array.from({ length: this.instanceFrames(params.instanceId) }, (_, i) => i);
      const [modelId, version] = splitKey(params.modelKey);
      const cached = new Set(
        (this.db.prepare('SELECT frame FROM ai_results WHERE instance_id = ? AND model_id = ? AND model_version = ?').all(params.instanceId, modelId, version) as { frame: number }[]).map((r) => r.frame),
      );
      const todo = all.filter((f) => !cached.has(f));
      params.framesCached = all.length - todo.length;
      params.framesDone = 0;
      this.saveProgress(true);
      if (todo.length === 0) {
        this.finish(id, 'done', null);
        return;
      }
      await new Promise<void>((resolve) => {
        void this.host
          .run(
            {
              type: 'run',
              jobId: id,
              modelPath: model.onnxPath,
              card: model.card,
              instancePath: this.studies.instanceFile(params.instanceId),
              frames: todo,
              providers: this.options.providers,
              batchSize: this.options.batchSize,
              threads: this.options.threads,
            },
            {
              onMessage: (msg) => {
                if (msg.type === 'started') {
                  this.lastProvider = msg.provider;
                  this.db.prepare('UPDATE jobs SET execution_provider = ? WHERE id = ?').run(msg.provider, id);
                  if (msg.fallbacks.length) this.log(`job ${id}: fell back to ${msg.provider} (${msg.fallbacks.join('; ')})`);
                } else if (msg.type === 'frames') {
                  this.storeFrames(id, params, msg.results);
                } else if (msg.type === 'done') {
                  this.finish(id, 'done', null);
                  resolve();
                } else if (msg.type === 'cancelled') {
                  this.finish(id, 'cancelled', null);
                  resolve();
                } else if (msg.type === 'failed') {
                  this.finish(id, 'failed', msg.error);
                  resolve();
                }
              },
              onCrash: (reason) => {
                this.finish(id, 'failed', reason);
                resolve();
              },
            },
          )
          .catch((error: Error) => {
            this.finish(id, 'failed', error.message);
            resolve();
          });
      });
    } catch (error) {
      this.finish(id, 'failed', error instanceof Error ? error.message : String(error));
    } finally {
      this.active = null;
      setImmediate(() => void this.pump());
    }
  }

  private storeFrames(id: number, params: JobParams, results: FrameResult[]): void {
    if (this.disposed) return;
    const [modelId, version] = splitKey(params.modelKey);
    const provider = (this.db.prepare('SELECT execution_provider AS ep FROM jobs WHERE id = ?').get(id) as { ep: string | null }).ep ?? 'unknown';
    const insert = this.db.prepare(
      `INSERT INTO ai_results (instance_id, frame, model_id, model_version, job_id, execution_provider, payload, summary, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(instance_id, frame, model_id, model_version) DO NOTHING`,
    );
    const now = nowIso();
    this.db.transaction(() => {
      for (const r of results) {
        const payload = encodeMaskPayload({ width: r.width, height: r.height, classes: r.masks });
        const summary = r.masks.map((m) => ({ name: m.name, areaPx: m.areaPx, meanProbability: Math.round(m.meanProbability * 1e4) / 1e4 }));
        insert.run(params.instanceId, r.frame, modelId, version, id, provider, Buffer.from(payload), JSON.stringify(summary), now);
      }
    })();
    params.framesDone += results.length;
    this.events.emit({ type: 'results.frames', instanceId: params.instanceId, frames: results.map((r) => r.frame), source: 'ai' });
    this.saveProgress(false);
  }

  private saveProgress(force: boolean): void {
    const a = this.active;
    if (!a) return;
    const p = a.params;
    const progress = p.framesTotal ? Math.min(1, (p.framesCached + p.framesDone) / p.framesTotal) : 1;
    this.db.prepare('UPDATE jobs SET progress = ?, params = ?, updated_at = ? WHERE id = ?').run(progress, JSON.stringify(p), nowIso(), a.id);
    const now = Date.now();
    if (force || now - a.lastEmit > PROGRESS_EVERY_MS) {
      a.lastEmit = now;
      this.events.emit({ type: 'job.progress', job: this.get(a.id) });
    }
  }

  private finish(id: number, state: 'done' | 'failed' | 'cancelled', error: string | null): void {
    if (this.disposed) return;
    this.db
      .prepare(`UPDATE jobs SET state = ?, error = ?, progress = CASE WHEN ? = 'done' THEN 1 ELSE progress END, updated_at = ? WHERE id = ?`)
      .run(state, error, state, nowIso(), id);
    this.events.emit({ type: 'job.finished', job: this.get(id) });
  }
}

export function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('@');
  if (at <= 0) throw new ApiError('invalid_input', `Model key "${key}" is not "id@version".`);
  return [key.slice(0, at), key.slice(at + 1)];
}

function toJob(row: JobRow): Job {
  const p = JSON.parse(row.params) as JobParams;
  return {
    id: row.id,
    kind: 'inference',
    state: row.state,
    progress: row.progress,
    modelKey: p.modelKey,
    instanceId: p.instanceId,
    studyId: row.study_id,
    framesTotal: p.framesTotal,
    framesDone: p.framesDone,
    framesCached: p.framesCached,
    executionProvider: row.execution_provider,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
