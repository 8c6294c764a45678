import type { Types } from '@cornerstonejs/core';
import type { Calibration, MeasurementKind } from '../../../common/api';
import { formatMeasurement } from '../../../common/measure/format';
import { measure, pointsRequired } from '../../../common/measure/geometry';
import { toImagePoints } from './adapter';

const calibrations = new Map<string, Calibration>();

/** Tells the on-image labels which calibration each image of the open stack has. */
export function registerCalibrations(entries: Iterable<[string, Calibration]>): () => void {
  const ids: string[] = [];
  for (const [imageId, calibration] of entries) {
    calibrations.set(imageId, calibration);
    ids.push(imageId);
  }
  return () => {
    for (const id of ids) calibrations.delete(id);
  };
}

interface AnnotationData {
  handles?: { points?: Types.Point3[] };
}

/**
 * The text Cornerstone draws next to a measurement, computed by the same function and calibration
 * the database uses (common/measure) — Cornerstone's own label would say "px" for an Imager Pixel
 * Spacing image and could differ from the stored value.
 */
export function measurementTextLines(kind: MeasurementKind, data: AnnotationData, targetId: string): string[] | undefined {
  if (!targetId.startsWith('imageId:')) return undefined;
  const imageId = targetId.slice('imageId:'.length);
  const world = data.handles?.points ?? [];
  if (world.length < pointsRequired(kind)) return undefined;
  const points = toImagePoints(imageId, world.slice(0, pointsRequired(kind)));
  if (points.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return undefined;
  return [formatMeasurement(measure(kind, points, calibrations.get(imageId) ?? null))];
}
