import Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

export class MigrationError extends Error {
  constructor(
    readonly version: number,
    cause: unknown,
  ) {
    super(`Database migration ${version} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

/**
 * Opens (creating if needed) the case database with the settings every connection needs:
 * WAL so readers never block the writer, foreign keys on, synchronous=NORMAL (durable at
 * checkpoints, safe against application crashes, which is what WAL guarantees).
 */
export function openDatabase(file: string, list: readonly Migration[] = migrations): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, list);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function migrate(db: Db, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = list.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new Error(
      `This database was written by a newer Kestrel (schema ${current}, this build knows ${newest}). Update Kestrel instead of opening it with an older version.`,
    );
  }
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (error) {
      throw new MigrationError(m.version, error);
    }
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
