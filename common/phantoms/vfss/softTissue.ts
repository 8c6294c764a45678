/**
 * Soft tissue and air of the lateral neck: the body silhouette (air in front of the face and neck
 * is the brightest part of a VFSS frame), the airways (nasal cavity, pharynx, trachea, laryngeal
 * vestibule), and the shoulders, a dark mass that hides the lower cervical spine.
 */
import { clamp, type Rng } from '../random';
import { capsule, ellipse, polygon, union, type Shape, type Vec2 } from '../shapes';
import { addShape, coverage, fillPolygon, forEachPixel, gaussianBlur, pixelBox } from '../raster';
import { valueNoise } from '../noise';
import type { VfssLayout } from './layout';

/** Soft-tissue attenuation of the full neck thickness. */
const SOFT_TISSUE = 1.0;
/** Attenuation removed by an air-filled airway. */
export const AIRWAY_AIR = 0.42;

export function addBodySoftTissue(
  target: Float32Array,
  width: number,
  height: number,
  layout: VfssLayout,
  rng: Rng,
): void {
  const { pose, chin: c, hyoidRest: h, anteriorU } = layout;
  const outline = pose.points([
    [60, -120],
    [38, 45],
    [72, 92],
    [66, 128],
    [70, 160],
    [74, 192],
    [c[0] - 2, c[1] - 30],
    [c[0] - 12, c[1]],
    [c[0] + 6, c[1] + 40],
    [c[0] + 60, c[1] + 62],
    [h[0] - 15, h[1] + 38],
    [anteriorU(420) - 104, 420],
    [anteriorU(540) - 98, 540],
    [anteriorU(680) - 90, 700],
    [700, 700],
    [700, -120],
  ]);
  const cover = new Float32Array(width * height);
  fillPolygon(cover, width, height, outline, 1);
  gaussianBlur(cover, width, height, 2 * pose.scale);
  const noise = valueNoise(rng.fork('thickness'), width, height, Math.max(8, 48 * pose.scale), 3);
  const { dudx } = pose.inverseSteps();
  for (let y = 0; y < height; y++) {
    let u = pose.inverse(0.5, y + 0.5)[0];
    for (let x = 0; x < width; x++, u += dudx) {
      const i = y * width + x;
      const c = cover[i] as number;
      if (c <= 0) continue;
      // The lateral projection crosses more tissue through the neck and shoulders than the face.
      const thickness = 0.62 + 0.55 * smoothstep((u - 60) / 420);
      target[i] = (target[i] as number) + c * SOFT_TISSUE * thickness * (1 + 0.07 * (noise[i] as number));
    }
  }
}

/** Outline (image px) of the naso-, oro- and hypopharyngeal lumen: the air a swallow squeezes out. */
export function pharynxOutline(layout: VfssLayout): Vec2[] {
  const { pose, pharynxU, palateV, oralV, valleculaBottom: vb, uesTop } = layout;
  const posterior: Vec2[] = [];
  for (let v = palateV - 45; v < uesTop - 4; v += 12) posterior.push([pharynxU(Math.max(v, oralV)) + 14 + (v < oralV ? 4 : 0), v]);
  posterior.push([pharynxU(uesTop - 4) + 6, uesTop - 4]);
  const anterior: Vec2[] = [];
  for (let v = uesTop - 4; v > vb; v -= 10) {
    const f = (uesTop - v) / (uesTop - vb);
    anterior.push([pharynxU(v) - 4 - 6 * f, v]);
  }
  for (let v = vb; v > vb - 26; v -= 6) anterior.push([pharynxU(v) - 24, v]);
  for (let v = vb - 30; v > oralV + 8; v -= 12) anterior.push([pharynxU(v) - 15, v]);
  anterior.push(
    [pharynxU(oralV) - 6, oralV + 8],
    [pharynxU(oralV) + 2, oralV - 6],
    [288, palateV + 10],
    [268, palateV + 2],
    [266, palateV - 45],
  );
  return pose.points([...posterior, ...anterior]);
}

