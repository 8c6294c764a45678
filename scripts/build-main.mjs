#!/usr/bin/env node
/**
 * Bundles the main side with esbuild into dist/ (the renderer is built by Vite into dist/renderer):
 *   dist/server/web.mjs        web mode (npm run web), ESM for Node; node_modules stay external
 *   dist/server/inference-host.mjs  the inference host process (forked in web mode, utilityProcess in Electron)
 *   dist/electron/main.cjs     Electron main process, CJS; electron and node_modules external
 *   dist/electron/preload.cjs  sandboxed preload, CJS; zod and common/ bundled in, only 'electron' external
 * dist/server/web.mjs finds the renderer at ../renderer, dist/electron/main.cjs at ../renderer too.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);

// Electron 41 ships Node 24 and Chromium 146; these targets are what the bundles may assume.
const NODE_TARGET = 'node20';
const ELECTRON_NODE_TARGET = 'node22';
const PRELOAD_TARGET = 'chrome130';

// A sandboxed preload can require only 'electron' and a few polyfilled builtins.
const PRELOAD_ALLOWED_EXTERNALS = new Set(['electron']);

const common = {
  bundle: true,
  logLevel: 'warning',
  metafile: true,
  sourcemap: false,
  legalComments: 'none',
  absWorkingDir: root,
};

export const builds = [
  {
    name: 'web server',
    options: {
      ...common,
      entryPoints: [at('electron/node/server/cli.ts')],
      outfile: at('dist/server/web.mjs'),
      format: 'esm',
      platform: 'node',
      target: NODE_TARGET,
      packages: 'external',
      // Bundled CommonJS-style code in an ES module may still call require().
      banner: { js: "import { createRequire as __kestrelCreateRequire } from 'node:module';\nconst require = __kestrelCreateRequire(import.meta.url);" },
    },
  },
  {
    name: 'inference host',
    options: {
      ...common,
      entryPoints: [at('electron/node/inference/hostMain.ts')],
      outfile: at('dist/server/inference-host.mjs'),
      format: 'esm',
      platform: 'node',
      target: NODE_TARGET,
      packages: 'external',
      banner: { js: "import { createRequire as __kestrelCreateRequire } from 'node:module';\nconst require = __kestrelCreateRequire(import.meta.url);" },
    },
  },
  {
    name: 'electron main',
    options: {
      ...common,
      entryPoints: [at('electron/main/index.ts')],
      outfile: at('dist/electron/main.cjs'),
      format: 'cjs',
      platform: 'node',
      target: ELECTRON_NODE_TARGET,
      packages: 'external',
      external: ['electron'],
      // Node-side modules that locate files relative to themselves use import.meta.url, which a
      // CommonJS bundle does not have: give them the bundle's own file URL.
      define: { 'import.meta.url': '__kestrelImportMetaUrl' },
      banner: { js: "const __kestrelImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    },
  },
  {
    name: 'electron preload',
    options: {
      ...common,
      entryPoints: [at('electron/preload/index.ts')],
      outfile: at('dist/electron/preload.cjs'),
      format: 'cjs',
      platform: 'browser',
      target: PRELOAD_TARGET,
      // zod comes along with the contract; minified, the page loads less on every start.
      minify: true,
      external: ['electron'],
    },
  },
];

/** Fails the build when the preload bundle would require anything a sandboxed preload cannot. */
export function checkPreloadImports(metafile, outfile) {
  const rel = path.relative(root, outfile).split(path.sep).join('/');
  const output = metafile.outputs[rel];
  if (!output) throw new Error(`esbuild metafile has no entry for ${rel}`);
  const bad = output.imports.filter((i) => i.external && !PRELOAD_ALLOWED_EXTERNALS.has(i.path)).map((i) => i.path);
  if (bad.length > 0) {
    throw new Error(`the preload would require ${bad.join(', ')}, which a sandboxed preload cannot load; bundle it or drop it`);
  }
}

async function main() {
  await mkdir(at('dist'), { recursive: true });
  // Every bundle is attempted, so one broken import does not hide the state of the others.
  const failed = [];
  for (const { name, options } of builds) {
    const started = performance.now();
    try {
      const result = await esbuild.build(options);
      if (options.outfile.endsWith('preload.cjs')) checkPreloadImports(result.metafile, options.outfile);
      const rel = path.relative(root, options.outfile).split(path.sep).join('/');
      const kib = (result.metafile.outputs[rel]?.bytes ?? 0) / 1024;
      console.log(`built ${name}: ${rel} (${kib.toFixed(0)} KiB, ${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      failed.push(name);
      console.error(`build-main: ${name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  if (failed.length > 0) {
    console.error(`build-main: ${failed.length} of ${builds.length} bundles failed (${failed.join(', ')})`);
    process.exit(1);
  }
}

// Imported by tests for its configuration; builds only when run as a script.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`build-main: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
