import { metaData, utilities, type Types } from '@cornerstonejs/core';

/**
 * Image pixel ↔ viewport canvas conversions that answer null while the image's geometry is not
 * known yet (the frame has not loaded), instead of throwing as Cornerstone's utilities do.
 */
function hasGeometry(imageId: string): boolean {
  return Boolean(metaData.get('imagePlaneModule', imageId));
}

export function imageToCanvas(vp: Types.IStackViewport, imageId: string, p: readonly [number, number]): [number, number] | null {
  if (!hasGeometry(imageId)) return null;
  const c = vp.worldToCanvas(utilities.imageToWorldCoords(imageId, [p[0], p[1]]) as Types.Point3);
  return [c[0], c[1]];
}

export function canvasToImage(vp: Types.IStackViewport, imageId: string, x: number, y: number): [number, number] | null {
  if (!hasGeometry(imageId)) return null;
  const ij = utilities.worldToImageCoords(imageId, vp.canvasToWorld([x, y] as Types.Point2));
  return ij ? [ij[0], ij[1]] : null;
}
