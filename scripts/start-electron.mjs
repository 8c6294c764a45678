#!/usr/bin/env node
/**
 * `npm start` (after `npm run build`): runs Kestrel in Electron. The electron package is installed
 * with its install script disabled, so the runtime binary may be missing; then its own install.js
 * is tried once, and if that fails too, one line says so and points to web mode.
 *
 * `--check`: only make sure the runtime is there (exit 0) or say why not (exit 1), start nothing;
 * lets `npm start` fail fast before a build that could not be run anyway.
 *
 * Environment: KESTREL_ELECTRON_INSTALL_TIMEOUT_MS bounds the download (default 10 minutes);
 * KESTREL_DEBUG=1 prints the installer's output when it fails.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const mainBundle = path.join(root, 'dist', 'electron', 'main.cjs');
const installTimeoutMs = Number(process.env.KESTREL_ELECTRON_INSTALL_TIMEOUT_MS ?? 10 * 60_000);

/** The executable's path, or null when the package or its downloaded binary is missing. */
function electronBinary() {
  try {
    const id = require.resolve('electron');
    delete require.cache[id]; // read path.txt afresh after an install attempt
    const binary = require(id);
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs electron's install.js once; resolves with its combined output and how it ended. */
function runElectronInstall() {
  let installer;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return Promise.resolve({ ok: false, timedOut: false, output: 'the electron package is not installed' });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: path.dirname(installer), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      if (output.length < 64 * 1024) output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, installTimeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, timedOut, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, timedOut, output });
    });
  });
}

function downloadHost() {
  const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror;
  try {
    return mirror ? new URL(mirror).host : 'github.com';
  } catch {
    return mirror;
  }
}

function failureReason({ timedOut, output }) {
  if (timedOut) return `the download did not finish within ${Math.ceil(installTimeoutMs / 1000)} s`;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up/.test(output)) {
    return `no access to ${downloadHost()}`;
  }
  if (/not installed/.test(output)) return 'the electron package is not installed';
  return 'the download failed';
}

function fail(message) {
  console.error(`Kestrel: ${message}`);
  process.exit(1);
}

async function main() {
  let binary = electronBinary();
  if (binary === null) {
    const attempt = await runElectronInstall();
    binary = attempt.ok ? electronBinary() : null;
    if (binary === null) {
      if (process.env.KESTREL_DEBUG) console.error(attempt.output.trim());
      fail(
        `the Electron runtime is not installed and could not be downloaded (${failureReason(attempt)}). ` +
          'Use "npm run web" to run Kestrel in your browser instead.',
      );
    }
  }
  const args = process.argv.slice(2);
  if (args.includes('--check')) process.exit(0);
  if (!existsSync(mainBundle)) fail(`${path.relative(root, mainBundle)} is missing: run "npm run build" first.`);

  // The project folder (not main.cjs) is the app path, so Electron reads package.json: the app is
  // named Kestrel and keeps its data in the same userData folder as the packaged build.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set by some terminals (VS Code); would start Electron as plain Node
  const child = spawn(binary, [root, ...args], { stdio: 'inherit', env, windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => fail(`could not start Electron: ${error.message}`));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
