import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/node/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/node/db/openDatabase';
import { tempDir } from '../../helpers/tempDir';

describe('case database', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('creates the schema with WAL and foreign keys on a new file', () => {
    const db = openDatabase(path.join(tmp.dir, 'k.sqlite'));
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['patients', 'studies', 'series', 'instances', 'measurements', 'annotations', 'annotation_revisions', 'jobs', 'audit_log', 'imports', 'import_sources']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('enforces foreign keys (no instance without its series)', () => {
    const db = openDatabase(path.join(tmp.dir, 'k.sqlite'));
    expect(() =>
      db
        .prepare(
          `INSERT INTO instances (series_id, sop_uid, sop_class_uid, kind, transfer_syntax, rows, columns, frames, photometric, bits_stored, timing, calibration, store_path, file_sha256, file_size, created_at)
           VALUES (999, '1.2', '1.2', 'dicom', '1.2', 1, 1, 1, 'MONOCHROME2', 8, '{}', '{}', 'x', 'y', 1, 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('re-opening does not re-run migrations, and a newer schema is refused with a clear message', () => {
    const file = path.join(tmp.dir, 'k.sqlite');
    openDatabase(file).close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(migrations.length);
    again.pragma('user_version = 99');
    again.close();
    expect(() => openDatabase(file)).toThrow(/newer Kestrel \(schema 99/);
  });

  it('a failing migration leaves the previous version intact', () => {
    const file = path.join(tmp.dir, 'k.sqlite');
    openDatabase(file).close();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); SELECT * FROM no_such_table;' }];
    expect(() => openDatabase(file, broken)).toThrow(new RegExp(`migration ${migrations.length + 1} failed`));
    const raw = new Database(file);
    expect(raw.pragma("user_version", { simple: true })).toBe(migrations.length);
    expect(raw.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name='ok_table'").get()).toEqual({ n: 0 });
    raw.close();
  });
});
