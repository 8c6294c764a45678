import { describe, expect, it } from 'vitest';
import { toGray8 } from '../../../../common/imaging/image';

describe('toGray8', () => {
  it('applies the DICOM linear window (C.11.2.1.2.1) with rescale', () => {
    // Window 40/400 on HU: ≤ −160 → 0, > 239 → 255, 40 → ((40 − 39.5)/399 + 0.5)·255 = 127.8 → 128.
    const hu = Int16Array.from([-1000, -160, -159, 40, 239, 240, 3000]);
    const g = toGray8(hu, 7, 1, { window: { center: 40, width: 400 } });
    expect(Array.from(g.data)).toEqual([0, 0, 1, 128, 255, 255, 255]);
    // The same values stored with slope 1, intercept −1024.
    const stored = Uint16Array.from(hu, (v) => v + 1024);
    expect(toGray8(stored, 7, 1, { window: { center: 40, width: 400 }, rescale: { slope: 1, intercept: -1024 } }).data).toEqual(g.data);
  });

  it('stretches min–max without a window, inverts MONOCHROME1', () => {
    const px = Uint16Array.from([100, 1100, 600, 100]);
    expect(Array.from(toGray8(px, 2, 2).data)).toEqual([0, 255, 128, 0]);
    expect(Array.from(toGray8(px, 2, 2, { monochrome1: true }).data)).toEqual([255, 0, 127, 255]);
    expect(Array.from(toGray8(Uint16Array.of(5, 5), 2, 1).data)).toEqual([0, 0]); // flat frame
  });

  it('keeps 8-bit frames as they are without a window (no per-frame stretching of cine)', () => {
    expect(Array.from(toGray8(Uint8Array.of(10, 20, 30), 3, 1).data)).toEqual([10, 20, 30]);
  });

  it('converts RGB to BT.601 luma as OpenCV (fixed point for 8-bit)', () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50);
    // cv2.cvtColor(RGB2GRAY): 76, 150, 29, 124
    expect(Array.from(toGray8(rgb, 4, 1, { samplesPerPixel: 3 }).data)).toEqual([76, 150, 29, 124]);
  });

  it('refuses too few values', () => {
    expect(() => toGray8(new Uint8Array(3), 2, 2)).toThrow(RangeError);
  });
});
