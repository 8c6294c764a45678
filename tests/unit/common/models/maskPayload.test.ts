import { describe, expect, it } from 'vitest';
import { decodeMaskPayload, encodeMaskPayload, MaskPayloadError } from '../../../../common/models/maskPayload';

describe('mask payload', () => {
  it('round-trips classes, areas, confidences and runs', () => {
    const p = {
      width: 512,
      height: 256,
      classes: [
        { name: 'bolus', areaPx: 7, meanProbability: 0.875, rle: new Uint32Array([10, 3, 5, 4, 131050]) },
        { name: 'hyoïd', areaPx: 0, meanProbability: 0, rle: new Uint32Array([131072]) },
      ],
    };
    const back = decodeMaskPayload(encodeMaskPayload(p));
    expect(back.width).toBe(512);
    expect(back.height).toBe(256);
    expect(back.classes.map((c) => c.name)).toEqual(['bolus', 'hyoïd']);
    expect(back.classes[0]?.meanProbability).toBeCloseTo(0.875);
    expect(Array.from(back.classes[0]?.rle ?? [])).toEqual([10, 3, 5, 4, 131050]);
  });

  it('refuses foreign or truncated bytes with a clear error', () => {
    const good = encodeMaskPayload({ width: 4, height: 4, classes: [{ name: 'x', areaPx: 1, meanProbability: 1, rle: new Uint32Array([0, 1, 15]) }] });
    expect(() => decodeMaskPayload(good.subarray(0, good.length - 3))).toThrow(MaskPayloadError);
    expect(() => decodeMaskPayload(new Uint8Array(20))).toThrow(/not a Kestrel mask payload/);
  });
});
