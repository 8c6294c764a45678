import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** One file offered for import, wherever it comes from (a folder, an upload, the demo generator). */
export interface SourceFile {
  /** What the user recognises: the relative path inside the folder they chose. */
  readonly name: string;
  /** Files with the same key and no DICOM study of their own (images, videos) form one study. */
  readonly groupKey: string;
  /** A real file on disk when there is one (video decoding needs it). */
  readonly path: string | null;
  read(): Promise<Uint8Array>;
}

export class ImportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportInputError';
  }
}

const MAX_FILES = 200_000;

export function fileSource(absPath: string, name: string, groupKey: string): SourceFile {
  return {
    name,
    groupKey,
    path: absPath,
    read: async () => {
      const buf = await fsp.readFile(absPath);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  };
}

export function memorySource(name: string, groupKey: string, bytes: Uint8Array): SourceFile {
  return { name, groupKey, path: null, read: async () => bytes };
}

/**
 * Expands files and folders (recursively) into sources. Hidden files and folders are skipped,
 * symbolic links are followed once (a link cycle is detected by real path), and the number of
 * files is capped so a wrong choice (a whole disk) fails fast with a clear message.
 */
export async function scanPaths(paths: readonly string[]): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const seenDirs = new Set<string>();
  for (const input of paths) {
    const abs = path.resolve(input);
    let st;
    try {
      st = await fsp.stat(abs);
    } catch {
      throw new ImportInputError(`Cannot read "${input}": no such file or folder.`);
    }
    if (st.isFile()) {
      out.push(fileSource(abs, path.basename(abs), `dir:${path.dirname(abs)}`));
    } else if (st.isDirectory()) {
      await walk(abs, path.basename(abs), out, seenDirs);
    }
  }
  out.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

async function walk(dir: string, display: string, out: SourceFile[], seen: Set<string>): Promise<void> {
  const real = await fsp.realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ImportInputError(`Cannot list folder "${display}": ${(error as Error).message}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const abs = path.join(dir, entry.name);
    const name = `${display}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const st = await fsp.stat(abs).catch(() => null);
      isDir = st?.isDirectory() ?? false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) await walk(abs, name, out, seen);
    else if (isFile) {
      if (out.length >= MAX_FILES) {
        throw new ImportInputError(`More than ${MAX_FILES} files under the chosen folders; import a smaller folder.`);
      }
      out.push(fileSource(abs, name, `dir:${dir}`));
    }
  }
}
