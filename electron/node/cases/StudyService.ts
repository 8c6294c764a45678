import { promises as fsp } from 'node:fs';
import type { FrameTiming, StudyDetail, Workflow } from '../../../common/api';
import { nowIso, type Db } from '../db/openDatabase';
import type { AuditLog } from '../services/AuditLog';
import type { ContentStore } from '../store/ContentStore';
import { STUDY_COLUMNS, toInstanceInfo, toStudySummary, type InstanceRow, type StudyRow } from './rows';

export class NotFoundError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'NotFoundError';
  }
}

export class StudyService {
  constructor(
    private readonly db: Db,
    private readonly store: ContentStore,
    private readonly audit: AuditLog,
  ) {}

  get(studyId: number, names: ReadonlyMap<string, string> | null): StudyDetail {
    const row = this.db
      .prepare(`SELECT ${STUDY_COLUMNS} FROM studies s JOIN patients p ON p.id = s.patient_id WHERE s.id = ?`)
      .get(studyId) as StudyRow | undefined;
    if (!row) throw new NotFoundError(`No study with id ${studyId}.`);
    const series = this.db
      .prepare('SELECT id, series_uid, modality, number, description FROM series WHERE study_id = ? ORDER BY number, id')
      .all(studyId) as { id: number; series_uid: string; modality: string; number: number | null; description: string }[];
    const instStmt = this.db.prepare('SELECT * FROM instances WHERE series_id = ? ORDER BY instance_number, id');
    return {
      ...toStudySummary(row, names),
      series: series.map((s) => ({
        id: s.id,
        seriesUid: s.series_uid,
        modality: s.modality,
        number: s.number,
        description: s.description,
        instances: (instStmt.all(s.id) as InstanceRow[]).map(toInstanceInfo),
      })),
    };
  }

  pseudoIdOf(studyId: number): string {
    const row = this.db
      .prepare('SELECT p.pseudo_id AS id FROM studies s JOIN patients p ON p.id = s.patient_id WHERE s.id = ?')
      .get(studyId) as { id: string } | undefined;
    if (!row) throw new NotFoundError(`No study with id ${studyId}.`);
    return row.id;
  }

  /** The patient's sex as recorded (M/F/O), or null. */
  sexOf(studyId: number): string | null {
    const row = this.db
      .prepare('SELECT p.sex AS sex FROM studies s JOIN patients p ON p.id = s.patient_id WHERE s.id = ?')
      .get(studyId) as { sex: string | null } | undefined;
    if (!row) throw new NotFoundError(`No study with id ${studyId}.`);
    return row.sex || null;
  }

  studyOfInstance(instanceId: number): number {
    const row = this.db
      .prepare('SELECT se.study_id AS id FROM instances i JOIN series se ON se.id = i.series_id WHERE i.id = ?')
      .get(instanceId) as { id: number } | undefined;
    if (!row) throw new NotFoundError(`No instance with id ${instanceId}.`);
    return row.id;
  }

  setWorkflow(studyId: number, workflow: Workflow, actor: string): void {
    const info = this.db.prepare('UPDATE studies SET workflow = ?, updated_at = ? WHERE id = ?').run(workflow, nowIso(), studyId);
    if (info.changes === 0) throw new NotFoundError(`No study with id ${studyId}.`);
    this.audit.record(actor, 'set-workflow', 'study', studyId, { workflow });
  }

  /** Only for instances with no frame-rate tag: a rate read from the file is never overridden. */
  setFrameRate(instanceId: number, fps: number, actor: string): number {
    const row = this.db.prepare('SELECT timing, frames FROM instances WHERE id = ?').get(instanceId) as
      | { timing: string; frames: number }
      | undefined;
    if (!row) throw new NotFoundError(`No instance with id ${instanceId}.`);
    const current = JSON.parse(row.timing) as FrameTiming;
    if (current.source !== 'none' && current.source !== 'user') {
      throw new ConflictError(`This instance's frame rate comes from ${current.source}; it cannot be overridden.`);
    }
    const timing: FrameTiming = {
      fps,
      timestampsMs: Array.from({ length: row.frames }, (_, i) => (i * 1000) / fps),
      source: 'user',
      variable: false,
    };
    this.db.transaction(() => {
      this.db.prepare('UPDATE instances SET timing = ? WHERE id = ?').run(JSON.stringify(timing), instanceId);
      this.audit.record(actor, 'set-frame-rate', 'instance', instanceId, { fps });
    })();
    return this.studyOfInstance(instanceId);
  }

  /** Deletes the rows in one transaction, then the files no other row uses. */
  async delete(studyId: number, actor: string): Promise<void> {
    const paths = this.db
      .prepare(
        `SELECT i.store_path AS p, i.original_path AS o FROM instances i JOIN series se ON se.id = i.series_id WHERE se.study_id = ?`,
      )
      .all(studyId) as { p: string; o: string | null }[];
    const info = this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM studies WHERE id = ?').run(studyId);
      if (r.changes) this.audit.record(actor, 'delete', 'study', studyId, { instances: paths.length });
      this.db.prepare('DELETE FROM patients WHERE id NOT IN (SELECT patient_id FROM studies)').run();
      return r;
    })();
    if (info.changes === 0) throw new NotFoundError(`No study with id ${studyId}.`);
    const stillUsed = this.db.prepare('SELECT 1 FROM instances WHERE store_path = ? OR original_path = ?');
    for (const rel of paths.flatMap((x) => (x.o ? [x.p, x.o] : [x.p]))) {
      if (!stillUsed.get(rel, rel)) await fsp.rm(this.store.absolute(rel), { force: true });
    }
  }

  /** Absolute path of an instance's stored DICOM file, for the pixel-data route. */
  instanceFile(instanceId: number): string {
    const row = this.db.prepare('SELECT store_path FROM instances WHERE id = ?').get(instanceId) as { store_path: string } | undefined;
    if (!row) throw new NotFoundError(`No instance with id ${instanceId}.`);
    return this.store.absolute(row.store_path);
  }

  referencedPaths(): Set<string> {
    const rows = this.db.prepare('SELECT store_path AS p, original_path AS o FROM instances').all() as { p: string; o: string | null }[];
    const set = new Set<string>();
    for (const r of rows) {
      set.add(r.p);
      if (r.o) set.add(r.o);
    }
    return set;
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
