import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface StoredFile {
  /** Path relative to the store root, e.g. "ab/cd/abcd…ef.dcm". */
  relPath: string;
  sha256: string;
  size: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Files addressed by the SHA-256 of their content. A file is written to tmp/, flushed and renamed
 * into place, so a reader never sees half a file and a killed process leaves only tmp/ debris
 * (removed at the next start) or whole files no row points to yet (collected by `collect`).
 */
export class ContentStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  async put(bytes: Uint8Array, extension: string): Promise<StoredFile> {
    const sha256 = sha256Hex(bytes);
    const relPath = path.posix.join(sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${extension}`);
    const finalPath = this.absolute(relPath);
    try {
      const st = await fsp.stat(finalPath);
      if (st.size === bytes.byteLength) return { relPath, sha256, size: bytes.byteLength };
    } catch {
      // Not stored yet.
    }
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    const tmp = path.join(this.tmpDir, `${randomBytes(8).toString('hex')}.part`);
    try {
      const handle = await fsp.open(tmp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(tmp, finalPath);
    } catch (error) {
      // A full disk or a failed rename must not leave half a file behind.
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw error;
    }
    return { relPath, sha256, size: bytes.byteLength };
  }

  /** Resolves a stored relative path, refusing anything that would leave the store. */
  absolute(relPath: string): string {
    const abs = path.resolve(this.root, relPath);
    if (!abs.startsWith(this.root + path.sep)) throw new Error(`Path outside the store: ${relPath}`);
    return abs;
  }

  /** Removes temporary files a killed process left behind. */
  recover(): number {
    let removed = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(path.join(this.tmpDir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** Deletes stored files no database row refers to (left by an import killed before its commit). */
  collect(referenced: ReadonlySet<string>, olderThanMs = 0): number {
    let removed = 0;
    const cutoff = Date.now() - olderThanMs;
    for (const a of safeList(this.root)) {
      if (a === 'tmp' || a.length !== 2) continue;
      for (const b of safeList(path.join(this.root, a))) {
        for (const name of safeList(path.join(this.root, a, b))) {
          const rel = path.posix.join(a, b, name);
          if (referenced.has(rel)) continue;
          const abs = path.join(this.root, a, b, name);
          if (statSync(abs).mtimeMs > cutoff) continue;
          rmSync(abs, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
