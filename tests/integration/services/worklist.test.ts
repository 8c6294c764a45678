import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorklistQuery, type Workflow } from '../../../common/api';
import { commitStudy } from '../../../electron/node/cases/commitStudy';
import { WorklistService } from '../../../electron/node/cases/WorklistService';
import { openDatabase, type Db } from '../../../electron/node/db/openDatabase';
import { IdentityStore } from '../../../electron/node/identity/IdentityStore';
import { AuditLog } from '../../../electron/node/services/AuditLog';
import { preparedInstances } from '../../helpers/preparedInstance';
import { tempDir } from '../../helpers/tempDir';

const q = (input: Parameters<typeof WorklistQuery.parse>[0]) => WorklistQuery.parse(input);

describe('worklist query', () => {
  const tmp = tempDir();
  let db: Db;
  let identity: IdentityStore;
  let worklist: WorklistService;

  beforeAll(() => {
    db = openDatabase(path.join(tmp.dir, 'k.sqlite'));
    identity = new IdentityStore(path.join(tmp.dir, 'id.sqlite'));
    const audit = new AuditLog(db);
    const studies: Array<[string, string, string | null, string, string, Workflow, number]> = [
      ['KP-A', '1.1', '2026-01-14', 'VFSS thin liquid', 'RF', 'vfss', 300],
      ['KP-A', '1.2', '2026-02-01', 'VFSS puree', 'RF', 'vfss', 150],
      ['KP-B', '1.3', '2025-11-10', 'L-spine lateral pre-op', 'DX', 'spine', 1],
      ['KP-B', '1.4', '2026-03-02', 'L-spine lateral post-op', 'DX', 'spine', 1],
      ['KP-C', '1.5', null, 'H&E patches 100%', 'OT', 'pathology', 60],
      ['KP-D', '1.6', '2024-06-30', 'Angio run', 'XA', 'vfss', 96],
    ];
    for (const [patient, studyUid, date, description, modality, workflow, frames] of studies) {
      commitStudy(db, audit, preparedInstances({ patient, studyUid, date, description, modality, workflow, frames }).map((p) => ({ prepared: p, storePath: `x/${studyUid}`, originalPath: null, fileSha256: 's', fileSize: 1 })), { demo: false, actor: 'test' });
      identity.remember({ pseudoId: patient, originalId: patient, name: `Doe^${patient === 'KP-C' ? 'Jane' : 'John'}`, birthDate: null, sex: null });
    }
    worklist = new WorklistService(db, identity);
  });
  afterAll(() => {
    identity.close();
    db.close();
    tmp.cleanup();
  });

  it('lists every study newest import first by default, with aggregates', () => {
    const page = worklist.query(q({}), false);
    expect(page.total).toBe(6);
    expect(page.items.map((s) => s.studyUid)).toEqual(['1.6', '1.5', '1.4', '1.3', '1.2', '1.1']);
    const vfss = page.items.find((s) => s.studyUid === '1.1');
    expect(vfss).toMatchObject({ numSeries: 1, numInstances: 1, numFrames: 300, modalities: ['RF'], workflow: 'vfss', patientLabel: 'KP-A' });
    expect(page.modalities).toEqual(['DX', 'OT', 'RF', 'XA']);
  });

  it('searches all words, case-insensitively, and treats % and _ literally', () => {
    expect(worklist.query(q({ text: 'vfss' }), false).items.map((s) => s.studyUid).sort()).toEqual(['1.1', '1.2']);
    expect(worklist.query(q({ text: 'SPINE post' }), false).items.map((s) => s.studyUid)).toEqual(['1.4']);
    expect(worklist.query(q({ text: '100%' }), false).items.map((s) => s.studyUid)).toEqual(['1.5']);
    expect(worklist.query(q({ text: '%' }), false).total).toBe(1);
    expect(worklist.query(q({ text: 'kp-b' }), false).total).toBe(2);
  });

  it('finds patients by real name only when identities are shown', () => {
    const matches = identity.findByName('jane');
    expect(matches).toEqual(['KP-C']);
    expect(worklist.query(q({ text: 'jane' }), false, matches).total).toBe(0);
    const shown = worklist.query(q({ text: 'jane' }), true, matches);
    expect(shown.items.map((s) => s.patientLabel)).toEqual(['Doe, Jane']);
  });

  it('filters by modality, workflow, date range and frame count', () => {
    expect(worklist.query(q({ modalities: ['DX'] }), false).total).toBe(2);
    expect(worklist.query(q({ modalities: ['XA', 'OT'] }), false).total).toBe(2);
    expect(worklist.query(q({ workflows: ['vfss'] }), false).total).toBe(3);
    expect(worklist.query(q({ workflows: ['vfss'], modalities: ['RF'] }), false).total).toBe(2);
    expect(worklist.query(q({ dateFrom: '2026-01-01', dateTo: '2026-02-28' }), false).items.map((s) => s.studyUid).sort()).toEqual(['1.1', '1.2']);
    expect(worklist.query(q({ minFrames: 100 }), false).items.map((s) => s.studyUid).sort()).toEqual(['1.1', '1.2']);
    expect(worklist.query(q({ maxFrames: 1 }), false).total).toBe(2);
  });

  it('sorts by any column in both directions, unknown dates last, and pages', () => {
    const byDate = worklist.query(q({ sort: { field: 'date', dir: 'desc' } }), false).items.map((s) => s.studyDate);
    expect(byDate).toEqual(['2026-03-02', '2026-02-01', '2026-01-14', '2025-11-10', '2024-06-30', null]);
    const byFrames = worklist.query(q({ sort: { field: 'frames', dir: 'asc' } }), false).items.map((s) => s.numFrames);
    expect(byFrames).toEqual([...byFrames].sort((a, b) => a - b));
    const page2 = worklist.query(q({ sort: { field: 'description', dir: 'asc' }, offset: 2, limit: 2 }), false);
    expect(page2.total).toBe(6);
    expect(page2.items.map((s) => s.description)).toEqual(['L-spine lateral post-op', 'L-spine lateral pre-op']);
  });
});
