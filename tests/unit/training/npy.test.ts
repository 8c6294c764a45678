import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npyHeader, NpyWriter, readNpy, writeNpy } from '../../../scripts/dataset/npy';

const dir = mkdtempSync(join(tmpdir(), 'kestrel-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npy v1 files', () => {
  it('writes a NumPy 1.0 header padded to 64 bytes and ended by a newline', () => {
    const h = npyHeader('uint8', [3, 5, 160, 160]);
    expect(h.length % 64).toBe(0);
    expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(h[8]! | (h[9]! << 8)).toBe(h.length - 10);
    const text = new TextDecoder('latin1').decode(h.subarray(10));
    expect(text).toMatch(/^\{'descr': '\|u1', 'fortran_order': False, 'shape': \(3, 5, 160, 160\), \} *\n$/);
    expect(new TextDecoder('latin1').decode(npyHeader('float32', [7]).subarray(10))).toContain("'shape': (7,)");
  });

  it('streams rows and reads them back', () => {
    const path = join(dir, 'rows.npy');
    const w = new NpyWriter(path, 'uint8', [3, 2, 2]);
    for (let r = 0; r < 3; r++) w.append(new Uint8Array([r, r + 1, r + 2, 255]));
    w.close();
    const back = readNpy(path);
    expect(back.shape).toEqual([3, 2, 2]);
    expect(Array.from(back.data)).toEqual([0, 1, 2, 255, 1, 2, 3, 255, 2, 3, 4, 255]);
    expect(readFileSync(path).length).toBe(npyHeader('uint8', [3, 2, 2]).length + 12);
  });

  it('refuses a wrong row size, extra rows and a short file', () => {
    const w = new NpyWriter(join(dir, 'short.npy'), 'uint8', [2, 4]);
    expect(() => w.append(new Uint8Array(3))).toThrow(/4 expected/);
    w.append(new Uint8Array(4));
    expect(() => w.close()).toThrow(/1 rows written, 2 declared/);
    const full = new NpyWriter(join(dir, 'full.npy'), 'uint8', [1, 2]);
    full.append(new Uint8Array(2));
    expect(() => full.append(new Uint8Array(2))).toThrow(/more rows/);
    full.close();
  });

  it('round-trips float32 arrays', () => {
    const path = join(dir, 'f.npy');
    const data = new Float32Array([0.5, -1.25, 3e-8, 7]);
    writeNpy(path, 'float32', [2, 2], data);
    const back = readNpy(path);
    expect(back.dtype).toBe('float32');
    expect(back.shape).toEqual([2, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });
});
