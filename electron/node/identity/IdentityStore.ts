import { createHmac, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

export interface PatientIdentity {
  pseudoId: string;
  originalId: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
}

/**
 * The identity map, kept apart from the case database (its own file) so that a copy or export of
 * the case database never carries names. It also owns the installation's secret key, from which
 * pseudonyms and replacement UIDs are derived: deterministic, so importing the same data twice gives
 * the same pseudonymous study (no duplicates), and not reversible without this file.
 */
export class IdentityStore {
  private readonly db: Database.Database;
  private readonly key: Buffer;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS secret (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS identities (
        pseudo_id    TEXT PRIMARY KEY,
        original_id  TEXT NOT NULL,
        name         TEXT NOT NULL,
        birth_date   TEXT,
        sex          TEXT,
        first_seen   TEXT NOT NULL
      );
    `);
    const row = this.db.prepare('SELECT key FROM secret WHERE id = 1').get() as { key: string } | undefined;
    if (row) {
      this.key = Buffer.from(row.key, 'hex');
    } else {
      this.key = randomBytes(32);
      this.db.prepare('INSERT INTO secret (id, key) VALUES (1, ?)').run(this.key.toString('hex'));
    }
  }

  private digest(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex');
  }

  /** "KP-" and 10 hex digits; the issuer keeps equal IDs from different hospitals apart. */
  pseudoPatientId(originalId: string, issuer = ''): string {
    return `KP-${this.digest('patient', `${issuer}\u0000${originalId}`).slice(0, 10).toUpperCase()}`;
  }

  /** A replacement UID under the 2.25 (UUID-derived) root, stable for a given original UID. */
  mapUid(uid: string): string {
    const hex = this.digest('uid', uid).slice(0, 32);
    return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
  }

  /** A per-patient shift of 1–3650 days into the past, for the "modified dates" option. */
  dateShiftDays(pseudoId: string): number {
    return -(1 + (parseInt(this.digest('dates', pseudoId).slice(0, 8), 16) % 3650));
  }

  remember(identity: PatientIdentity): void {
    this.db
      .prepare(
        `INSERT INTO identities (pseudo_id, original_id, name, birth_date, sex, first_seen)
         VALUES (@pseudoId, @originalId, @name, @birthDate, @sex, datetime('now'))
         ON CONFLICT(pseudo_id) DO UPDATE SET name = excluded.name`,
      )
      .run(identity);
  }

  lookup(pseudoIds: readonly string[]): Map<string, PatientIdentity> {
    const out = new Map<string, PatientIdentity>();
    if (pseudoIds.length === 0) return out;
    const stmt = this.db.prepare(
      'SELECT pseudo_id AS pseudoId, original_id AS originalId, name, birth_date AS birthDate, sex FROM identities WHERE pseudo_id = ?',
    );
    for (const id of new Set(pseudoIds)) {
      const row = stmt.get(id) as PatientIdentity | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Pseudonyms of patients whose real name or ID contains the term (for search with identities shown). */
  findByName(term: string, limit = 500): string[] {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db
      .prepare(`SELECT pseudo_id AS id FROM identities WHERE lower(name) LIKE lower(?) ESCAPE '\\' OR original_id LIKE ? ESCAPE '\\' LIMIT ?`)
      .all(like, like, limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  close(): void {
    this.db.close();
  }
}
