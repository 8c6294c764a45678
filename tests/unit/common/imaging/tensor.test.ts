import { describe, expect, it } from 'vitest';
import { clahe } from '../../../../common/imaging/clahe';
import { enhance } from '../../../../common/imaging/enhance';
import type { Gray8 } from '../../../../common/imaging/image';
import { fitToModel } from '../../../../common/imaging/resize';
import { laplacianSharpen } from '../../../../common/imaging/sharpen';
import { peciEnsemble, Preprocessing } from '../../../../common/imaging/steps';
import { preprocessChannelsU8, preprocessFrame } from '../../../../common/imaging/tensor';

const W = 90;
const H = 60;
const frame: Gray8 = { width: W, height: H, data: Uint8Array.from({ length: W * H }, (_, i) => ((i % W) * 3 + Math.floor(i / W) * 2 + ((i * 7919) % 13)) & 255) };
const clip = { clipLimit: 2, tilesX: 8, tilesY: 8 };

describe('preprocessChannelsU8 / preprocessFrame', () => {
  const prep = Preprocessing.parse({ channels: peciEnsemble(clip), width: 64, height: 48, fit: 'pad', mean: 0.5, std: 0.25 });

  it('writes C×H×W channels in the order of the steps (resize, then enhance)', () => {
    const { channels, box } = preprocessChannelsU8(frame, prep);
    const plane = 64 * 48;
    expect(channels.length).toBe(5 * plane);
    const resized = fitToModel(frame, 64, 48, 'pad').image;
    const c = clahe(resized, clip).data;
    const expected = [resized.data, laplacianSharpen(resized).data, c, clahe({ ...resized, data: c }, clip).data, laplacianSharpen({ ...resized, data: c }).data];
    expected.forEach((e, i) => expect(channels.subarray(i * plane, (i + 1) * plane)).toEqual(e));
    expect(box).toMatchObject({ contentWidth: 64, contentHeight: 43, offsetY: 2 });
  });

  it('scales the same bytes to (v/255 − mean)/std in float32', () => {
    const { channels } = preprocessChannelsU8(frame, prep);
    const out = new Float32Array(channels.length);
    const { tensor } = preprocessFrame(frame, prep, out);
    expect(tensor).toBe(out);
    for (const i of [0, 1, 777, 3000, channels.length - 1]) expect(tensor[i]).toBe(Math.fround((channels[i]! / 255 - 0.5) / 0.25));
    expect(() => preprocessFrame(frame, prep, new Float32Array(3))).toThrow(RangeError);
  });

  it('enhanceThenResize enhances at frame size and resizes each channel', () => {
    const p = Preprocessing.parse({ channels: [{ name: 'clahe', params: clip }, { name: 'identity' }], width: 45, height: 30, fit: 'stretch', order: 'enhanceThenResize' });
    const { channels, box } = preprocessChannelsU8(frame, p);
    expect(channels.subarray(0, 45 * 30)).toEqual(fitToModel(enhance(frame, p.channels[0]!), 45, 30, 'stretch').image.data);
    expect(channels.subarray(45 * 30)).toEqual(fitToModel(frame, 45, 30, 'stretch').image.data);
    expect(box.scaleX).toBe(0.5);
  });
});
