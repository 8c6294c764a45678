import { ApiError, type Job } from '../../../common/api';
import { rleDecode } from '../../../common/imaging/mask';
import { decodeMaskPayload, encodeMaskPayload, type MaskPayload, type PayloadClass } from '../../../common/models/maskPayload';
import { proposeAnatomy } from '../../../common/vfss/anatomy';
import { rasterizePolygon, residueInRegion } from '../../../common/vfss/residue';
import { hyoidCentroidOfRuns, proposeEvents } from '../../../common/vfss/proposals';
import {
  Bolus as BolusSchema,
  VfssAnatomy as AnatomySchema,
  type Bolus,
  type BolusResidue,
  type Consistency,
  type ResidueRegionName,
  type EventMark,
  type MaskEdit,
  type MaskEditAction,
  type VfssAnatomy,
  type VfssEventName,
  type VfssReview,
} from '../../../common/vfss/schema';
import { computeTrack, type FrameMasks } from '../../../common/vfss/track';
import { nowIso, type Db } from '../db/openDatabase';
import type { JobService } from '../jobs/JobService';
import type { ModelRegistry } from '../models/ModelRegistry';
import type { AuditLog } from '../services/AuditLog';
import type { EventBus } from '../services/EventBus';
import { BolusMaskStore, type MaskRevision } from './BolusMaskStore';

const BOLUS_TASK = 'vfss.bolus';

interface InstanceRow {
  id: number;
  frames: number;
  rows: number;
  columns: number;
}

interface BolusRow {
  id: number;
  instance_id: number;
  start_frame: number;
  end_frame: number;
  consistency: string;
  volume_ml: number | null;
  pas: number | null;
  pas_frame: number | null;
  residue: string | null;
  notes: string;
}

/** What is stored in vfss_boluses.residue (results are computed on read, from the current masks). */
interface StoredResidue {
  frame: number;
  regions: Partial<Record<ResidueRegionName, Array<[number, number]>>>;
}

interface EventRow {
  bolus_id: number;
  event: string;
  frame: number;
  source: 'user' | 'ai';
  proposed_frame: number | null;
  author: string;
  at: string;
}

export interface SaveBolusInput {
  instanceId: number;
  id?: number | undefined;
  startFrame: number;
  endFrame: number;
  consistency: Consistency;
  volumeMl: number | null;
  notes?: string | undefined;
}

/** Per-frame masks the review works on: the person's bolus mask wins over the model's. */
export interface EffectiveFrame {
  frame: number;
  width: number;
  height: number;
  /** 0/1 bolus mask (null = no mask of either kind). */
  bolus: Uint8Array | null;
  /** The model's classes for this frame (structures included), null without an AI result. */
  ai: MaskPayload | null;
  confidence: number | null;
  edited: boolean;
}

/**
 * The swallow review of one cine instance: bolus segments with their events and PAS, the reference
 * anatomy, people's bolus masks (ground truth, with revisions), and the track derived from AI
 * results and edits. Every change is audited; each write is one transaction.
 */
export class VfssService {
  /** The bolus model key of the last registry look-up (residue is computed on the masks it made). */
  private modelKeyCache: string | null = null;
  /** Anatomy proposed from the model's structures at the last review, per instance (not stored). */
  private readonly proposedAnatomy = new Map<number, VfssAnatomy>();

