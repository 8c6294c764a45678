import type { Db } from '../db/openDatabase';
import { nowIso } from '../db/openDatabase';

/** Who did what, when. Written in the same transaction as the change it describes. */
export class AuditLog {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  record(actor: string, action: string, entity: string, entityId: number | null, detail: unknown = {}): void {
    this.insert.run(nowIso(), actor, action, entity, entityId, JSON.stringify(detail));
  }
}
