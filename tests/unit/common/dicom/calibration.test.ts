import { describe, expect, it } from 'vitest';
import { calibrationFromAttributes } from '../../../../common/dicom/calibration';

describe('calibrationFromAttributes', () => {
  it('prefers PixelSpacing, [row, column] order', () => {
    expect(calibrationFromAttributes({ pixelSpacing: [0.2, 0.3], imagerPixelSpacing: [0.5, 0.5], estimatedRadiographicMagnificationFactor: 1.2 })).toEqual({
      rowMm: 0.2,
      colMm: 0.3,
      source: 'PixelSpacing',
    });
  });

  it('divides ImagerPixelSpacing by ERMF when stated', () => {
    const c = calibrationFromAttributes({ imagerPixelSpacing: [0.275, 0.33], estimatedRadiographicMagnificationFactor: 1.1, modality: 'DX' });
    expect(c.source).toBe('ImagerPixelSpacing/ERMF');
    expect(c.rowMm).toBeCloseTo(0.25, 12);
    expect(c.colMm).toBeCloseTo(0.3, 12);
  });

  it('uses raw ImagerPixelSpacing without (or with an unusable) ERMF', () => {
    expect(calibrationFromAttributes({ imagerPixelSpacing: [0.1, 0.1] })).toEqual({ rowMm: 0.1, colMm: 0.1, source: 'ImagerPixelSpacing' });
    expect(calibrationFromAttributes({ imagerPixelSpacing: [0.1, 0.1], estimatedRadiographicMagnificationFactor: 0 }).source).toBe('ImagerPixelSpacing');
  });

  it('ignores zero or missing spacings (WG04 RG1 has PixelSpacing 0\\0)', () => {
    expect(calibrationFromAttributes({ pixelSpacing: [0, 0], imagerPixelSpacing: [0.2, 0.2] }).source).toBe('ImagerPixelSpacing');
    expect(calibrationFromAttributes({})).toEqual({ rowMm: null, colMm: null, source: 'none' });
    expect(calibrationFromAttributes({ pixelSpacing: null, imagerPixelSpacing: null })).toEqual({ rowMm: null, colMm: null, source: 'none' });
  });
});