  constructor(
    private readonly db: Db,
    private readonly jobs: JobService,
    private readonly registry: ModelRegistry,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {
    this.masks = new BolusMaskStore(db, audit);
  }

  private readonly masks: BolusMaskStore;

  // ---------------------------------------------------------------- model and analysis

  /** The ready bolus model with the highest version, or the reason there is none. */
  async bolusModel(): Promise<{ key: string | null; problem: string | null }> {
    const models = (await this.registry.list()).filter((m) => m.task === BOLUS_TASK);
    const ready = models.filter((m) => m.status === 'ready').sort((a, b) => compareVersions(b.version, a.version));
    this.modelKeyCache = ready[0]?.key ?? null;
    if (ready[0]) return { key: ready[0].key, problem: null };
    if (models[0]) return { key: null, problem: `The bolus model ${models[0].key} cannot run: ${models[0].problems[0] ?? 'invalid'}.` };
    return { key: null, problem: 'No bolus segmentation model (task vfss.bolus) is installed. Add one on the Models page; manual review still works.' };
  }

  /** The execution provider the newest analysis of this instance ran on, or null. */
  analysisProvider(instanceId: number, modelKey: string): string | null {
    return this.jobs.latest(instanceId, modelKey)?.executionProvider ?? null;
  }

  analyzeRefusal(instanceId: number): string | null {
    const inst = this.instance(instanceId);
    if (inst.frames < 2) return 'This instance has a single frame; "Analyze swallow" needs a cine (tracking and timing are defined over frames).';
    return null;
  }

  async analyze(instanceId: number): Promise<Job> {
    const refusal = this.analyzeRefusal(instanceId);
    if (refusal) throw new ApiError('invalid_input', refusal);
    const model = await this.bolusModel();
    if (!model.key) throw new ApiError('conflict', model.problem ?? 'No bolus model.');
    const latest = this.jobs.latest(instanceId, model.key);
    if (latest && (latest.state === 'queued' || latest.state === 'running')) return latest;
    return this.jobs.start(model.key, instanceId, undefined);
  }

  // ---------------------------------------------------------------- review

  async review(instanceId: number): Promise<VfssReview> {
    const inst = this.instance(instanceId);
    const model = await this.bolusModel();
    const frames = this.effectiveFrames(instanceId, model.key);
    const stored = this.storedAnatomy(instanceId);
    let anatomy: VfssAnatomy | null = stored;
    let anatomyProblem: string | null = null;
    if (!anatomy) {
      const proposed = this.proposeAnatomyFrom(frames);
      if ('anatomy' in proposed) {
        anatomy = proposed.anatomy;
        this.proposedAnatomy.set(instanceId, anatomy);
      } else anatomyProblem = proposed.error;
    }
    const track = computeTrack(
      frames.map((f): FrameMasks | null =>
        f.bolus ? { width: f.width, height: f.height, bolus: f.bolus, confidence: f.confidence, edited: f.edited } : null,
      ),
      anatomy,
    );
    const boluses = this.boluses(instanceId);
    const hyoid = frames.map((f) => {
      const cls = f.ai?.classes.find((c) => c.name === 'hyoid');
      return cls ? hyoidCentroidOfRuns(cls.rle, f.width, f.height) : null;
    });
    const proposals = anatomy
      ? boluses.length > 0
        ? boluses.flatMap((b) => proposeEvents(track, anatomy, { start: b.startFrame, end: b.endFrame }, hyoid))
        : proposeEvents(track, anatomy, { start: 0, end: inst.frames - 1 }, hyoid)
      : [];
    return {
      instanceId,
      frames: inst.frames,
      width: inst.columns,
      height: inst.rows,
      analyzeRefusal: this.analyzeRefusal(instanceId),
      modelKey: model.key,
      modelProblem: model.problem,
      anatomy,
      anatomyProblem,
      boluses,
      track,
      proposals,
      editedFrames: frames.filter((f) => f.edited).map((f) => f.frame),
    };
  }

  /** Structures from the first analysed frame (the swallow has not started: anatomy at rest). */
  private proposeAnatomyFrom(frames: EffectiveFrame[]): { anatomy: VfssAnatomy } | { error: string } {
    const first = frames.find((f) => f.ai !== null);
    if (!first || !first.ai) return { error: 'No analysed frame yet: run "Analyze swallow", or place the reference bands by hand.' };
    const n = first.width * first.height;
    const get = (name: string): Uint8Array | null => {
      const cls = first.ai?.classes.find((c) => c.name === name);
      return cls ? rleDecode(cls.rle, n) : null;
    };
    const spine = get('cervicalSpine');
    const mandible = get('mandible');
    if (!spine || !mandible) return { error: 'The model gave no cervical spine or mandible masks, so the bands cannot be proposed.' };
    return proposeAnatomy({ width: first.width, height: first.height, cervicalSpine: spine, mandible, hyoid: get('hyoid') });
  }

  /** AI results merged with people's masks, one entry per frame. */
  effectiveFrames(instanceId: number, modelKey: string | null): EffectiveFrame[] {
    const inst = this.instance(instanceId);
    const ai = modelKey ? this.jobs.allPayloads(instanceId, modelKey) : new Map<number, Uint8Array>();
    const edits = this.masks.current(instanceId);
    const out: EffectiveFrame[] = [];
    const n = inst.rows * inst.columns;
    for (let frame = 0; frame < inst.frames; frame++) {
      const raw = ai.get(frame);
      const payload = raw ? decodeMaskPayload(raw) : null;
      const aiBolus = payload?.classes.find((c) => c.name === 'bolus') ?? null;
      const edit = edits.get(frame);
      const width = payload?.width ?? inst.columns;
      const height = payload?.height ?? inst.rows;
      if (edit) {
        const cls = decodeMaskPayload(edit).classes[0];
        out.push({ frame, width: inst.columns, height: inst.rows, bolus: cls ? rleDecode(cls.rle, n) : new Uint8Array(n), ai: payload, confidence: aiBolus?.meanProbability ?? null, edited: true });
      } else {
        out.push({ frame, width, height, bolus: aiBolus ? rleDecode(aiBolus.rle, width * height) : null, ai: payload, confidence: aiBolus ? aiBolus.meanProbability : null, edited: false });
      }
    }
    return out;
  }

  /** The overlay of one frame: the model's classes with the bolus replaced by a person's mask. */
  effectivePayload(instanceId: number, frame: number, modelKey: string | null): Uint8Array | null {
    const ai = modelKey ? this.jobs.maskPayload(instanceId, frame, modelKey) : null;
    const edit = this.masks.current(instanceId, frame).get(frame);
    if (!edit) return ai;
    const edited = decodeMaskPayload(edit);
    const human = edited.classes[0];
    if (!human) return ai;
    const base = ai ? decodeMaskPayload(ai) : { width: edited.width, height: edited.height, classes: [] as PayloadClass[] };
    const classes = [...base.classes.filter((c) => c.name !== 'bolus'), { ...human, name: 'bolus' }];
    return encodeMaskPayload({ width: base.width, height: base.height, classes });
  }

  // ---------------------------------------------------------------- boluses, events, PAS

  boluses(instanceId: number): Bolus[] {
    const rows = this.db.prepare('SELECT * FROM vfss_boluses WHERE instance_id = ? ORDER BY start_frame, id').all(instanceId) as BolusRow[];
    const events = this.db
      .prepare('SELECT e.* FROM vfss_events e JOIN vfss_boluses b ON b.id = e.bolus_id WHERE b.instance_id = ?')
      .all(instanceId) as EventRow[];
    return rows.map((r, i) => this.toBolus(r, i + 1, events.filter((e) => e.bolus_id === r.id)));
  }

  saveBolus(input: SaveBolusInput, author: string): Bolus {
    const inst = this.instance(input.instanceId);
    if (input.endFrame < input.startFrame) throw new ApiError('invalid_input', `The bolus ends (frame ${input.endFrame + 1}) before it starts (frame ${input.startFrame + 1}).`);
    if (input.endFrame >= inst.frames) throw new ApiError('invalid_input', `The instance has ${inst.frames} frames; the bolus cannot end at frame ${input.endFrame + 1}.`);
    const now = nowIso();
    const id = this.db.transaction(() => {
      if (input.id !== undefined) {
        const old = this.bolusRow(input.id);
        if (old.instance_id !== input.instanceId) throw new ApiError('invalid_input', `Bolus ${input.id} belongs to another instance.`);
        this.db
          .prepare('UPDATE vfss_boluses SET start_frame = ?, end_frame = ?, consistency = ?, volume_ml = ?, notes = ?, updated_at = ? WHERE id = ?')
          .run(input.startFrame, input.endFrame, input.consistency, input.volumeMl, input.notes ?? old.notes, now, input.id);
        this.audit.record(author, 'vfss.bolus.update', 'vfss_bolus', input.id, { startFrame: input.startFrame, endFrame: input.endFrame, consistency: input.consistency, volumeMl: input.volumeMl });
        return input.id;
      }
      const newId = Number(
        this.db
          .prepare('INSERT INTO vfss_boluses (instance_id, start_frame, end_frame, consistency, volume_ml, notes, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(input.instanceId, input.startFrame, input.endFrame, input.consistency, input.volumeMl, input.notes ?? '', author, now, now).lastInsertRowid,
      );
      this.audit.record(author, 'vfss.bolus.create', 'vfss_bolus', newId, { instanceId: input.instanceId, startFrame: input.startFrame, endFrame: input.endFrame });
      return newId;
    })();
    this.changed(input.instanceId);
    return this.bolus(id);
  }

  deleteBolus(id: number, author: string): void {
    const row = this.bolusRow(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM vfss_boluses WHERE id = ?').run(id);
      this.audit.record(author, 'vfss.bolus.delete', 'vfss_bolus', id, { row });
    })();
    this.changed(row.instance_id);
  }

  setEvent(bolusId: number, event: VfssEventName, frame: number | null, source: 'user' | 'ai', proposedFrame: number | null, author: string): Bolus {
    const row = this.bolusRow(bolusId);
    const inst = this.instance(row.instance_id);
    if (frame !== null && frame >= inst.frames) throw new ApiError('invalid_input', `Frame ${frame + 1} is past the last frame (${inst.frames}).`);
    this.db.transaction(() => {
      if (frame === null) this.db.prepare('DELETE FROM vfss_events WHERE bolus_id = ? AND event = ?').run(bolusId, event);
      else
        this.db
          .prepare(
            `INSERT INTO vfss_events (bolus_id, event, frame, source, proposed_frame, author, at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(bolus_id, event) DO UPDATE SET frame = excluded.frame, source = excluded.source, proposed_frame = excluded.proposed_frame, author = excluded.author, at = excluded.at`,
          )
          .run(bolusId, event, frame, source, proposedFrame, author, nowIso());
      this.audit.record(author, frame === null ? 'vfss.event.clear' : 'vfss.event.set', 'vfss_bolus', bolusId, { event, frame, source, proposedFrame });
    })();
    this.changed(row.instance_id);
    return this.bolus(bolusId);
  }

  setPas(bolusId: number, pas: number | null, pasFrame: number | null, author: string): Bolus {
    const row = this.bolusRow(bolusId);
    const inst = this.instance(row.instance_id);
    if (pasFrame !== null && pasFrame >= inst.frames) throw new ApiError('invalid_input', `Frame ${pasFrame + 1} is past the last frame (${inst.frames}).`);
    this.db.transaction(() => {
      this.db.prepare('UPDATE vfss_boluses SET pas = ?, pas_frame = ?, updated_at = ? WHERE id = ?').run(pas, pas === null ? null : pasFrame, nowIso(), bolusId);
      this.audit.record(author, 'vfss.pas.set', 'vfss_bolus', bolusId, { pas, pasFrame });
    })();
    this.changed(row.instance_id);
    return this.bolus(bolusId);
  }

  /** Draws or clears one residue region; the residue frame moves to `frame` (the rest frame chosen). */
  setResidue(bolusId: number, frame: number, region: ResidueRegionName, points: Array<[number, number]> | null, author: string): Bolus {
    const row = this.bolusRow(bolusId);
    const inst = this.instance(row.instance_id);
    if (frame >= inst.frames) throw new ApiError('invalid_input', `Frame ${frame + 1} is past the last frame (${inst.frames}).`);
    if (points && points.every(([x, y]) => x < -0.5 || y < -0.5 || x > inst.columns - 0.5 || y > inst.rows - 0.5)) {
      throw new ApiError('invalid_input', `The ${region} region lies outside the ${inst.columns}×${inst.rows} image.`);
    }
    const stored: StoredResidue = row.residue ? (JSON.parse(row.residue) as StoredResidue) : { frame, regions: {} };
    stored.frame = frame;
    if (points) stored.regions[region] = points;
    else delete stored.regions[region];
    const value = Object.keys(stored.regions).length ? JSON.stringify(stored) : null;
    this.db.transaction(() => {
      this.db.prepare('UPDATE vfss_boluses SET residue = ?, updated_at = ? WHERE id = ?').run(value, nowIso(), bolusId);
      this.audit.record(author, points ? 'vfss.residue.set' : 'vfss.residue.clear', 'vfss_bolus', bolusId, { frame, region, points: points?.length ?? 0 });
    })();
    this.changed(row.instance_id);
    return this.bolus(bolusId);
  }

  /** %-full per drawn region, from the bolus mask shown on the residue frame (a person's, else the model's). */
  private residueOf(instanceId: number, stored: StoredResidue): BolusResidue {
    const inst = this.instance(instanceId);
    const payload = this.effectivePayload(instanceId, stored.frame, this.modelKeyCache);
    const decoded = payload ? decodeMaskPayload(payload) : null;
    const cls = decoded?.classes.find((c) => c.name === 'bolus');
    const n = inst.columns * inst.rows;
    const bolus = cls && decoded?.width === inst.columns ? rleDecode(cls.rle, n) : new Uint8Array(n);
    const c2c4 = (this.storedAnatomy(instanceId) ?? this.proposedAnatomy.get(instanceId))?.c2c4LengthPx ?? null;
    const results: BolusResidue['results'] = [];
    for (const region of ['vallecula', 'pyriform'] as const) {
      const polygon = stored.regions[region];
      if (!polygon) continue;
      const r = residueInRegion(bolus, rasterizePolygon(polygon, inst.columns, inst.rows));
      results.push({ region, residuePx: r.residuePx, regionPx: r.regionPx, percentFull: r.percentFull, normalised: c2c4 ? r.residuePx / (c2c4 * c2c4) : null });
    }
    return { frame: stored.frame, regions: stored.regions, results };
  }

  // ---------------------------------------------------------------- anatomy

  storedAnatomy(instanceId: number): VfssAnatomy | null {
    const row = this.db.prepare('SELECT anatomy FROM vfss_anatomy WHERE instance_id = ?').get(instanceId) as { anatomy: string } | undefined;
    if (!row) return null;
    const parsed = AnatomySchema.safeParse(JSON.parse(row.anatomy));
    return parsed.success ? parsed.data : null;
  }

  setAnatomy(instanceId: number, anatomy: VfssAnatomy, author: string): void {
    const inst = this.instance(instanceId);
    for (const [name, band] of Object.entries(anatomy.bands)) {
      if (band.y1 < band.y0) throw new ApiError('invalid_input', `Band ${name} ends (row ${band.y1.toFixed(0)}) above where it starts (row ${band.y0.toFixed(0)}).`);
      if (band.y0 < -inst.rows || band.y1 > 2 * inst.rows) throw new ApiError('invalid_input', `Band ${name} lies far outside the image.`);
    }
    const value: VfssAnatomy = { ...anatomy, source: 'user' };
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO vfss_anatomy (instance_id, anatomy, author, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(instance_id) DO UPDATE SET anatomy = excluded.anatomy, author = excluded.author, updated_at = excluded.updated_at')
        .run(instanceId, JSON.stringify(value), author, nowIso());
      this.audit.record(author, 'vfss.anatomy.set', 'instance', instanceId, value);
    })();
    this.changed(instanceId);
  }

