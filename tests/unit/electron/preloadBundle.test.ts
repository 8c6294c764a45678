import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../common/api';

/**
 * Builds the preload exactly as scripts/build-main.mjs does (in memory) and runs the bundle the
 * way a sandboxed preload runs: a fresh context whose require() knows only 'electron'.
 */
const root = path.resolve(__dirname, '../../..');

interface BuildEntry {
  name: string;
  options: esbuild.BuildOptions;
}

async function preloadCode(): Promise<{ code: string; metafile: esbuild.Metafile; check: (m: esbuild.Metafile, outfile: string) => void; outfile: string }> {
  const mod = (await import(pathToFileURL(path.join(root, 'scripts', 'build-main.mjs')).href)) as {
    builds: BuildEntry[];
    checkPreloadImports: (m: esbuild.Metafile, outfile: string) => void;
  };
  const entry = mod.builds.find((b) => b.name === 'electron preload');
  if (!entry) throw new Error('build-main.mjs has no preload build');
  const result = await esbuild.build({ ...entry.options, write: false, metafile: true, logLevel: 'silent' });
  const [out] = result.outputFiles;
  if (!out) throw new Error('no preload output');
  return { code: out.text, metafile: result.metafile, check: mod.checkPreloadImports, outfile: entry.options.outfile ?? '' };
}

describe('preload bundle', () => {
  it('requires nothing but electron and passes the build check', async () => {
    const { code, metafile, check, outfile } = await preloadCode();
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(() => check(metafile, outfile)).not.toThrow();
  });

  it('runs in a sandbox-like context and exposes only window.kestrel', async () => {
    const { code } = await preloadCode();
    const exposed = new Map<string, unknown>();
    const invoke = vi.fn(async () => ({ ok: true, result: null }));
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
      webUtils: { getPathForFile: () => '/x' },
    };
    const sandboxRequire = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require "${id}"`);
    };
    vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} }, { filename: 'preload.cjs' });

    expect([...exposed.keys()]).toEqual(['kestrel']);
    const kestrel = exposed.get('kestrel') as { call: Record<string, (input: unknown) => Promise<unknown>>; baseUrl: string };
    expect(Object.keys(kestrel.call).sort()).toEqual([...methodNames].sort());
    expect(kestrel.baseUrl).toBe('app://kestrel/');
    await kestrel.call['worklist.query']?.({ text: 'x' });
    expect(invoke).toHaveBeenCalledWith('kestrel:call', 'worklist.query', { text: 'x' });
  });
});
