import { describe, expect, it } from 'vitest';
import type { Gray8 } from '../../../../common/imaging/image';
import { probabilityToSourceMask } from '../../../../common/imaging/mask';
import { fitToModel, letterbox, modelToSource, resizeGray8, sourceToModel } from '../../../../common/imaging/resize';
import { dice } from '../../../../common/measure/overlap';

function disc(w: number, h: number, cx: number, cy: number, r: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 1 : 0;
  return m;
}

describe('letterbox geometry', () => {
  it('keeps the aspect ratio and centres a landscape frame', () => {
    expect(letterbox(2140, 1760, 512, 512, 'pad')).toEqual({
      srcWidth: 2140,
      srcHeight: 1760,
      width: 512,
      height: 512,
      contentWidth: 512,
      contentHeight: 421, // round(1760 · 512 / 2140) = round(421.08)
      scaleX: 512 / 2140,
      scaleY: 421 / 1760,
      offsetX: 0,
      offsetY: 45, // floor((512 − 421) / 2)
    });
  });
  it('centres a portrait frame horizontally and stretches when asked', () => {
    const b = letterbox(300, 600, 256, 256, 'pad');
    expect([b.contentWidth, b.contentHeight, b.offsetX, b.offsetY]).toEqual([128, 256, 64, 0]);
    const s = letterbox(300, 600, 256, 128, 'stretch');
    expect([s.contentWidth, s.contentHeight, s.offsetX, s.offsetY, s.scaleX, s.scaleY]).toEqual([256, 128, 0, 0, 256 / 300, 128 / 600]);
  });
  it('maps points both ways (pixel centres as cv2.resize)', () => {
    const b = letterbox(2140, 1760, 512, 512, 'pad');
    const [u, v] = sourceToModel(b, 1000, 700);
    const [x, y] = modelToSource(b, u, v);
    expect(x).toBeCloseTo(1000, 9);
    expect(y).toBeCloseTo(700, 9);
    expect(sourceToModel(b, -0.5, -0.5)).toEqual([-0.5, 44.5]); // the frame's corner is the content's corner
  });
});

describe('fitToModel', () => {
  it('pads with 0 around the resized frame', () => {
    const src: Gray8 = { width: 40, height: 20, data: new Uint8Array(800).fill(200) };
    const { image, box } = fitToModel(src, 32, 32, 'pad');
    expect([box.contentWidth, box.contentHeight, box.offsetY]).toEqual([32, 16, 8]);
    expect(image.data[0]).toBe(0);
    expect(image.data[7 * 32 + 5]).toBe(0);
    expect(image.data[8 * 32 + 5]).toBe(200);
    expect(image.data[23 * 32 + 31]).toBe(200);
    expect(image.data[24 * 32]).toBe(0);
  });
  it('area-averages when shrinking by 2 and interpolates when enlarging', () => {
    const src: Gray8 = { width: 4, height: 2, data: Uint8Array.from([0, 10, 20, 31, 2, 12, 22, 33]) };
    expect(Array.from(resizeGray8(src, 2, 1).data)).toEqual([6, 27]); // (0+10+2+12+2)>>2, (20+31+22+33+2)>>2
    const up = resizeGray8({ width: 2, height: 1, data: Uint8Array.of(0, 100) }, 4, 1).data;
    expect(Array.from(up)).toEqual([0, 25, 75, 100]); // source x = (d + 0.5)/2 − 0.5: −0.25→0, 0.25, 0.75, 1.25→1
  });
});

describe('probabilityToSourceMask', () => {
  it.each([
    ['pad', 300, 200],
    ['stretch', 300, 200],
    ['pad', 157, 311],
  ] as const)('round trip of a disc through the model size (%s, %i×%i)', (fit, w, h) => {
    const truth = disc(w, h, w * 0.45, h * 0.55, Math.min(w, h) * 0.3);
    const asImage: Gray8 = { width: w, height: h, data: truth.map((v) => v * 255) };
    const { image, box } = fitToModel(asImage, 128, 96, fit);
    const prob = Float32Array.from(image.data, (v) => v / 255);
    const back = probabilityToSourceMask(prob, box, 0.5);
    expect(back.length).toBe(w * h);
    expect(dice(back, truth)).toBeGreaterThan(0.97);
  });
  it('never reads the padding: a probability of 1 everywhere in the content gives a full mask', () => {
    const box = letterbox(100, 50, 64, 64, 'pad');
    const prob = new Float32Array(64 * 64);
    for (let y = box.offsetY; y < box.offsetY + box.contentHeight; y++) prob.fill(1, y * 64, y * 64 + 64);
    expect(probabilityToSourceMask(prob, box, 0.5).every((v) => v === 1)).toBe(true);
  });
  it('rejects a map of the wrong size', () => {
    expect(() => probabilityToSourceMask(new Float32Array(10), letterbox(10, 10, 8, 8, 'pad'), 0.5)).toThrow(RangeError);
  });
});