  // ---------------------------------------------------------------- people's masks

  /** Saves masks for frames in one transaction; each becomes a new revision (append-only history). */
  saveMasks(instanceId: number, edits: readonly MaskEdit[], action: MaskEditAction, author: string): number[] {
    const frames = this.masks.save(instanceId, this.instance(instanceId), edits, action, author);
    this.events.emit({ type: 'results.frames', instanceId, frames, source: 'edit' });
    this.changed(instanceId);
    return frames;
  }

  /** Copies the model's bolus masks into people's masks for a range (already edited frames are kept). */
  async acceptAi(instanceId: number, startFrame: number, endFrame: number, author: string): Promise<number[]> {
    const model = await this.bolusModel();
    if (!model.key) throw new ApiError('conflict', model.problem ?? 'No bolus model.');
    if (endFrame < startFrame) throw new ApiError('invalid_input', 'The range ends before it starts.');
    const edits = this.masks.current(instanceId);
    const out: MaskEdit[] = [];
    for (const f of this.effectiveFrames(instanceId, model.key)) {
      if (f.frame < startFrame || f.frame > endFrame || edits.has(f.frame) || !f.ai) continue;
      const cls = f.ai.classes.find((c) => c.name === 'bolus');
      out.push({ frame: f.frame, rle: cls ? Array.from(cls.rle) : [f.width * f.height] });
    }
    if (out.length === 0) throw new ApiError('conflict', 'No analysed, unedited frame in that range: nothing to accept.');
    return this.saveMasks(instanceId, out, 'acceptAi', author);
  }

