import { mkdirSync } from 'node:fs';
import type { ImportFileResult, ImportOptions, ImportReport } from '../../../common/api';
import { ImportOptions as ImportOptionsSchema } from '../../../common/api';
import { commitStudy, type StoredInstance } from '../cases/commitStudy';
import { nowIso, type Db } from '../db/openDatabase';
import type { IdentityStore } from '../identity/IdentityStore';
import type { AuditLog } from '../services/AuditLog';
import type { EventBus } from '../services/EventBus';
import { sha256Hex, type ContentStore } from '../store/ContentStore';
import type { FfmpegTools } from './ffmpeg';
import { prepareDicom } from './prepareDicom';
import { ImportRefusal, ImportSkip, type PrepareContext, type PreparedInstance } from './prepared';
import { prepareImage } from './prepareImage';
import { prepareTiff } from './prepareTiff';
import { prepareVideo } from './prepareVideo';
import { sniff } from './sniff';
import type { SourceFile } from './sources';

export interface ImportDeps {
  db: Db;
  store: ContentStore;
  identity: IdentityStore;
  events: EventBus;
  audit: AuditLog;
  ffmpeg: FfmpegTools | null;
  tmpDir: string;
  actor: () => string;
}

export interface RunOptions {
  demo?: boolean;
}

const PROGRESS_INTERVAL_MS = 100;

/** A disk that is full or read-only ends the whole import: every next file would fail the same way. */
function isFatalIo(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' || code === 'SQLITE_FULL';
}

/**
 * Imports files into the managed store and the case database.
 *
 * Two phases: every file is read, validated, (de-)identified and written to the content store;
 * then each study is committed in one transaction. A process killed at any point leaves either a
 * whole study or none of it in the database; stored files without a row are collected at the
 * next start, and the import itself is marked "interrupted".
 */
export class ImportService {
  private readonly running = new Map<number, Promise<ImportReport>>();

  constructor(private readonly deps: ImportDeps) {
    mkdirSync(deps.tmpDir, { recursive: true });
  }

  /** Marks imports a killed process left "running" as interrupted. */
  recoverInterrupted(): number {
    const info = this.deps.db
      .prepare(
        `UPDATE imports SET state = 'interrupted', finished_at = ?, error = ? WHERE state = 'running'`,
      )
      .run(nowIso(), 'Kestrel stopped during this import. No partial study was kept; import the files again.');
    return info.changes;
  }

  /** Starts an import in the background and returns its id at once; progress arrives as events. */
  start(sources: readonly SourceFile[] | (() => Promise<SourceFile[]>), options: ImportOptions, run: RunOptions = {}): number {
    const opts = ImportOptionsSchema.parse(options);
    const id = Number(
      this.deps.db
        .prepare(`INSERT INTO imports (state, started_at, total, done) VALUES ('running', ?, 0, 0)`)
        .run(nowIso()).lastInsertRowid,
    );
    const promise = this.execute(id, sources, opts, run).finally(() => this.running.delete(id));
    this.running.set(id, promise);
    return id;
  }

