/**
 * Samples the geometry of a standing lateral lumbar radiograph (patient facing +x, y down) so that
 * the spinopelvic parameters fall in normal adult ranges (CLINICAL.md section 2).
 *
 * Built outwards from the sacrum: sample PI, PT (hence SS = PI - PT) and LL; place the S1 endplate
 * and the femoral heads from PT and SS; then stack discs and vertebral bodies L5..L1 upwards, each
 * segment rotating the endplates by its share of LL, so the L1 superior endplate ends at SS - LL.
 * Lengths are in mm, converted to pixels by the pixel spacing (and shrunk if the field is too small).
 */
import { clamp, clampedNormal, type Rng } from '../random';
import type { Vec2 } from '../shapes';

export const LUMBAR = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
export type LumbarLevel = (typeof LUMBAR)[number];

export interface Endplate {
  anterior: Vec2;
  posterior: Vec2;
}

export interface VertebraGeometry {
  name: LumbarLevel;
  superior: Endplate;
  inferior: Endplate;
}

export interface SpineLayout {
  /** Pixels per mm actually used (1 / pixel spacing, times any shrink to fit). */
  pxPerMm: number;
  vertebrae: VertebraGeometry[];
  s1: Endplate;
  /** Sacral outline, anterior side from S1a downwards then posterior side back up to S1p. */
  sacrum: Vec2[];
  femoralHeads: [{ center: Vec2; radius: number }, { center: Vec2; radius: number }];
  /** Sampled targets (the truth is recomputed from the landmarks). */
  sampled: { PI: number; PT: number; SS: number; LL: number };
}

interface Frame {
  /** Endplate centre, direction angle (radians, anterior-down positive), depth. */
  center: Vec2;
  angle: number;
  depth: number;
}

function corners(f: Frame): Endplate {
  const ex = (Math.cos(f.angle) * f.depth) / 2;
  const ey = (Math.sin(f.angle) * f.depth) / 2;
  return { anterior: [f.center[0] + ex, f.center[1] + ey], posterior: [f.center[0] - ex, f.center[1] - ey] };
}

/** Moves up (cranially) from an endplate by `height` along the bisector of two endplate angles. */
function stepUp(center: Vec2, a0: number, a1: number, height: number, slip: number): Vec2 {
  const a = (a0 + a1) / 2;
  return [center[0] + Math.sin(a) * height + Math.cos(a) * slip, center[1] - Math.cos(a) * height + Math.sin(a) * slip];
}

