import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Preprocessing } from '../../../common/imaging/steps';
import { preprocessChannelsU8 } from '../../../common/imaging/tensor';
import { createVfssPhantom } from '../../../common/phantoms';
import { readNpy } from '../../../scripts/dataset/npy';
import { maskToModel, VFSS_CLASSES, vfssPreprocessing, writeVfssDataset, writeVfssShard, type VfssDatasetManifest, type VfssDatasetOptions } from '../../../scripts/dataset/vfssDataset';

const dir = mkdtempSync(join(tmpdir(), 'kestrel-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (out: string): VfssDatasetOptions => ({
  out,
  count: 7,
  seed: 40,
  size: 64,
  difficulties: ['easy', 'hard'],
  framesPerPhantom: 3,
  split: 'train',
  sourceSize: 128,
  clipFrames: 60,
});

describe('VFSS phantom dataset writer', () => {
  it('has a valid Preprocessing object', () => {
    expect(Preprocessing.parse(vfssPreprocessing(160))).toEqual(vfssPreprocessing(160));
  });

  it('writes the documented layout with the app preprocessing bytes and resized masks', async () => {
    const out = join(dir, 'one');
    const manifest = await writeVfssDataset(base(out), 'test');
    const images = readNpy(join(out, 'images.npy'));
    const masks = readNpy(join(out, 'masks.npy'));
    expect(images.shape).toEqual([7, 5, 64, 64]);
    expect(masks.shape).toEqual([7, 4, 64, 64]);
    const json = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8')) as VfssDatasetManifest;
    expect(json).toEqual(manifest);
    expect(json.classes).toEqual([...VFSS_CLASSES]);
    expect(json.channels).toEqual(['identity', 'sharpen', 'clahe', 'doubleClahe', 'claheSharpen']);
    expect(json.samples).toHaveLength(7);
    expect(json.generator.phantoms).toBe(3);
    expect(json.samples.map((s) => s.phantomSeed)).toEqual([40, 40, 40, 41, 41, 41, 42]);
    expect(json.samples[3]?.difficulty).toBe('hard');

    // Sample 4 again by hand: same bytes as preprocessChannelsU8 and maskToModel.
    const s = json.samples[4]!;
    const phantom = createVfssPhantom({ seed: s.phantomSeed, difficulty: s.difficulty, frames: 60, width: 128, height: 128, fps: 30 });
    const frame = phantom.renderFrame(s.frame);
    const prep = vfssPreprocessing(64);
    const plane = 64 * 64;
    const { channels } = preprocessChannelsU8({ width: 128, height: 128, data: frame.image }, prep);
    expect(Buffer.from(images.data.subarray(4 * 5 * plane, 5 * 5 * plane))).toEqual(Buffer.from(channels));
    VFSS_CLASSES.forEach((name, c) => {
      const expected = maskToModel(frame.masks[name], 128, 128, prep);
      const start = (4 * 4 + c) * plane;
      expect(Buffer.from(masks.data.subarray(start, start + plane))).toEqual(Buffer.from(expected));
    });
    let px = 0;
    for (let i = 0; i < plane; i++) px += masks.data[4 * 4 * plane + i]!;
    expect(s.bolusModelPx).toBe(px);
    expect(s.bolusAreaPx).toBe(frame.bolusAreaPx);
  });

  it('gives the same bytes whatever the number of shards', async () => {
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    const opts = base(two);
    await writeVfssDataset(opts, 'test', () => {}, 2, async (start, end, shardDir) => writeVfssShard(opts, start, end, shardDir));
    for (const f of ['images.npy', 'masks.npy']) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f)))).toBe(true);
    const a = JSON.parse(readFileSync(join(one, 'dataset.json'), 'utf8')) as VfssDatasetManifest;
    const b = JSON.parse(readFileSync(join(two, 'dataset.json'), 'utf8')) as VfssDatasetManifest;
    expect(b.samples).toEqual(a.samples);
  });

  it('resizes masks by area: a model pixel is foreground when at least half of it is', () => {
    const prep = { ...vfssPreprocessing(64), width: 64, height: 64 };
    const mask = new Uint8Array(128 * 128);
    // Columns 0..2 of each 2×2 cell row: model column 0 fully on, column 1 half on (x = 2), column 2 off.
    for (let y = 0; y < 128; y++) for (let x = 0; x < 3; x++) mask[y * 128 + x] = 1;
    const small = maskToModel(mask, 128, 128, prep);
    expect(small[0]).toBe(1);
    expect(small[1]).toBe(1);
    expect(small[2]).toBe(0);
  });
});
