import { afterEach, describe, expect, it } from 'vitest';
import { clahe } from '../../../../common/imaging/clahe';
import { enhance } from '../../../../common/imaging/enhance';
import type { Gray8 } from '../../../../common/imaging/image';
import { fitToModel } from '../../../../common/imaging/resize';
import { laplacianSharpen } from '../../../../common/imaging/sharpen';
import { peciEnsemble, Preprocessing } from '../../../../common/imaging/steps';
import { preprocessChannelsU8, preprocessFrame, scalingTable } from '../../../../common/imaging/tensor';
import { setWasmKernelsEnabled } from '../../../../common/imaging/wasm/kernels';

const W = 90;
const H = 60;
const frame: Gray8 = { width: W, height: H, data: Uint8Array.from({ length: W * H }, (_, i) => ((i % W) * 3 + Math.floor(i / W) * 2 + ((i * 7919) % 13)) & 255) };
const clip = { clipLimit: 2, tilesX: 8, tilesY: 8 };

afterEach(() => setWasmKernelsEnabled(true));

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

  // (0.8, 0.14): v · a + b rounds byte 204 to another float32 than the table, so the table is used.
  it.each([
    [0.5, 0.25],
    [0, 1],
    [0.485, 0.229],
    [0.8, 0.14],
  ])('mean %f, std %f: every byte scales to its table value with WebAssembly on and off', (mean, std) => {
    // 64 × 48 × 2 channels = 6144 bytes, a multiple of 16, so the WebAssembly path can run.
    const p = Preprocessing.parse({ channels: [{ name: 'identity' }, { name: 'sharpen', params: { centre: 5 } }], width: 64, height: 48, fit: 'stretch', mean, std });
    const ramp: Gray8 = { width: 64, height: 48, data: Uint8Array.from({ length: 64 * 48 }, (_, i) => i & 255) };
    const table = scalingTable(mean, std);
    for (const on of [true, false]) {
      setWasmKernelsEnabled(on);
      const { channels } = preprocessChannelsU8(ramp, p);
      const { tensor } = preprocessFrame(ramp, p);
      let differing = 0;
      for (let i = 0; i < tensor.length; i++) if (!Object.is(tensor[i], table[channels[i]!])) differing++;
      expect(differing, `WebAssembly ${on ? 'on' : 'off'}`).toBe(0);
    }
  });

  it('enhanceThenResize enhances at frame size and resizes each channel', () => {
    const p = Preprocessing.parse({ channels: [{ name: 'clahe', params: clip }, { name: 'identity' }], width: 45, height: 30, fit: 'stretch', order: 'enhanceThenResize' });
    const { channels, box } = preprocessChannelsU8(frame, p);
    expect(channels.subarray(0, 45 * 30)).toEqual(fitToModel(enhance(frame, p.channels[0]!), 45, 30, 'stretch').image.data);
    expect(channels.subarray(45 * 30)).toEqual(fitToModel(frame, 45, 30, 'stretch').image.data);
    expect(box.scaleX).toBe(0.5);
  });
});