/** Static airways other than the pharynx: nasal cavity (with turbinates) and trachea. */
export function addStaticAirways(
  target: Float32Array,
  width: number,
  height: number,
  layout: VfssLayout,
  rng: Rng,
): void {
  const { pose, palateV, anteriorU, vestibule, valleculaBottom: vb } = layout;
  // Nasal cavity and maxillary sinus: overlapping soft-edged air blobs with turbinate texture.
  const blobs: Array<[Shape, number]> = [
    [ellipse(...pose.p(rng.range(165, 190), palateV - rng.range(34, 44)), pose.len(rng.range(45, 60)), pose.len(rng.range(24, 32)), pose.angle(rng.normal(0, 0.1))), 0.2],
    [ellipse(...pose.p(rng.range(190, 215), palateV - rng.range(70, 85)), pose.len(rng.range(75, 95)), pose.len(rng.range(38, 50)), pose.angle(rng.normal(0, 0.1))), 0.16],
  ];
  const soft = 14 * pose.scale;
  const region = pixelBox(union(blobs.map(([b]) => b)), width, height, soft);
  const rw = Math.max(1, region.x1 - region.x0);
  const turbinates = valueNoise(rng.fork('turbinates'), rw, Math.max(1, region.y1 - region.y0), Math.max(4, 14 * pose.scale), 2, 0.5, 3);
  for (const [blob, amount] of blobs) {
    forEachPixel(blob, width, height, soft, (i, d, x, y) => {
      const cov = coverage(d / soft);
      const t = turbinates[(y - region.y0) * rw + (x - region.x0)] ?? 0;
      if (cov > 0) target[i] = (target[i] as number) - cov * amount * clamp(0.6 + 0.8 * t, 0.1, 1.3);
    });
  }

  const trachea: Vec2[] = [];
  const top = vestibule[1] + 26;
  for (let v = top; v <= 700; v += 20) trachea.push([anteriorU(v) - 58 - 12, v]);
  for (let v = 700; v >= top; v -= 20) trachea.push([anteriorU(v) - 58 + 12, v]);
  addShape(target, width, height, polygon(pose.points(trachea), 3 * pose.scale), -0.34, 3 * pose.scale);

  // The epiglottis is tissue standing in the pharyngeal air: put some attenuation back.
  const epiglottis = capsule(
    pose.p(layout.pharynxU(vb + 12) - 14, vb + 12),
    pose.p(layout.pharynxU(vb - 36) - 4, vb - 36),
    pose.len(3.5),
    pose.len(2.5),
  );
  addShape(target, width, height, epiglottis, AIRWAY_AIR * 0.8, 1.5 * pose.scale);
}

/** Laryngeal vestibule air at a canonical centre, scaled by how open it is (LVC closes it). */
export function vestibuleShape(layout: VfssLayout, center: Vec2, open: number): Shape {
  const { pose } = layout;
  return ellipse(...pose.p(center[0], center[1]), pose.len(7 * (0.3 + 0.7 * open)), pose.len(16 * open), pose.angle(0.15));
}

/** Shoulders and clavicle: attenuation rising below a line that slopes down anteriorly. */
export function addShoulders(
  target: Float32Array,
  width: number,
  height: number,
  layout: VfssLayout,
  amount: number,
  rng: Rng,
): void {
  const { pose, levels } = layout;
  const c5 = levels.find((l) => l.name === 'C5');
  const top = (c5 ? c5.bottom : 400) + rng.range(-15, 20);
  const ramp = 45;
  const { dudx, dvdx } = pose.inverseSteps();
  for (let y = 0; y < height; y++) {
    let [u, v] = pose.inverse(0.5, y + 0.5);
    for (let x = 0; x < width; x++, u += dudx, v += dvdx) {
      const edge = top + 0.0011 * (u - 440) * (u - 440);
      if (v <= edge) continue;
      const i = y * width + x;
      target[i] = (target[i] as number) + amount * smoothstep((v - edge) / ramp);
    }
  }
  const clavicle = capsule(pose.p(120, top + 90), pose.p(470, top + 40), pose.len(11), pose.len(9));
  addShape(target, width, height, clavicle, 0.45, 4 * pose.scale);
}

/** An earring: a thin metal ring below the ear. */
export function earringShape(layout: VfssLayout, rng: Rng): Shape {
  const { pose, condyle } = layout;
  const [cx, cy] = pose.p(condyle[0] + rng.range(25, 40), condyle[1] + rng.range(55, 75));
  const r = pose.len(rng.range(7, 12));
  const wire = pose.len(1.4);
  return {
    x0: cx - r - wire,
    y0: cy - r - wire,
    x1: cx + r + wire,
    y1: cy + r + wire,
    sdf: (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - wire,
  };
}

function smoothstep(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}
