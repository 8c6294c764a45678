import { describe, expect, it } from 'vitest';
import { activate, maskArea, removeSmallComponents, rleDecode, rleEncode, threshold } from '../../../../common/imaging/mask';
import { dice, iou } from '../../../../common/measure/overlap';

describe('RLE', () => {
  it.each([
    ['all 0', new Uint8Array(10), [10]],
    ['all 1', new Uint8Array(10).fill(1), [0, 10]],
    ['alternating', Uint8Array.from([1, 0, 1, 0, 1]), [0, 1, 1, 1, 1, 1]],
    ['runs', Uint8Array.from([0, 0, 1, 1, 1, 0, 255]), [2, 3, 1, 1]],
    ['empty', new Uint8Array(0), [0]],
  ])('%s', (_name, mask, runs) => {
    const rle = rleEncode(mask);
    expect(Array.from(rle)).toEqual(runs);
    expect(Array.from(rleDecode(rle, mask.length))).toEqual(Array.from(mask, (v) => (v ? 1 : 0)));
  });
  it('round trips a random mask and refuses runs that do not cover the length', () => {
    const m = Uint8Array.from({ length: 5000 }, (_, i) => ((i * 2654435761) >>> 28) & 1);
    expect(rleDecode(rleEncode(m), m.length)).toEqual(m);
    expect(() => rleDecode(Uint32Array.of(3, 2), 4)).toThrow(RangeError);
    expect(() => rleDecode(Uint32Array.of(3), 4)).toThrow(RangeError);
  });
});

describe('removeSmallComponents', () => {
  // 6×5: a diagonal chain of 3 (joined only at corners), a 2-pixel bar, a single pixel.
  const W = 6;
  const H = 5;
  const m = Uint8Array.from([
    1, 0, 0, 0, 1, 1,
    0, 1, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1,
  ]);
  it('8-connectivity: diagonal neighbours form one component', () => {
    const out = removeSmallComponents(m, W, H, 3);
    expect(maskArea(out)).toBe(3);
    expect([out[0], out[7], out[14]]).toEqual([1, 1, 1]);
  });
  it('keeps components of exactly minArea and removes smaller ones', () => {
    expect(maskArea(removeSmallComponents(m, W, H, 2))).toBe(5);
    expect(maskArea(removeSmallComponents(m, W, H, 4))).toBe(0);
    expect(maskArea(removeSmallComponents(m, W, H, 0))).toBe(6);
  });
  it('handles a 1024² mask made of one snake-shaped component without recursion', () => {
    const n = 1024;
    const big = new Uint8Array(n * n);
    for (let y = 0; y < n; y += 2) big.fill(1, y * n, y * n + n); // rows joined at alternating ends
    for (let y = 1; y < n; y += 2) big[y * n + (y % 4 === 1 ? n - 1 : 0)] = 1;
    const out = removeSmallComponents(big, n, n, 1000);
    expect(maskArea(out)).toBe(maskArea(big));
  });
});

describe('activate and threshold', () => {
  it('sigmoid and softmax across channels', () => {
    const s = activate(Float32Array.of(0, 100, -100), 'sigmoid');
    expect(Array.from(s)).toEqual([0.5, 1, expect.closeTo(0, 10) as unknown as number]);
    // 2 channels × 3 pixels; pixel 1 has huge logits (must not overflow).
    const p = activate(Float32Array.of(0, 1000, 2, 0, 1000, 0), 'softmax', 2);
    expect(p[0]! + p[3]!).toBeCloseTo(1, 6);
    expect(p[1]).toBeCloseTo(0.5, 6);
    expect(p[2]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 6);
    expect(() => activate(new Float32Array(5), 'softmax', 2)).toThrow(RangeError);
    expect(Array.from(activate(Float32Array.of(0.25), 'none'))).toEqual([0.25]);
  });
  it('thresholds at ≥ t over one channel of a tensor', () => {
    const prob = Float32Array.of(0.1, 0.5, 0.9, 0.49, 0.5, 0.51);
    expect(Array.from(threshold(prob, 0.5))).toEqual([0, 1, 1, 0, 1, 1]);
    expect(Array.from(threshold(prob, 0.5, 3, 3))).toEqual([0, 1, 1]);
    expect(() => threshold(prob, 0.5, 4, 3)).toThrow(RangeError);
  });
});

describe('dice and iou', () => {
  const a = Uint8Array.from([1, 1, 1, 0, 0, 0]);
  const b = Uint8Array.from([0, 1, 1, 1, 0, 0]);
  it('overlap of two masks', () => {
    expect(dice(a, b)).toBeCloseTo(4 / 6, 12);
    expect(iou(a, b)).toBeCloseTo(2 / 4, 12);
    expect(dice(a, a)).toBe(1);
    expect(iou(a, new Uint8Array(6))).toBe(0);
  });
  it('two empty masks agree; sizes must match', () => {
    expect(dice(new Uint8Array(4), new Uint8Array(4))).toBe(1);
    expect(iou(new Uint8Array(4), new Uint8Array(4))).toBe(1);
    expect(() => dice(a, new Uint8Array(5))).toThrow(RangeError);
  });
});
