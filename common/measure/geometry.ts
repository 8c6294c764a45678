/**
 * Measurement geometry in image pixel coordinates with optional anisotropic calibration.
 * Angles are computed in physical space (mm) when the image is calibrated, because unequal row
 * and column spacing changes angles as well as lengths.
 */
import type { Calibration, MeasurementKind, Point2, SpacingSource } from '../api/domain';

export interface MeasuredValue {
  value: number;
  unit: 'mm' | 'px' | 'deg';
  calibration: SpacingSource;
}

const RAD_TO_DEG = 180 / Math.PI;

function scale(calibration: Calibration | null): { sx: number; sy: number; calibrated: boolean } {
  if (calibration && calibration.rowMm !== null && calibration.colMm !== null && calibration.source !== 'none') {
    return { sx: calibration.colMm, sy: calibration.rowMm, calibrated: true };
  }
  return { sx: 1, sy: 1, calibrated: false };
}

export function lengthOf(a: Point2, b: Point2, calibration: Calibration | null): MeasuredValue {
  const { sx, sy, calibrated } = scale(calibration);
  const dx = (b[0] - a[0]) * sx;
  const dy = (b[1] - a[1]) * sy;
  return {
    value: Math.hypot(dx, dy),
    unit: calibrated ? 'mm' : 'px',
    calibration: calibrated && calibration ? calibration.source : 'none',
  };
}

/** Angle at `vertex` between the rays to `a` and `b`, in degrees [0, 180]. */
export function angleAt(a: Point2, vertex: Point2, b: Point2, calibration: Calibration | null): MeasuredValue {
  const { sx, sy, calibrated } = scale(calibration);
  const ux = (a[0] - vertex[0]) * sx;
  const uy = (a[1] - vertex[1]) * sy;
  const vx = (b[0] - vertex[0]) * sx;
  const vy = (b[1] - vertex[1]) * sy;
  const value = Math.abs(Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)) * RAD_TO_DEG;
  return { value, unit: 'deg', calibration: calibrated && calibration ? calibration.source : 'none' };
}

/**
 * Cobb angle between line p0–p1 and line p2–p3: the acute angle between the two lines, in degrees
 * [0, 90]. Lines have no direction, so the order in which the user clicked the ends is irrelevant.
 */
export function cobbAngle(p0: Point2, p1: Point2, p2: Point2, p3: Point2, calibration: Calibration | null): MeasuredValue {
  const { sx, sy, calibrated } = scale(calibration);
  const a = Math.atan2((p1[1] - p0[1]) * sy, (p1[0] - p0[0]) * sx);
  const b = Math.atan2((p3[1] - p2[1]) * sy, (p3[0] - p2[0]) * sx);
  let d = Math.abs(a - b) % Math.PI;
  if (d > Math.PI / 2) d = Math.PI - d;
  return { value: d * RAD_TO_DEG, unit: 'deg', calibration: calibrated && calibration ? calibration.source : 'none' };
}

export class MeasurementGeometryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasurementGeometryError';
  }
}

const POINTS_PER_KIND: Record<MeasurementKind, number> = { length: 2, angle: 3, cobb: 4 };

export function pointsRequired(kind: MeasurementKind): number {
  return POINTS_PER_KIND[kind];
}

/**
 * A measurement whose defining segments have no length (a click without a drag, two handles
 * dropped on each other) has no meaningful value and is not kept.
 */
export function isDegenerate(kind: MeasurementKind, points: readonly Point2[], minPx = 0.5): boolean {
  const seg = (a: Point2 | undefined, b: Point2 | undefined) => !a || !b || Math.hypot(b[0] - a[0], b[1] - a[1]) < minPx;
  const [p0, p1, p2, p3] = points;
  switch (kind) {
    case 'length':
      return seg(p0, p1);
    case 'angle':
      return seg(p0, p1) || seg(p1, p2);
    case 'cobb':
      return seg(p0, p1) || seg(p2, p3);
  }
}

/** The one place a measurement's value is computed; the main side stores what this returns. */
export function measure(kind: MeasurementKind, points: readonly Point2[], calibration: Calibration | null): MeasuredValue {
  const need = POINTS_PER_KIND[kind];
  if (points.length !== need) {
    throw new MeasurementGeometryError(`A ${kind} measurement needs ${need} points, got ${points.length}.`);
  }
  const [p0, p1, p2, p3] = points as [Point2, Point2, Point2?, Point2?];
  switch (kind) {
    case 'length':
      return lengthOf(p0, p1, calibration);
    case 'angle':
      return angleAt(p0, p1, p2 as Point2, calibration);
    case 'cobb':
      return cobbAngle(p0, p1, p2 as Point2, p3 as Point2, calibration);
  }
}