export function sampleSpineLayout(rng: Rng, width: number, height: number, pixelSpacingMm: number): SpineLayout {
  const PI = clampedNormal(rng, 50.6, 6, 40, 61);
  const PT = clampedNormal(rng, 12.6, 4.5, Math.max(4, PI - 47), Math.min(21, PI - 29));
  const SS = PI - PT;
  const LL = clamp(PI + rng.normal(4, 4.5), 43, 66);
  const rad = Math.PI / 180;

  // Geometry in mm with M (S1 endplate midpoint) at the origin.
  const s1Depth = rng.range(40, 48);
  const s1: Frame = { center: [0, 0], angle: SS * rad, depth: s1Depth };
  const hipDistance = rng.range(90, 115);
  const hip: Vec2 = [Math.sin(PT * rad) * hipDistance, Math.cos(PT * rad) * hipDistance];
  const offset: Vec2 = [rng.range(4, 14) * (rng.chance(0.5) ? 1 : -1), rng.normal(0, 3)];
  const r1 = rng.range(22, 26);
  const r2 = r1 * rng.range(1.04, 1.1);

  // Share of lordosis per segment, caudal first (L5-S1 carries the most), and per segment the part
  // taken by the disc wedge versus the vertebral body below the disc's upper endplate.
  const weights = [0.33, 0.25, 0.19, 0.13, 0.1].map((w) => w * (1 + rng.normal(0, 0.12)));
  const total = weights.reduce((a, b) => a + b, 0);
  const depths: Record<LumbarLevel, number> = { L5: 45, L4: 44, L3: 43, L2: 41, L1: 39 };
  const frames: Array<{ name: LumbarLevel; inferior: Frame; superior: Frame }> = [];
  let lower = s1;
  (['L5', 'L4', 'L3', 'L2', 'L1'] as const).forEach((name, k) => {
    const segment = (LL * (weights[k] as number)) / total;
    const bodyShare = name === 'L5' ? rng.range(0.3, 0.45) : rng.range(0.1, 0.3);
    const depth = depths[name] + rng.normal(0, 1.5);
    const discAngle = lower.angle - segment * (1 - bodyShare) * rad;
    const discHeight = rng.range(8.5, 12) * (name === 'L1' ? 0.85 : 1);
    const inferior: Frame = {
      center: stepUp(lower.center, lower.angle, discAngle, discHeight, rng.normal(0, 1)),
      angle: discAngle,
      depth,
    };
    const bodyAngle = discAngle - segment * bodyShare * rad;
    const superior: Frame = {
      center: stepUp(inferior.center, discAngle, bodyAngle, rng.range(25, 29), 0),
      angle: bodyAngle,
      depth: depth - rng.range(0, 1.5),
    };
    frames.push({ name, inferior, superior });
    lower = superior;
  });

  const sacrumMm = sacralOutline(rng, s1);

  // Fit: bounding box of everything that must be visible, plus margins, into the image.
  const l1Top = frames[frames.length - 1]?.superior.center ?? [0, -200];
  const extent = {
    top: l1Top[1] - 20,
    bottom: Math.max(hip[1] + r2 + 25, ...sacrumMm.map((p) => p[1] + 10)),
    left: Math.min(...frames.map((f) => f.superior.center[0] - 90), ...sacrumMm.map((p) => p[0] - 20)),
    right: Math.max(hip[0] + r2 + 40, ...frames.map((f) => f.superior.center[0] + 45)),
  };
  let pxPerMm = 1 / pixelSpacingMm;
  const shrink = Math.min(1, (height * 0.96) / ((extent.bottom - extent.top) * pxPerMm), (width * 0.96) / ((extent.right - extent.left) * pxPerMm));
  pxPerMm *= shrink;
  const spareX = width - (extent.right - extent.left) * pxPerMm;
  const spareY = height - (extent.bottom - extent.top) * pxPerMm;
  const ox = -extent.left * pxPerMm + spareX * rng.range(0.3, 0.6);
  const oy = -extent.top * pxPerMm + spareY * rng.range(0.35, 0.65);
  const px = (p: Vec2): Vec2 => [ox + p[0] * pxPerMm, oy + p[1] * pxPerMm];
  const mapEndplate = (f: Frame): Endplate => {
    const c = corners(f);
    return { anterior: px(c.anterior), posterior: px(c.posterior) };
  };

  return {
    pxPerMm,
    vertebrae: frames
      .map((f) => ({ name: f.name, superior: mapEndplate(f.superior), inferior: mapEndplate(f.inferior) }))
      .reverse(),
    s1: mapEndplate(s1),
    sacrum: sacrumMm.map(px),
    femoralHeads: [
      { center: px([hip[0] - offset[0] / 2, hip[1] - offset[1] / 2]), radius: r1 * pxPerMm },
      { center: px([hip[0] + offset[0] / 2, hip[1] + offset[1] / 2]), radius: r2 * pxPerMm },
    ],
    sampled: { PI, PT, SS, LL },
  };
}

/**
 * The sacrum below the S1 endplate: a wedge that tapers and curves posteriorly (sacral kyphosis),
 * in mm, in the S1 frame: along = anterior direction of the endplate, down = its caudal normal.
 */
function sacralOutline(rng: Rng, s1: Frame): Vec2[] {
  const e: Vec2 = [Math.cos(s1.angle), Math.sin(s1.angle)];
  const n: Vec2 = [-e[1], e[0]];
  const length = rng.range(95, 115);
  const bend = rng.range(25, 40);
  const half = s1.depth / 2;
  const at = (along: number, down: number): Vec2 => [s1.center[0] + e[0] * along + n[0] * down, s1.center[1] + e[1] * along + n[1] * down];
  const steps = 8;
  const anterior: Vec2[] = [];
  const posterior: Vec2[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    // Sacral kyphosis: the lower sacrum curves forward.
    const centre = bend * t * t;
    // S1 keeps its body depth for its first ~25 mm, then the sacrum thins towards the coccyx.
    const width = half * (t < 0.22 ? 1 : 1 - 0.78 * ((t - 0.22) / 0.78) ** 0.8);
    anterior.push(at(centre + width - (t < 0.22 ? 0 : 3 * t), length * t));
    // Behind the S1 body the sacral laminae and alae widen the bone posteriorly near the top.
    const back = t === 0 ? 0 : 14 * Math.sin(Math.PI * Math.min(1, t / 0.6));
    posterior.push(at(centre - width * (t === 0 ? 1 : t < 0.22 ? 1.05 : 0.9) - back, length * t));
  }
  return [...anterior, ...posterior.reverse()];
}
