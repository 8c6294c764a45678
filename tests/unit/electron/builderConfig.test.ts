import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and schema validator (the ones `electron-builder` runs first), so
// a misspelt key fails here instead of on the packaging machine.
const root = path.resolve(__dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  files?: string[];
  electronFuses?: Record<string, boolean>;
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('matches the electron-builder schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets every fuse to the hardened value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('packs the app into asar with native modules unpacked and rebuilt at packaging time', () => {
    expect(config.appId).toBe('org.kestrel.workstation');
    expect(config.productName).toBe('Kestrel');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    for (const mod of ['better-sqlite3', 'onnxruntime-node', 'sharp', '@img']) {
      expect(config.asarUnpack).toContain(`**/node_modules/${mod}/**`);
    }
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
  });

  it('starts the main bundle that scripts/build-main.mjs writes', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(readFileSync(path.join(root, 'scripts', 'build-main.mjs'), 'utf8')).toContain("outfile: at('dist/electron/main.cjs')");
  });
});
