import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const launcher = path.join(root, 'scripts', 'start-electron.mjs');

/** The Electron executable if one is installed (a developer's machine), else null (our build machines). */
function installedElectron(): string | null {
  try {
    const binary: unknown = createRequire(path.join(root, 'package.json'))('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const present = installedElectron();
if (present) console.warn(`launcher test skipped: an Electron binary is installed (${present}), so "npm start" would open a window`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the launcher, killed after `limitMs` so an install attempt can never hang the suite. */
function runLauncher(env: Record<string, string>, args: string[] = [], limitMs = 60_000): Promise<Run> {
  const base = { ...process.env };
  for (const key of ['ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_SKIP_BINARY_DOWNLOAD', 'ELECTRON_MIRROR', 'KESTREL_DEBUG']) delete base[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectOneLineAdvice(run: Run): string {
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
  expect(run.code).toBe(1);
  expect(lines).toHaveLength(1);
  const [line = ''] = lines;
  expect(line).toMatch(/^Kestrel: /);
  expect(line).toContain('npm run web');
  return line;
}

describe.skipIf(present !== null)('npm start without the Electron runtime', () => {
  // An empty download cache, so a cached Electron zip on this machine cannot turn the test into an install.
  const cache = mkdtempSync(path.join(os.tmpdir(), 'kestrel-electron-cache-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const bounded = { electron_config_cache: cache, KESTREL_ELECTRON_INSTALL_TIMEOUT_MS: '45000' };

  it('tries the download once, then exits 1 with one line that points to web mode', async () => {
    // The download server is a closed local port: the same failure as no internet, on any machine.
    const run = await runLauncher({ ...bounded, ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(expectOneLineAdvice(run)).toContain('could not be downloaded (no access to 127.0.0.1:9)');
  }, 70_000);

  it('says so in one line when downloads are switched off', async () => {
    const run = await runLauncher({ ...bounded, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(expectOneLineAdvice(run)).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  }, 70_000);

  it('--check fails the same way, before any build', async () => {
    const run = await runLauncher({ ...bounded, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, ['--check']);
    expectOneLineAdvice(run);
  }, 70_000);

  it('gives up on a download that does not finish in time', async () => {
    const run = await runLauncher({ ...bounded, ELECTRON_MIRROR: 'http://127.0.0.1:9/', KESTREL_ELECTRON_INSTALL_TIMEOUT_MS: '1' });
    expect(expectOneLineAdvice(run)).toContain('did not finish');
  }, 70_000);
});

// A stand-in Electron (ELECTRON_OVERRIDE_DIST_PATH is honoured by the electron package itself): a
// shell script that reports how it was started and exits with a code of its own.
describe.skipIf(process.platform === 'win32')('npm start with an Electron runtime', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'kestrel-fake-electron-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const fake = path.join(dist, 'electron');
  writeFileSync(fake, '#!/bin/sh\necho "args:$*"\necho "run-as-node:${ELECTRON_RUN_AS_NODE:-unset}"\nexit 3\n');
  chmodSync(fake, 0o755);
  const env = { ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' };

  it('--check succeeds silently', async () => {
    const run = await runLauncher(env, ['--check']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('starts Electron on the project folder, without ELECTRON_RUN_AS_NODE, and forwards its exit code', async () => {
    const run = await runLauncher(env, ['--inspect-brk-not-really']);
    if (!existsSync(path.join(root, 'dist', 'electron', 'main.cjs'))) {
      // Not built in this checkout: the launcher says so instead of starting anything.
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('Kestrel: dist/electron/main.cjs is missing: run "npm run build" first.');
      return;
    }
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`args:${root} --inspect-brk-not-really`);
    expect(run.stdout).toContain('run-as-node:unset');
  });
});
