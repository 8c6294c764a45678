import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fsp, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ApiError } from '../../../common/api';
import { fileSource, type SourceFile } from './sources';

const MAX_FILE_BYTES = 8 * 1024 ** 3;

/**
 * Web mode's drag-and-drop: the browser cannot hand us paths, so files are streamed into a
 * per-session staging folder and imported from there. Staging is removed after the import and
 * at every start.
 */
export class UploadService {
  private readonly sessions = new Set<string>();

  constructor(private readonly root: string) {
    rmSync(root, { recursive: true, force: true });
  }

  begin(): string {
    const id = randomBytes(16).toString('hex');
    this.sessions.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /** Stores one file under its relative name; refuses names that would escape the session folder. */
  async put(id: string, relativeName: string, body: Readable, declaredBytes: number | null): Promise<void> {
    if (!this.sessions.has(id)) throw new ApiError('not_found', 'Unknown or finished upload session.');
    const clean = relativeName.replace(/\\/g, '/').split('/').filter((p) => p.length > 0 && p !== '.');
    if (clean.length === 0 || clean.some((p) => p === '..') || clean.length > 32) {
      throw new ApiError('invalid_input', `Invalid file name in upload: "${relativeName.slice(0, 100)}".`);
    }
    if (declaredBytes !== null && declaredBytes > MAX_FILE_BYTES) {
      throw new ApiError('invalid_input', `File "${relativeName}" is larger than ${MAX_FILE_BYTES / 1024 ** 3} GiB.`);
    }
    const target = path.join(this.root, id, ...clean);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await pipeline(body, createWriteStream(target));
  }

  /** The session's files as import sources; grouping keys stay inside the session. */
  async sources(id: string): Promise<SourceFile[]> {
    if (!this.sessions.has(id)) throw new ApiError('not_found', 'Unknown or finished upload session.');
    const base = path.join(this.root, id);
    const out: SourceFile[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) await walk(abs);
        else if (e.isFile()) {
          const rel = path.relative(base, abs).split(path.sep).join('/');
          out.push(fileSource(abs, rel, `upload:${id}:${path.posix.dirname(rel)}`));
        }
      }
    };
    await walk(base);
    if (out.length === 0) throw new ApiError('invalid_input', 'Nothing was uploaded in this session.');
    out.sort((a, b) => a.name.localeCompare(b.name));
    return out;
  }

  async finish(id: string): Promise<void> {
    this.sessions.delete(id);
    await fsp.rm(path.join(this.root, id), { recursive: true, force: true });
  }
}
