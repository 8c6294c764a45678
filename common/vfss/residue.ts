/**
 * Pharyngeal residue measures (../shared/CLINICAL.md §1, "Residue"): the simpler alternatives to
 * NRRS, computed from the bolus mask and a region (vallecula or pyriform sinus) a person drew.
 *
 * NRRS (Pearson et al., Dysphagia 2013) is deliberately not implemented: CLINICAL.md asks that its
 * exact formula be checked in the paper before it is coded, and that has not been done.
 *
 * Masks are 0/1 (any non-zero counts as 1), row-major, width × height. Polygon points are image
 * pixel coordinates with pixel centres at integers (x = column, y = row), as the viewer's
 * measurements use (renderer/viewer/measurements/adapter.ts, DICOM's convention). Phantom
 * coordinates put centres at i + 0.5 (common/phantoms/shapes.ts): subtract 0.5 before calling.
 */

/**
 * Sets the pixels whose centre lies inside the polygon (even-odd rule), by scanlines at the pixel
 * centres: O(rows × edges + pixels). Boundaries are half-open (a centre exactly on a left or top
 * edge is inside, on a right or bottom edge outside), so polygons that share an edge never both
 * claim a pixel and an axis-aligned rectangle with integer corners fills exactly its area.
 * Points outside the image are fine: the fill is clipped.
 */
export function rasterizePolygon(points: ReadonlyArray<readonly [number, number]>, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  fillPolygonInto(out, width, height, points, 1);
  return out;
}

/** Writes `value` into the pixels of `target` that the polygon covers (see rasterizePolygon). */
export function fillPolygonInto(
  target: Uint8Array,
  width: number,
  height: number,
  points: ReadonlyArray<readonly [number, number]>,
  value: number,
): void {
  const n = points.length;
  if (n < 3) return;
  let top = Infinity;
  let bottom = -Infinity;
  for (const [, y] of points) {
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  const yStart = Math.max(0, Math.ceil(top));
  const yEnd = Math.min(height - 1, Math.floor(bottom));
  const crossings: number[] = [];
  for (let y = yStart; y <= yEnd; y++) {
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = points[i] as readonly [number, number];
      const [xj, yj] = points[j] as readonly [number, number];
      // Half-open in y: an edge counts for rows in [min y, max y), so a vertex is crossed once.
      if (yi > y !== yj > y) crossings.push(xj + ((y - yj) * (xi - xj)) / (yi - yj));
    }
    crossings.sort((a, b) => a - b);
    const row = y * width;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Half-open in x: centres x with left <= x < right.
      const x0 = Math.max(0, Math.ceil(crossings[k] as number));
      const x1 = Math.min(width, Math.ceil(crossings[k + 1] as number));
      if (x1 > x0) target.fill(value, row + x0, row + x1);
    }
  }
}

export interface ResidueInRegion {
  /** Bolus pixels inside the region. */
  residuePx: number;
  /** Pixels of the region (the space residue can fill). */
  regionPx: number;
  /** residuePx / regionPx × 100; null for an empty region. */
  percentFull: number | null;
}

export function residueInRegion(bolusMask: Uint8Array, regionMask: Uint8Array): ResidueInRegion {
  if (bolusMask.length !== regionMask.length) {
    throw new RangeError(`mask sizes differ: bolus ${bolusMask.length}, region ${regionMask.length}`);
  }
  let residuePx = 0;
  let regionPx = 0;
  for (let i = 0; i < regionMask.length; i++) {
    if (regionMask[i] === 0) continue;
    regionPx++;
    if (bolusMask[i] !== 0) residuePx++;
  }
  return { residuePx, regionPx, percentFull: regionPx === 0 ? null : (residuePx / regionPx) * 100 };
}

/** "%-full": residue pixels inside the drawn region / region pixels × 100; null for an empty region. */
export function residuePercentFull(bolusMask: Uint8Array, regionMask: Uint8Array): number | null {
  return residueInRegion(bolusMask, regionMask).percentFull;
}

/**
 * Residue area normalised to the squared C2–C4 length (dimensionless, so independent of the pixel
 * size and the magnification); null when the length is unknown or not positive.
 */
export function residueNormalised(areaPx: number, c2c4LengthPx: number | null): number | null {
  if (c2c4LengthPx === null || !(c2c4LengthPx > 0) || !Number.isFinite(c2c4LengthPx)) return null;
  return areaPx / (c2c4LengthPx * c2c4LengthPx);
}
