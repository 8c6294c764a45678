import { classifyStudy } from '../../../common/cases/workflow';
import type { Workflow } from '../../../common/api';
import { nowIso, type Db } from '../db/openDatabase';
import type { AuditLog } from '../services/AuditLog';
import type { PreparedInstance } from '../import/prepared';

export interface StoredInstance {
  prepared: PreparedInstance;
  storePath: string;
  originalPath: string | null;
  fileSha256: string;
  fileSize: number;
}

export interface CommitOptions {
  demo: boolean;
  actor: string;
}

/**
 * Writes one study's new instances in a single transaction: the study appears whole or not at all.
 * Returns the study id and the instance ids in the order given. Instances whose SOP Instance UID
 * is already present are left out (the caller reports them as duplicates beforehand).
 */
export function commitStudy(db: Db, audit: AuditLog, items: readonly StoredInstance[], opts: CommitOptions): { studyId: number; instanceIds: number[] } {
  const first = items[0];
  if (!first) throw new Error('commitStudy needs at least one instance');
  const now = nowIso();
  const tx = db.transaction(() => {
    const p = first.prepared;
    db.prepare('INSERT INTO patients (pseudo_id, sex, created_at) VALUES (?, ?, ?) ON CONFLICT(pseudo_id) DO NOTHING').run(
      p.identity.pseudoId,
      p.identity.sex,
      now,
    );
    const patient = db.prepare('SELECT id FROM patients WHERE pseudo_id = ?').get(p.identity.pseudoId) as { id: number };
    let study = db.prepare('SELECT id, workflow FROM studies WHERE study_uid = ?').get(p.study.uid) as
      | { id: number; workflow: Workflow }
      | undefined;
    if (!study) {
      const workflow = classifyStudy(items.map((i) => i.prepared.workflow));
      const info = db
        .prepare(
          `INSERT INTO studies (patient_id, study_uid, study_date, study_time, description, workflow, deidentified, demo, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(patient.id, p.study.uid, p.study.date, p.study.time, p.study.description, workflow, p.deidentified ? 1 : 0, opts.demo ? 1 : 0, now, now);
      study = { id: Number(info.lastInsertRowid), workflow };
    }
    const seriesIds = new Map<string, number>();
    const findSeries = db.prepare('SELECT id FROM series WHERE series_uid = ?');
    const insertSeries = db.prepare(
      'INSERT INTO series (study_id, series_uid, modality, number, description, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertInstance = db.prepare(
      `INSERT INTO instances (series_id, sop_uid, sop_class_uid, instance_number, kind, transfer_syntax, rows, columns, frames,
         photometric, bits_stored, timing, calibration, store_path, original_path, file_sha256, file_size, source_name, created_at)
       VALUES (@seriesId, @sopUid, @sopClassUid, @number, @kind, @transferSyntax, @rows, @columns, @frames,
         @photometric, @bitsStored, @timing, @calibration, @storePath, @originalPath, @fileSha256, @fileSize, @sourceName, @createdAt)`,
    );
    const insertSource = db.prepare(
      'INSERT INTO import_sources (sha256, instance_id, first_name, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING',
    );
    const instanceIds: number[] = [];
    for (const item of items) {
      const s = item.prepared.series;
      let seriesId = seriesIds.get(s.uid);
      if (seriesId === undefined) {
        const row = findSeries.get(s.uid) as { id: number } | undefined;
        seriesId = row ? row.id : Number(insertSeries.run(study.id, s.uid, s.modality, s.number, s.description, now).lastInsertRowid);
        seriesIds.set(s.uid, seriesId);
      }
      const i = item.prepared.instance;
      const id = Number(
        insertInstance.run({
          seriesId,
          sopUid: i.sopUid,
          sopClassUid: i.sopClassUid,
          number: i.number,
          kind: item.prepared.kind,
          transferSyntax: i.transferSyntax,
          rows: i.rows,
          columns: i.columns,
          frames: i.frames,
          photometric: i.photometric,
          bitsStored: i.bitsStored,
          timing: JSON.stringify(i.timing),
          calibration: JSON.stringify(i.calibration),
          storePath: item.storePath,
          originalPath: item.originalPath,
          fileSha256: item.fileSha256,
          fileSize: item.fileSize,
          sourceName: item.prepared.sourceName,
          createdAt: now,
        }).lastInsertRowid,
      );
      insertSource.run(item.prepared.sourceSha256, id, item.prepared.sourceName, now);
      instanceIds.push(id);
    }
    refreshStudyAggregates(db, study.id, p.identity.pseudoId);
    audit.record(opts.actor, 'import', 'study', study.id, { instances: instanceIds.length });
    return { studyId: study.id, instanceIds };
  });
  return tx();
}

/** Denormalised counts and search text, so the worklist query stays one indexed table scan. */
export function refreshStudyAggregates(db: Db, studyId: number, pseudoId?: string): void {
  const agg = db
    .prepare(
      `SELECT COUNT(DISTINCT se.id) AS nSeries, COUNT(i.id) AS nInstances, COALESCE(SUM(i.frames), 0) AS nFrames,
              GROUP_CONCAT(DISTINCT se.modality) AS modalities
         FROM series se LEFT JOIN instances i ON i.series_id = se.id
        WHERE se.study_id = ?`,
    )
    .get(studyId) as { nSeries: number; nInstances: number; nFrames: number; modalities: string | null };
  const row = db
    .prepare('SELECT s.description, p.pseudo_id AS pseudoId FROM studies s JOIN patients p ON p.id = s.patient_id WHERE s.id = ?')
    .get(studyId) as { description: string; pseudoId: string };
  const modalities = (agg.modalities ?? '')
    .split(',')
    .filter((m) => m.length > 0)
    .sort()
    .join(',');
  const searchText = [pseudoId ?? row.pseudoId, row.description, modalities].join(' ').toLowerCase();
  db.prepare(
    'UPDATE studies SET num_series = ?, num_instances = ?, num_frames = ?, modalities = ?, search_text = ?, updated_at = ? WHERE id = ?',
  ).run(agg.nSeries, agg.nInstances, agg.nFrames, modalities, searchText, nowIso(), studyId);
}
