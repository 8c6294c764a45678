/**
 * Worklist query latency over 10,000 synthetic studies (goal < 50 ms), on a real SQLite file with
 * the production schema, through the same WorklistService the API uses.
 */
import path from 'node:path';
import { WorklistQuery, type Workflow } from '../common/api';
import { commitStudy } from '../electron/node/cases/commitStudy';
import { WorklistService } from '../electron/node/cases/WorklistService';
import { openDatabase } from '../electron/node/db/openDatabase';
import { IdentityStore } from '../electron/node/identity/IdentityStore';
import { AuditLog } from '../electron/node/services/AuditLog';
import { preparedInstances } from '../tests/helpers/preparedInstance';
import { tempDir } from '../tests/helpers/tempDir';
import { percentile, printFigures, type Figure } from './report';

export async function benchWorklist(studies = 10_000): Promise<Figure[]> {
  const tmp = tempDir('kestrel-bench-wl-');
  const db = openDatabase(path.join(tmp.dir, 'k.sqlite'));
  const identity = new IdentityStore(path.join(tmp.dir, 'id.sqlite'));
  const audit = new AuditLog(db);
  const workflows: Workflow[] = ['vfss', 'spine', 'pathology', 'other'];
  const modalities = ['RF', 'XA', 'DX', 'CR', 'OT'];
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < studies; i++) {
      const wf = workflows[i % 4] as Workflow;
      const prepared = preparedInstances({
        patient: `KP-${(i % 2500).toString(16).toUpperCase().padStart(10, '0')}`,
        studyUid: `2.25.1.${i}`,
        date: `20${String(15 + (i % 11)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        description: `${wf === 'vfss' ? 'VFSS thin liquid' : wf === 'spine' ? 'L-spine lateral' : wf === 'pathology' ? 'H&E patches' : 'Misc'} ${i}`,
        modality: modalities[i % 5] as string,
        workflow: wf,
        frames: wf === 'vfss' ? 150 + (i % 300) : 1,
        instances: 1 + (i % 3),
      });
      commitStudy(db, audit, prepared.map((p) => ({ prepared: p, storePath: `s/${i}`, originalPath: null, fileSha256: 'x', fileSize: 1 })), { demo: false, actor: 'bench' });
    }
  })();
  const seedMs = performance.now() - t0;
  const service = new WorklistService(db, identity);
  const queries = [
    {},
    { text: 'thin liquid' },
    { workflows: ['spine' as const], sort: { field: 'date' as const, dir: 'desc' as const } },
    { modalities: ['DX', 'CR'], dateFrom: '2020-01-01', dateTo: '2023-12-31' },
    { minFrames: 200, sort: { field: 'frames' as const, dir: 'asc' as const } },
    { text: 'kp-00000001', sort: { field: 'patient' as const, dir: 'asc' as const } },
  ];
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      const t = performance.now();
      const page = service.query(WorklistQuery.parse(q), false);
      times.push(performance.now() - t);
      if (round === 0 && page.items.length === 0 && Object.keys(q).length === 0) throw new Error('empty worklist');
    }
  }
  identity.close();
  db.close();
  tmp.cleanup();
  return [
    { name: `worklist query p50 over ${studies} studies`, value: percentile(times, 50), unit: 'ms', goal: 50, kind: 'max' },
    { name: `worklist query p95 over ${studies} studies`, value: percentile(times, 95), unit: 'ms', goal: 50, kind: 'max', note: `${queries.length} query shapes × 20, first page of 200, seeded in ${(seedMs / 1000).toFixed(1)} s` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchWorklist().then((f) => printFigures('Worklist', f));
}
