import type { SortField, WorklistPage } from '../../../common/api';
import type { WorklistQuery } from '../../../common/api';
import type { Db } from '../db/openDatabase';
import type { IdentityStore } from '../identity/IdentityStore';
import { STUDY_COLUMNS, toStudySummary, type StudyRow } from './rows';

type Query = Required<{ [K in keyof WorklistQuery]: Exclude<WorklistQuery[K], undefined> }>;

const SORT_SQL: Record<SortField, string> = {
  patient: 'p.pseudo_id',
  date: 's.study_date',
  description: 's.description',
  modality: 's.modalities',
  workflow: 's.workflow',
  frames: 's.num_frames',
  instances: 's.num_instances',
  imported: 's.created_at',
};

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The worklist query: one statement over the studies table with denormalised columns and indexes. */
export class WorklistService {
  constructor(
    private readonly db: Db,
    private readonly identity: IdentityStore,
  ) {}

  query(q: Query, showIdentities: boolean, nameMatches: readonly string[] = []): WorklistPage {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const text = q.text.trim().toLowerCase();
    if (text) {
      const terms = text.split(/\s+/).slice(0, 8);
      for (const term of terms) {
        const byName = showIdentities ? nameMatches : [];
        const nameClause = byName.length ? ` OR p.pseudo_id IN (${byName.map(() => '?').join(',')})` : '';
        where.push(`(s.search_text LIKE ? ESCAPE '\\'${nameClause})`);
        params.push(`%${likeEscape(term)}%`, ...byName);
      }
    }
    if (q.workflows.length) {
      where.push(`s.workflow IN (${q.workflows.map(() => '?').join(',')})`);
      params.push(...q.workflows);
    }
    if (q.modalities.length) {
      where.push(`(${q.modalities.map(() => `(',' || s.modalities || ',') LIKE ?`).join(' OR ')})`);
      params.push(...q.modalities.map((m) => `%,${likeEscape(m.toUpperCase())},%`));
    }
    if (q.dateFrom) {
      where.push('s.study_date >= ?');
      params.push(q.dateFrom);
    }
    if (q.dateTo) {
      where.push('s.study_date <= ?');
      params.push(q.dateTo);
    }
    if (q.minFrames !== null) {
      where.push('s.num_frames >= ?');
      params.push(q.minFrames);
    }
    if (q.maxFrames !== null) {
      where.push('s.num_frames <= ?');
      params.push(q.maxFrames);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
    const nulls = q.sort.field === 'date' ? ` NULLS ${dir === 'ASC' ? 'FIRST' : 'LAST'}` : '';
    const orderSql = `ORDER BY ${SORT_SQL[q.sort.field]} ${dir}${nulls}, s.id ${dir}`;
    const from = 'FROM studies s JOIN patients p ON p.id = s.patient_id';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${from} ${whereSql}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${STUDY_COLUMNS} ${from} ${whereSql} ${orderSql} LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as StudyRow[];
    const names = showIdentities ? this.namesFor(rows.map((r) => r.pseudo_id)) : null;
    const modalities = (this.db.prepare('SELECT DISTINCT modality FROM series ORDER BY modality').all() as { modality: string }[])
      .map((r) => r.modality)
      .filter((m) => m.length > 0);
    return { total, items: rows.map((r) => toStudySummary(r, names)), modalities };
  }

  namesFor(pseudoIds: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, identity] of this.identity.lookup(pseudoIds)) out.set(id, identity.name);
    return out;
  }
}