  maskHistory(instanceId: number, frame: number): MaskRevision[] {
    return this.masks.history(instanceId, frame);
  }

  // ---------------------------------------------------------------- helpers

  instance(instanceId: number): InstanceRow {
    const row = this.db.prepare('SELECT id, frames, rows, columns FROM instances WHERE id = ?').get(instanceId) as InstanceRow | undefined;
    if (!row) throw new ApiError('not_found', `No instance with id ${instanceId}.`);
    return row;
  }

  private bolusRow(id: number): BolusRow {
    const row = this.db.prepare('SELECT * FROM vfss_boluses WHERE id = ?').get(id) as BolusRow | undefined;
    if (!row) throw new ApiError('not_found', `No bolus with id ${id}.`);
    return row;
  }

  private bolus(id: number): Bolus {
    const row = this.bolusRow(id);
    const found = this.boluses(row.instance_id).find((b) => b.id === id);
    if (!found) throw new ApiError('not_found', `No bolus with id ${id}.`);
    return found;
  }

  private toBolus(r: BolusRow, ordinal: number, events: EventRow[]): Bolus {
    const marks: Partial<Record<VfssEventName, EventMark>> = {};
    for (const e of events) marks[e.event as VfssEventName] = { frame: e.frame, source: e.source, proposedFrame: e.proposed_frame, author: e.author, at: e.at };
    return BolusSchema.parse({
      id: r.id,
      instanceId: r.instance_id,
      ordinal,
      startFrame: r.start_frame,
      endFrame: r.end_frame,
      consistency: r.consistency,
      volumeMl: r.volume_ml,
      events: marks,
      pas: r.pas,
      pasFrame: r.pas_frame,
      residue: r.residue ? this.residueOf(r.instance_id, JSON.parse(r.residue) as StoredResidue) : null,
      notes: r.notes,
    });
  }

  private changed(instanceId: number): void {
    this.events.emit({ type: 'vfss.changed', instanceId });
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
