/** Shared helpers for the DICOM integration tests: fixture files and Debian's DICOM tools. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/dicom', import.meta.url));

export const GOOD_FOLDERS = ['compressed', 'multiframe', 'radiographs'] as const;

export function fixturePath(relative: string): string {
  return join(FIXTURES, relative);
}

export function readFixture(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(relative)));
}

/** 'folder/file.dcm' for every file of a fixture folder, sorted. */
export function listFixtures(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

export function goodFiles(): string[] {
  return GOOD_FOLDERS.flatMap(listFixtures);
}

export interface ToolResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Run a command-line tool; never throws (a missing tool is a failed result with its error). */
export function runTool(cmd: string, args: string[]): ToolResult {
  try {
    const stdout = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { ok: true, stdout, stderr: '' };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** A temporary folder for one test, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `kestrel-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Largest and mean absolute difference between two sample arrays of equal length. */
export function absDiff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: a.length ? sum / a.length : 0 };
}