  /** Resolves when the import has finished (used by tests, the demo seed and the CLI). */
  wait(importId: number): Promise<ImportReport> {
    return this.running.get(importId) ?? Promise.resolve(this.report(importId));
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  report(importId: number): ImportReport {
    const row = this.deps.db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as
      | { id: number; state: ImportReport['state']; started_at: string; finished_at: string | null; total: number; done: number; report: string; error: string | null }
      | undefined;
    if (!row) throw new ImportNotFound(importId);
    const saved = JSON.parse(row.report) as Partial<Pick<ImportReport, 'files' | 'studyIds'>>;
    const files = saved.files ?? [];
    return {
      importId: row.id,
      state: row.state,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      total: row.total,
      done: row.done,
      counts: countStatuses(files),
      files,
      studyIds: saved.studyIds ?? [],
      error: row.error,
    };
  }

  private async execute(
    importId: number,
    sourcesOrScan: readonly SourceFile[] | (() => Promise<SourceFile[]>),
    opts: { deidentify: boolean; workflow: PrepareContext['workflow'] },
    run: RunOptions,
  ): Promise<ImportReport> {
    const { db, events } = this.deps;
    const files: ImportFileResult[] = [];
    const studyIds: number[] = [];
    let fatal: string | null = null;
    try {
      const sources = typeof sourcesOrScan === 'function' ? await sourcesOrScan() : sourcesOrScan;
      db.prepare('UPDATE imports SET total = ? WHERE id = ?').run(sources.length, importId);
      const ctx: PrepareContext = {
        identity: this.deps.identity,
        deidentify: opts.deidentify,
        workflow: opts.workflow,
        today: new Date().toISOString().slice(0, 10).replace(/-/g, ''),
        ffmpeg: this.deps.ffmpeg,
        tmpDir: this.deps.tmpDir,
      };
      const byStudy = new Map<string, Array<{ stored: StoredInstance; fileIndex: number }>>();
      const seenSha = new Set<string>();
      const seenSop = new Set<string>();
      const knownSha = db.prepare('SELECT 1 FROM import_sources WHERE sha256 = ?');
      const knownSop = db.prepare('SELECT 1 FROM instances WHERE sop_uid = ?');
      let lastProgress = 0;

      for (let index = 0; index < sources.length; index++) {
        const source = sources[index] as SourceFile;
        const result: ImportFileResult = { name: source.name, status: 'refused', message: null, studyId: null };
        files.push(result);
        try {
          const bytes = await source.read();
          const sha = sha256Hex(bytes);
          if (seenSha.has(sha) || knownSha.get(sha)) {
            result.status = 'duplicate';
            result.message = 'Already imported (same file content).';
          } else {
            const prepared = await this.prepare(bytes, source, sha, ctx);
            if (seenSop.has(prepared.instance.sopUid) || knownSop.get(prepared.instance.sopUid)) {
              result.status = 'duplicate';
              result.message = 'An instance with the same SOP Instance UID is already in the database.';
            } else {
              const stored = await this.storeFiles(prepared);
              seenSha.add(sha);
              seenSop.add(prepared.instance.sopUid);
              const list = byStudy.get(prepared.study.uid) ?? [];
              list.push({ stored, fileIndex: index });
              byStudy.set(prepared.study.uid, list);
              result.status = 'imported';
              result.message = prepared.warnings.length ? prepared.warnings.join(' ') : null;
            }
          }
        } catch (error) {
          if (isFatalIo(error)) {
            fatal = `The disk is full or read-only (${(error as Error).message}). Nothing partial was kept; free space and import again.`;
            result.message = fatal;
            break;
          }
          result.status = error instanceof ImportSkip ? 'skipped' : 'refused';
          result.message =
            error instanceof ImportRefusal || error instanceof ImportSkip ? error.message : `Unexpected error: ${(error as Error).message}`;
        }
        const now = Date.now();
        if (now - lastProgress > PROGRESS_INTERVAL_MS || index === sources.length - 1) {
          lastProgress = now;
          try {
            db.prepare('UPDATE imports SET done = ? WHERE id = ?').run(index + 1, importId);
          } catch (error) {
            if (!isFatalIo(error)) throw error;
          }
          events.emit({ type: 'import.progress', importId, done: index + 1, total: sources.length, file: source.name });
        }
        // Let the server answer requests between files.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }

      if (!fatal) {
        for (const group of byStudy.values()) {
          try {
            const { studyId } = commitStudy(db, this.deps.audit, group.map((g) => g.stored), {
              demo: run.demo ?? false,
              actor: this.deps.actor(),
            });
            studyIds.push(studyId);
            for (const g of group) (files[g.fileIndex] as ImportFileResult).studyId = studyId;
            this.deps.identity.remember((group[0] as { stored: StoredInstance }).stored.prepared.identity);
          } catch (error) {
            if (isFatalIo(error)) fatal = `The database disk is full (${(error as Error).message}); the study was not saved.`;
            for (const g of group) {
              const f = files[g.fileIndex] as ImportFileResult;
              f.status = 'refused';
              f.message = `The study could not be saved: ${(error as Error).message}`;
            }
            if (fatal) break;
          }
        }
      }
    } catch (error) {
      fatal = (error as Error).message;
    }
    const finishedAt = nowIso();
    let report: ImportReport;
    try {
      db.prepare('UPDATE imports SET state = ?, finished_at = ?, report = ?, error = ?, done = total WHERE id = ?').run(
        fatal ? 'failed' : 'done',
        finishedAt,
        JSON.stringify({ files, studyIds }),
        fatal,
        importId,
      );
      report = this.report(importId);
    } catch (error) {
      // The database itself could not record the outcome (its disk is full): report from memory.
      fatal ??= `The import could not be recorded: ${(error as Error).message}`;
      report = {
        importId,
        state: 'failed',
        startedAt: finishedAt,
        finishedAt,
        total: files.length,
        done: files.length,
        counts: countStatuses(files),
        files,
        studyIds,
        error: fatal,
      };
    }
    events.emit({ type: 'import.finished', report });
    if (studyIds.length) events.emit({ type: 'worklist.changed' });
    return report;
  }

  private async prepare(bytes: Uint8Array, source: SourceFile, sha: string, ctx: PrepareContext): Promise<PreparedInstance> {
    const type = sniff(bytes, source.name);
    switch (type) {
      case 'dicom':
        return prepareDicom(bytes, source.name, sha, ctx, true);
      case 'png':
      case 'jpeg':
        return prepareImage(bytes, source.name, sha, source.groupKey, ctx);
      case 'tiff':
        return prepareTiff(bytes, source.name, sha, source.groupKey, ctx);
      case 'video':
        return prepareVideo(bytes, source.path, source.name, sha, source.groupKey, ctx);
      case 'unknown': {
        const ext = /\.(png|jpe?g|mp4|m4v|mov|avi|webm|mkv)$/i.exec(source.name)?.[1];
        if (ext) throw new ImportRefusal(`The file is named .${ext.toLowerCase()} but its content is not a ${ext.toUpperCase()} file (damaged or mislabelled).`);
        return prepareDicom(bytes, source.name, sha, ctx, false);
      }
    }
  }

  private async storeFiles(prepared: PreparedInstance): Promise<StoredInstance> {
    const stored = await this.deps.store.put(prepared.storeBytes, 'dcm');
    const original = prepared.original ? await this.deps.store.put(prepared.original.bytes, prepared.original.extension) : null;
    // Drop the bytes now: only metadata waits in memory for the commit.
    const light: PreparedInstance = { ...prepared, storeBytes: new Uint8Array(0), original: null };
    return {
      prepared: light,
      storePath: stored.relPath,
      originalPath: original ? original.relPath : null,
      fileSha256: stored.sha256,
      fileSize: stored.size,
    };
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}

export class ImportNotFound extends Error {
  constructor(id: number) {
    super(`No import with id ${id}.`);
    this.name = 'ImportNotFound';
  }
}

export function countStatuses(files: readonly ImportFileResult[]): ImportReport['counts'] {
  const counts = { imported: 0, duplicate: 0, refused: 0, skipped: 0 };
  for (const f of files) counts[f.status]++;
  return counts;
}

