/**
 * The adapter between Cornerstone's annotations and Kestrel's measurements (as OHIF's
 * MeasurementService does): the database and reports only ever see image-pixel points and a kind;
 * Cornerstone's world coordinates and annotation objects stay inside the viewer.
 */
import { utilities, type Types } from '@cornerstonejs/core';
import { AngleTool, CobbAngleTool, LengthTool, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Measurement, MeasurementKind, Point2 } from '../../../common/api';
import { kindOfTool } from '../cornerstone/tools';

const UID_PREFIX = 'kestrel-m-';

export function measurementUid(id: number): string {
  return `${UID_PREFIX}${id}`;
}

export function kindOf(annotation: ToolTypes.Annotation): MeasurementKind | null {
  return annotation.metadata ? kindOfTool(annotation.metadata.toolName) : null;
}

/** Image pixel coordinates (x = column, y = row; pixel centres at integers, as DICOM). */
export function toImagePoints(imageId: string, world: readonly Types.Point3[]): Point2[] {
  return world.map((p) => {
    const [x, y] = utilities.worldToImageCoords(imageId, p) ?? [NaN, NaN];
    return [x, y] as Point2;
  });
}

export function toWorldPoints(imageId: string, points: readonly Point2[]): Types.Point3[] {
  return points.map((p) => utilities.imageToWorldCoords(imageId, [p[0], p[1]]) as Types.Point3);
}

export function annotationImagePoints(annotation: ToolTypes.Annotation): { imageId: string; points: Point2[] } | null {
  const imageId = annotation.metadata?.referencedImageId;
  const world = annotation.data.handles?.points;
  if (!imageId || !world || world.length === 0) return null;
  const points = toImagePoints(imageId, world);
  return points.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])) ? { imageId, points } : null;
}

const TOOL_CLASS = { length: LengthTool, angle: AngleTool, cobb: CobbAngleTool } as const;

/** A Cornerstone annotation for a stored measurement, on the stack position that shows its frame. */
export function annotationFor(viewport: Types.IStackViewport, m: Measurement, imageId: string, stackIndex: number): ToolTypes.Annotation {
  const Tool = TOOL_CLASS[m.kind];
  const metadata = { ...viewport.getViewReference({ sliceIndex: stackIndex }), referencedImageId: imageId, toolName: Tool.toolName };
  const annotation = Tool.createAnnotation({ metadata }, { data: { handles: { points: toWorldPoints(imageId, m.points) }, label: m.label } }) as ToolTypes.Annotation;
  annotation.annotationUID = measurementUid(m.id);
  annotation.highlighted = false;
  return annotation;
}

/** Moves an existing annotation's handles (undo/redo of a drag). */
export function setAnnotationPoints(annotation: ToolTypes.Annotation, points: readonly Point2[]): void {
  const imageId = annotation.metadata?.referencedImageId;
  if (!imageId || !annotation.data.handles) return;
  annotation.data.handles.points = toWorldPoints(imageId, points);
  annotation.invalidated = true;
}
