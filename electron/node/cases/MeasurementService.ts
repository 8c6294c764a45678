import type { Calibration, Measurement, MeasurementKind, Point2 } from '../../../common/api';
import { isDegenerate, measure, MeasurementGeometryError, pointsRequired } from '../../../common/measure/geometry';
import { nowIso, type Db } from '../db/openDatabase';
import type { AuditLog } from '../services/AuditLog';
import { NotFoundError } from './StudyService';

interface MeasurementRow {
  id: number;
  instance_id: number;
  frame: number;
  kind: MeasurementKind;
  points: string;
  label: string;
  value: number;
  unit: Measurement['unit'];
  calibration: Measurement['calibration'];
  author: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

function toMeasurement(r: MeasurementRow): Measurement {
  return {
    id: r.id,
    instanceId: r.instance_id,
    frame: r.frame,
    kind: r.kind,
    points: JSON.parse(r.points) as Point2[],
    label: r.label,
    value: r.value,
    unit: r.unit,
    calibration: r.calibration,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class InvalidMeasurementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMeasurementError';
  }
}

/**
 * App-level measurements (not Cornerstone's annotation format): points in image pixels, the value
 * computed here from the instance's calibration, every change audited, deletes restorable.
 */
export class MeasurementService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  listForStudy(studyId: number): Measurement[] {
    const rows = this.db
      .prepare(
        `SELECT m.* FROM measurements m JOIN instances i ON i.id = m.instance_id JOIN series se ON se.id = i.series_id
          WHERE se.study_id = ? AND m.deleted_at IS NULL ORDER BY m.id`,
      )
      .all(studyId) as MeasurementRow[];
    return rows.map(toMeasurement);
  }

  private instance(instanceId: number): { calibration: Calibration; frames: number; rows: number; columns: number } {
    const row = this.db.prepare('SELECT calibration, frames, rows, columns FROM instances WHERE id = ?').get(instanceId) as
      | { calibration: string; frames: number; rows: number; columns: number }
      | undefined;
    if (!row) throw new NotFoundError(`No instance with id ${instanceId}.`);
    return { calibration: JSON.parse(row.calibration) as Calibration, frames: row.frames, rows: row.rows, columns: row.columns };
  }

  private compute(kind: MeasurementKind, points: Point2[], inst: { calibration: Calibration; rows: number; columns: number }) {
    const margin = Math.max(inst.rows, inst.columns);
    for (const [x, y] of points) {
      if (x < -margin || y < -margin || x > inst.columns + margin || y > inst.rows + margin) {
        throw new InvalidMeasurementError(`Point (${x.toFixed(1)}, ${y.toFixed(1)}) is far outside the ${inst.columns}×${inst.rows} image.`);
      }
    }
    if (points.length === pointsRequired(kind) && isDegenerate(kind, points)) {
      throw new InvalidMeasurementError(`The ${kind} measurement has a segment of zero length; drag to draw it.`);
    }
    try {
      return measure(kind, points, inst.calibration);
    } catch (error) {
      if (error instanceof MeasurementGeometryError) throw new InvalidMeasurementError(error.message);
      throw error;
    }
  }

  private get(id: number): MeasurementRow {
    const row = this.db.prepare('SELECT * FROM measurements WHERE id = ?').get(id) as MeasurementRow | undefined;
    if (!row) throw new NotFoundError(`No measurement with id ${id}.`);
    return row;
  }

  create(input: { instanceId: number; frame: number; kind: MeasurementKind; points: Point2[]; label: string }, author: string): Measurement {
    const inst = this.instance(input.instanceId);
    if (input.frame >= inst.frames) {
      throw new InvalidMeasurementError(`Frame ${input.frame + 1} does not exist (the instance has ${inst.frames}).`);
    }
    const v = this.compute(input.kind, input.points, inst);
    const now = nowIso();
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO measurements (instance_id, frame, kind, points, label, value, unit, calibration, author, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(input.instanceId, input.frame, input.kind, JSON.stringify(input.points), input.label, v.value, v.unit, v.calibration, author, now, now)
          .lastInsertRowid,
      );
      this.audit.record(author, 'create', 'measurement', id, { kind: input.kind, value: v.value, unit: v.unit });
      return toMeasurement(this.get(id));
    })();
  }

  update(id: number, points: Point2[], label: string | undefined, author: string): Measurement {
    const row = this.get(id);
    if (row.deleted_at) throw new NotFoundError(`Measurement ${id} was deleted.`);
    const v = this.compute(row.kind, points, this.instance(row.instance_id));
    return this.db.transaction(() => {
      this.db
        .prepare('UPDATE measurements SET points = ?, label = ?, value = ?, unit = ?, calibration = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(points), label ?? row.label, v.value, v.unit, v.calibration, nowIso(), id);
      this.audit.record(author, 'update', 'measurement', id, { before: { points: JSON.parse(row.points), label: row.label }, value: v.value });
      return toMeasurement(this.get(id));
    })();
  }

  delete(id: number, author: string): void {
    const row = this.get(id);
    if (row.deleted_at) return;
    this.db.transaction(() => {
      this.db.prepare('UPDATE measurements SET deleted_at = ? WHERE id = ?').run(nowIso(), id);
      this.audit.record(author, 'delete', 'measurement', id);
    })();
  }

  restore(id: number, author: string): Measurement {
    this.get(id);
    return this.db.transaction(() => {
      this.db.prepare('UPDATE measurements SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id);
      this.audit.record(author, 'restore', 'measurement', id);
      return toMeasurement(this.get(id));
    })();
  }
}
