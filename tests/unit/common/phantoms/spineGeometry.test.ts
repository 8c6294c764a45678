import { describe, expect, it } from 'vitest';
import {
  endplateAngle,
  lumbarLordosis,
  pelvicIncidence,
  pelvicTilt,
  sacralSlope,
  spinopelvicParameters,
} from '../../../../common/phantoms/spineGeometry';

const rad = Math.PI / 180;

/** A pelvis built from chosen SS and PT: S1 endplate through the origin, hip axis at distance d. */
function pelvis(ss: number, pt: number, d = 100) {
  const half = 22;
  const s1Anterior: [number, number] = [Math.cos(ss * rad) * half, Math.sin(ss * rad) * half];
  const s1Posterior: [number, number] = [-s1Anterior[0], -s1Anterior[1]];
  const hip: [number, number] = [Math.sin(pt * rad) * d, Math.cos(pt * rad) * d];
  return { s1Anterior, s1Posterior, hip };
}

describe('spinopelvic geometry', () => {
  it('gives zero angles for a horizontal S1 endplate with the hips straight below', () => {
    const { s1Anterior, s1Posterior, hip } = pelvis(0, 0);
    expect(sacralSlope(s1Anterior, s1Posterior)).toBeCloseTo(0, 9);
    expect(pelvicTilt(s1Anterior, s1Posterior, hip)).toBeCloseTo(0, 9);
    expect(pelvicIncidence(s1Anterior, s1Posterior, hip)).toBeCloseTo(0, 9);
  });

  it('recovers the angles a pelvis was built with, and PI = PT + SS', () => {
    for (const [ss, pt] of [[40, 10], [30, 20], [45, -5], [35, 0]] as const) {
      const { s1Anterior, s1Posterior, hip } = pelvis(ss, pt);
      expect(sacralSlope(s1Anterior, s1Posterior)).toBeCloseTo(ss, 9);
      expect(pelvicTilt(s1Anterior, s1Posterior, hip)).toBeCloseTo(pt, 9);
      expect(pelvicIncidence(s1Anterior, s1Posterior, hip)).toBeCloseTo(ss + pt, 9);
    }
  });

  it('measures PT positive when the hip axis is anterior (+x) and negative when posterior', () => {
    const { s1Anterior, s1Posterior } = pelvis(40, 0);
    expect(pelvicTilt(s1Anterior, s1Posterior, [20, 100])).toBeGreaterThan(0);
    expect(pelvicTilt(s1Anterior, s1Posterior, [-20, 100])).toBeLessThan(0);
  });

  it('measures lordosis as the Cobb angle from L1 to S1 superior endplates', () => {
    const s1a: [number, number] = [Math.cos(40 * rad) * 20, Math.sin(40 * rad) * 20];
    const s1p: [number, number] = [0, 0];
    // L1 endplate tilted 15 degrees the other way (anterior corner higher).
    const l1p: [number, number] = [0, -200];
    const l1a: [number, number] = [Math.cos(-15 * rad) * 20, -200 + Math.sin(-15 * rad) * 20];
    expect(endplateAngle(l1a, l1p)).toBeCloseTo(-15, 9);
    expect(lumbarLordosis(l1a, l1p, s1a, s1p)).toBeCloseTo(55, 9);
    const all = spinopelvicParameters({ s1Anterior: s1a, s1Posterior: s1p, femoralHead1Center: [30, 90], femoralHead2Center: [40, 110], l1Anterior: l1a, l1Posterior: l1p });
    expect(all.LL).toBeCloseTo(55, 9);
    expect(all.SS).toBeCloseTo(40, 9);
    expect(Math.abs(all.PI - (all.PT + all.SS))).toBeLessThan(1e-9);
  });
});
