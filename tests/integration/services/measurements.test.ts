import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitStudy } from '../../../electron/node/cases/commitStudy';
import { InvalidMeasurementError, MeasurementService } from '../../../electron/node/cases/MeasurementService';
import { NotFoundError } from '../../../electron/node/cases/StudyService';
import { openDatabase, type Db } from '../../../electron/node/db/openDatabase';
import { AuditLog } from '../../../electron/node/services/AuditLog';
import { preparedInstances } from '../../helpers/preparedInstance';
import { tempDir } from '../../helpers/tempDir';

describe('measurements', () => {
  const tmp = tempDir();
  let db: Db;
  let svc: MeasurementService;
  let studyId: number;
  let calibrated: number;
  let cine: number;

  beforeAll(() => {
    db = openDatabase(path.join(tmp.dir, 'k.sqlite'));
    const audit = new AuditLog(db);
    svc = new MeasurementService(db, audit);
    const a = commitStudy(
      db,
      audit,
      preparedInstances({ patient: 'KP-1', studyUid: '9.1', date: null, description: 'x', modality: 'DX', workflow: 'spine', frames: 1, calibration: { rowMm: 0.2, colMm: 0.2, source: 'ImagerPixelSpacing' } }).map((p) => ({ prepared: p, storePath: 'a', originalPath: null, fileSha256: 's', fileSize: 1 })),
      { demo: false, actor: 't' },
    );
    studyId = a.studyId;
    calibrated = a.instanceIds[0] as number;
    const b = commitStudy(
      db,
      audit,
      preparedInstances({ patient: 'KP-1', studyUid: '9.2', date: null, description: 'cine', modality: 'RF', workflow: 'vfss', frames: 30 }).map((p) => ({ prepared: p, storePath: 'b', originalPath: null, fileSha256: 's', fileSize: 1 })),
      { demo: false, actor: 't' },
    );
    cine = b.instanceIds[0] as number;
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('computes the value from the instance calibration and names its source', () => {
    const m = svc.create({ instanceId: calibrated, frame: 0, kind: 'length', points: [[0, 0], [300, 400]], label: 'L4 height' }, 'dr.kim');
    expect(m).toMatchObject({ value: 100, unit: 'mm', calibration: 'ImagerPixelSpacing', author: 'dr.kim', label: 'L4 height' });
    const px = svc.create({ instanceId: cine, frame: 12, kind: 'length', points: [[0, 0], [3, 4]], label: '' }, 'dr.kim');
    expect(px).toMatchObject({ value: 5, unit: 'px', calibration: 'none', frame: 12 });
  });

  it('updates, deletes (kept in history) and restores, auditing each step', () => {
    const m = svc.create({ instanceId: calibrated, frame: 0, kind: 'cobb', points: [[0, 0], [10, 0], [0, 0], [10, 10]], label: '' }, 'a');
    expect(m.value).toBeCloseTo(45);
    const moved = svc.update(m.id, [[0, 0], [10, 0], [0, 0], [0, 10]], undefined, 'a');
    expect(moved.value).toBeCloseTo(90);
    svc.delete(m.id, 'a');
    expect(svc.listForStudy(studyId).some((x) => x.id === m.id)).toBe(false);
    expect(db.prepare('SELECT deleted_at FROM measurements WHERE id = ?').get(m.id)).not.toEqual({ deleted_at: null });
    const back = svc.restore(m.id, 'a');
    expect(back.value).toBeCloseTo(90);
    const actions = (db.prepare("SELECT action FROM audit_log WHERE entity = 'measurement' AND entity_id = ? ORDER BY id").all(m.id) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['create', 'update', 'delete', 'restore']);
  });

  it('refuses measurements on frames or points that do not exist', () => {
    expect(() => svc.create({ instanceId: cine, frame: 30, kind: 'length', points: [[0, 0], [1, 1]], label: '' }, 'a')).toThrow(InvalidMeasurementError);
    expect(() => svc.create({ instanceId: calibrated, frame: 0, kind: 'length', points: [[0, 0], [99999, 1]], label: '' }, 'a')).toThrow(/far outside/);
    expect(() => svc.create({ instanceId: calibrated, frame: 0, kind: 'angle', points: [[0, 0], [1, 1]], label: '' }, 'a')).toThrow(/needs 3 points/);
    expect(() => svc.create({ instanceId: calibrated, frame: 0, kind: 'length', points: [[7, 7], [7, 7]], label: '' }, 'a')).toThrow(/zero length/);
    expect(() => svc.create({ instanceId: 424242, frame: 0, kind: 'length', points: [[0, 0], [1, 1]], label: '' }, 'a')).toThrow(NotFoundError);
  });
});
