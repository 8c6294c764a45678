import { describe, expect, it } from 'vitest';
import { angleAt, cobbAngle, isDegenerate, lengthOf, measure, MeasurementGeometryError } from '../../../../common/measure/geometry';
import type { Calibration } from '../../../../common/api/domain';

const iso: Calibration = { rowMm: 0.5, colMm: 0.5, source: 'PixelSpacing' };
const aniso: Calibration = { rowMm: 2, colMm: 1, source: 'ImagerPixelSpacing' };
const none: Calibration = { rowMm: null, colMm: null, source: 'none' };

describe('lengthOf', () => {
  it('scales by pixel spacing and names the source', () => {
    expect(lengthOf([0, 0], [30, 40], iso)).toEqual({ value: 25, unit: 'mm', calibration: 'PixelSpacing' });
  });
  it('uses row spacing for y and column spacing for x', () => {
    expect(lengthOf([0, 0], [0, 10], aniso).value).toBeCloseTo(20);
    expect(lengthOf([0, 0], [10, 0], aniso).value).toBeCloseTo(10);
  });
  it('falls back to pixels when uncalibrated', () => {
    expect(lengthOf([0, 0], [3, 4], none)).toEqual({ value: 5, unit: 'px', calibration: 'none' });
    expect(lengthOf([0, 0], [3, 4], null).unit).toBe('px');
  });
});

describe('angles', () => {
  it('measures a right angle at the vertex', () => {
    expect(angleAt([10, 0], [0, 0], [0, 10], null).value).toBeCloseTo(90);
  });
  it('measures angles in physical space when spacing is anisotropic', () => {
    // 45° in pixels becomes atan(2) ≈ 63.43° when rows are twice as far apart as columns.
    expect(angleAt([10, 0], [0, 0], [10, 10], aniso).value).toBeCloseTo(63.4349, 3);
  });
  it('gives the acute Cobb angle regardless of click order', () => {
    const a = cobbAngle([0, 0], [10, 0], [0, 0], [10, 10], null).value;
    const b = cobbAngle([10, 0], [0, 0], [10, 10], [0, 0], null).value;
    const c = cobbAngle([0, 0], [10, 0], [10, 10], [0, 0], null).value;
    expect(a).toBeCloseTo(45);
    expect(b).toBeCloseTo(45);
    expect(c).toBeCloseTo(45);
    expect(cobbAngle([0, 0], [10, 1], [0, 0], [-10, 1], null).value).toBeCloseTo(11.42, 1);
  });
});

describe('measure', () => {
  it('checks the number of points per kind', () => {
    expect(() => measure('angle', [[0, 0], [1, 1]], null)).toThrow(MeasurementGeometryError);
    expect(measure('length', [[0, 0], [6, 8]], null).value).toBe(10);
  });
});

describe('isDegenerate', () => {
  it('flags segments without length (a click without a drag)', () => {
    expect(isDegenerate('length', [[5, 5], [5, 5]])).toBe(true);
    expect(isDegenerate('length', [[5, 5], [5, 7]])).toBe(false);
    expect(isDegenerate('angle', [[0, 0], [0, 0], [3, 3]])).toBe(true);
    expect(isDegenerate('cobb', [[0, 0], [4, 0], [1, 1], [1, 1.2]])).toBe(true);
    expect(isDegenerate('cobb', [[0, 0], [4, 0], [1, 1], [3, 4]])).toBe(false);
  });
});
