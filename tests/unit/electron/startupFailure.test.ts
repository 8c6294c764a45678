import { describe, expect, it } from 'vitest';
import { describeStartupFailure } from '../../../electron/main/startupFailure';

describe('start-up failure dialog', () => {
  it('explains a database written by a newer Kestrel and names the data folder', () => {
    const f = describeStartupFailure(
      'This database was written by a newer Kestrel (schema 9, this build knows 3). Update Kestrel instead of opening it with an older version.',
      '/home/u/.config/Kestrel',
    );
    expect(f.title).toBe('Kestrel cannot open its database');
    expect(f.detail).toContain('Update Kestrel');
    expect(f.detail).toContain('/home/u/.config/Kestrel');
    expect(f.detail).toContain('Nothing was changed');
  });
  it('tells a developer how to rebuild a native module for Electron', () => {
    const f = describeStartupFailure(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.",
      '/d',
    );
    expect(f.title).toMatch(/another runtime/);
    expect(f.detail).toContain('@electron/rebuild');
  });
  it('recognises an unwritable data folder', () => {
    expect(describeStartupFailure("EACCES: permission denied, mkdir '/d'", '/d').title).toMatch(/cannot write/);
  });
  it('falls back to a generic message that keeps the cause', () => {
    const f = describeStartupFailure('something odd', '/d');
    expect(f.title).toBe('Kestrel could not start');
    expect(f.detail).toContain('something odd');
  });
});
