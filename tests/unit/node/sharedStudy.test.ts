/**
 * The host reads a study once into shared memory for all its inference lanes: the bytes equal the
 * file's, and each read gets its own key (a lane re-parses when a job brings a new read of the same
 * path). The lanes' results from a shared study are checked end to end by engine/jobs.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSharedStudy } from '../../../electron/node/inference/lanes';
import { tempDir } from '../../helpers/tempDir';

describe('readSharedStudy', () => {
  const tmp = tempDir('kestrel-shared-study-');
  afterAll(() => tmp.cleanup());

  it('reads the whole file into a SharedArrayBuffer, with a new key per read', () => {
    const file = path.join(tmp.dir, 'study.dcm');
    const bytes = new Uint8Array(3 * 65536 + 17).map((_, i) => (i * 31) & 255);
    writeFileSync(file, bytes);
    const a = readSharedStudy(file);
    const b = readSharedStudy(file);
    expect(a.bytes).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(new Uint8Array(a.bytes)).equals(readFileSync(file))).toBe(true);
    expect(a.path).toBe(file);
    expect(b.key).not.toBe(a.key);
  });
});
