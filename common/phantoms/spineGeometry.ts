/**
 * Spinopelvic parameters from landmarks (CLINICAL.md section 2, Duval-Beaupere / Legaye), in image
 * coordinates: x to the right, y down, patient facing +x. Angles in degrees.
 *
 * The phantom computes its ground truth with these functions from the same landmarks it returns,
 * so truth and landmarks can never disagree.
 */

export type Point2 = readonly [number, number];

const DEG = 180 / Math.PI;

/**
 * Orientation of an endplate line from its posterior to its anterior corner, relative to the
 * horizontal; positive when the anterior corner is lower (larger y).
 */
export function endplateAngle(anterior: Point2, posterior: Point2): number {
  return Math.atan2(anterior[1] - posterior[1], anterior[0] - posterior[0]) * DEG;
}

export function midpoint(a: Point2, b: Point2): [number, number] {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** SS: angle between the S1 superior endplate and the horizontal. */
export function sacralSlope(s1Anterior: Point2, s1Posterior: Point2): number {
  return endplateAngle(s1Anterior, s1Posterior);
}

/**
 * PT: angle between the vertical and the line from the S1 endplate midpoint M to the hip axis H
 * (midpoint of the femoral head centres); positive when H is anterior to M.
 */
export function pelvicTilt(s1Anterior: Point2, s1Posterior: Point2, hipAxis: Point2): number {
  const [mx, my] = midpoint(s1Anterior, s1Posterior);
  return Math.atan2(hipAxis[0] - mx, hipAxis[1] - my) * DEG;
}

/**
 * PI: angle between the perpendicular to the S1 endplate at M (pointing caudally, into the
 * sacrum) and the line M to H. Computed from its own definition, not as PT + SS, so that the
 * identity PI = PT + SS is a check.
 */
export function pelvicIncidence(s1Anterior: Point2, s1Posterior: Point2, hipAxis: Point2): number {
  const [mx, my] = midpoint(s1Anterior, s1Posterior);
  const ex = s1Anterior[0] - s1Posterior[0];
  const ey = s1Anterior[1] - s1Posterior[1];
  const len = Math.hypot(ex, ey);
  // Endplate direction rotated a quarter turn towards +y: the caudal normal.
  const nx = -ey / len;
  const ny = ex / len;
  const hx = hipAxis[0] - mx;
  const hy = hipAxis[1] - my;
  // Rotation from the normal to M->H, measured towards anterior (+x) as positive.
  return Math.atan2(ny * hx - nx * hy, nx * hx + ny * hy) * DEG;
}

/** LL: Cobb angle between the L1 and S1 superior endplates (L1-S1 definition); lordosis positive. */
export function lumbarLordosis(
  l1Anterior: Point2,
  l1Posterior: Point2,
  s1Anterior: Point2,
  s1Posterior: Point2,
): number {
  return endplateAngle(s1Anterior, s1Posterior) - endplateAngle(l1Anterior, l1Posterior);
}

export interface SpinopelvicInput {
  s1Anterior: Point2;
  s1Posterior: Point2;
  femoralHead1Center: Point2;
  femoralHead2Center: Point2;
  l1Anterior: Point2;
  l1Posterior: Point2;
}

export interface SpinopelvicParameters {
  PI: number;
  PT: number;
  SS: number;
  LL: number;
}

export function spinopelvicParameters(l: SpinopelvicInput): SpinopelvicParameters {
  const hip = midpoint(l.femoralHead1Center, l.femoralHead2Center);
  return {
    PI: pelvicIncidence(l.s1Anterior, l.s1Posterior, hip),
    PT: pelvicTilt(l.s1Anterior, l.s1Posterior, hip),
    SS: sacralSlope(l.s1Anterior, l.s1Posterior),
    LL: lumbarLordosis(l.l1Anterior, l.l1Posterior, l.s1Anterior, l.s1Posterior),
  };
}
