/** Files chosen or dropped by the user, with the relative path the user will recognise. */
export interface PendingFile {
  file: File;
  relativePath: string;
}

export interface PendingFiles {
  files: PendingFile[];
  /** Real paths (Electron only): the main side reads them in place instead of uploading. */
  paths: string[];
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: PendingFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FileSystemFileEntry), relativePath: `${prefix}${entry.name}` });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Expands dropped folders recursively (webkitGetAsEntry), keeping folder-relative names. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<PendingFiles> {
  const out: PendingFile[] = [];
  const paths: string[] = [];
  const bridge = window.kestrel;
  if (bridge?.pathForFile) {
    for (const f of Array.from(dt.files)) {
      const p = bridge.pathForFile(f);
      if (p) paths.push(p);
    }
    if (paths.length) return { files: [], paths };
  }
  const entries = Array.from(dt.items)
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length) {
    for (const entry of entries) await walk(entry, '', out);
  } else {
    for (const f of Array.from(dt.files)) out.push({ file: f, relativePath: f.name });
  }
  return { files: out, paths: [] };
}

export function filesFromInput(list: FileList | null): PendingFiles {
  const files = Array.from(list ?? []).map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
  const bridge = window.kestrel;
  if (bridge?.pathForFile && files.length) {
    const paths = files.map((f) => bridge.pathForFile?.(f.file) ?? '').filter((p) => p.length > 0);
    if (paths.length === files.length) return { files: [], paths };
  }
  return { files, paths: [] };
}
