/**
 * Bone shapes of the lateral neck in image pixels: cervical vertebrae (bodies with cortical rims,
 * articular pillars, spinous processes, C1 arches, dens), skull base, mandible, teeth and hard
 * palate, and the hyoid. Shapes are built from the canonical layout through the pose, so a
 * structure's mask and its drawing come from the same Shape.
 */
import type { Rng } from '../random';
import { capsule, ellipse, polygon, roundedBox, type Shape, type Vec2 } from '../shapes';
import type { VfssLayout } from './layout';

/** A bone part with its densities (relative attenuation units; soft tissue is ~0.9). */
export interface BonePart {
  shape: Shape;
  interior: number;
  rim: number;
  /** Cortical thickness, image px. */
  rimWidth: number;
  /** How much the trabecular texture modulates the interior (0 = smooth). */
  texture: number;
}

export function cervicalSpineParts(layout: VfssLayout): BonePart[] {
  const { pose, anteriorU, columnTilt, bodyDepth: d } = layout;
  const k = pose.scale;
  const parts: BonePart[] = [];
  const spinousLength: Record<string, number> = { C2: 46, C3: 32, C4: 35, C5: 38, C6: 46, C7: 60 };

  for (const level of layout.levels) {
    const mid = (level.top + level.bottom) / 2;
    const half = (level.bottom - level.top) / 2;
    const t = columnTilt(mid);
    const [cx, cy] = pose.p(anteriorU(mid) + (Math.cos(t) * d) / 2, mid - (Math.sin(t) * d) / 2);
    parts.push({
      shape: roundedBox(cx, cy, pose.len(d / 2), pose.len(half), pose.angle(-t), pose.len(7)),
      interior: 0.42,
      rim: 0.9,
      rimWidth: 3 * k,
      texture: 0.5,
    });

    // Posterior elements: articular pillar (a parallelogram in the lateral view, facets sloping
    // down and back) and the spinous process.
    const uP = anteriorU(mid) + d;
    const pillar = pose.points([
      [uP + 2, level.top + 6],
      [uP + 36, level.top - 4],
      [uP + 42, level.bottom - 2],
      [uP + 6, level.bottom + 8],
    ]);
    parts.push({ shape: polygon(pillar, 4 * k), interior: 0.3, rim: 0.6, rimWidth: 2.5 * k, texture: 0.4 });
    const big = level.name === 'C2';
    const len = spinousLength[level.name] ?? 50;
    parts.push({
      shape: capsule(pose.p(uP + 30, mid), pose.p(uP + 38 + len, mid + (big ? 8 : 12 + len * 0.2)), pose.len(big ? 12 : 9), pose.len(big ? 9 : 5.5)),
      interior: 0.32,
      rim: 0.6,
      rimWidth: 2.5 * k,
      texture: 0.2,
    });
  }

  // C2's dens rises behind C1's anterior arch; C1 has a posterior arch and a lateral mass that
  // overlaps the dens.
  const c2 = layout.levels[0];
  if (c2) {
    const densBase = c2.top + 10;
    parts.push({
      shape: capsule(pose.p(anteriorU(densBase) + d * 0.48, densBase), pose.p(anteriorU(layout.densTip) + d * 0.5, layout.densTip + 12), pose.len(14), pose.len(11)),
      interior: 0.5,
      rim: 1.0,
      rimWidth: 3 * k,
      texture: 0.3,
    });
  }
  const c1v = layout.densTip + 30;
  const uP1 = anteriorU(c1v) + d;
  parts.push(
    {
      shape: ellipse(...pose.p(anteriorU(c1v) - 14, c1v), pose.len(8), pose.len(12), pose.angle(0)),
      interior: 0.55,
      rim: 1.0,
      rimWidth: 2.5 * k,
      texture: 0.2,
    },
    {
      shape: roundedBox(...pose.p(anteriorU(c1v) + d / 2 + 8, c1v + 4), pose.len(24), pose.len(13), pose.angle(0), pose.len(8)),
      interior: 0.3,
      rim: 0.5,
      rimWidth: 2 * k,
      texture: 0.3,
    },
    {
      shape: capsule(pose.p(uP1 + 25, c1v + 2), pose.p(uP1 + 92, c1v - 6), pose.len(7), pose.len(8)),
      interior: 0.45,
      rim: 0.85,
      rimWidth: 2.5 * k,
      texture: 0.2,
    },
    {
      shape: ellipse(...pose.p(uP1 + 100, c1v - 6), pose.len(12), pose.len(9), pose.angle(0.3)),
      interior: 0.45,
      rim: 0.85,
      rimWidth: 2.5 * k,
      texture: 0.2,
    },
  );
  return parts;
}

/** Occiput, clivus and mastoid: dense skull base at the top, behind the pharynx. */
export function skullBaseParts(layout: VfssLayout): BonePart[] {
  const { pose, anteriorU, densTip } = layout;
  const k = pose.scale;
  const basionU = anteriorU(densTip) + 12;
  const occiput = pose.points([
    [basionU, densTip - 14],
    [basionU + 50, densTip - 8],
    [basionU + 110, densTip - 22],
    [560, densTip - 48],
    [560, -60],
    [basionU + 20, -60],
    [basionU - 40, 10],
  ]);
  return [
    { shape: polygon(occiput, 4 * k), interior: 0.75, rim: 1.2, rimWidth: 6 * k, texture: 0.3 },
    {
      shape: polygon(pose.points([[basionU - 2, densTip - 12], [basionU - 22, densTip - 24], [basionU - 100, -50], [basionU - 55, -50]]), 5 * k),
      interior: 0.32,
      rim: 0.5,
      rimWidth: 4 * k,
      texture: 0.3,
    },
    {
      // Mastoid: air cells make it bubbly rather than solid.
      shape: ellipse(...pose.p(basionU + 62, densTip - 4), pose.len(20), pose.len(32), pose.angle(1.4)),
      interior: 0.35,
      rim: 0.7,
      rimWidth: 3 * k,
      texture: 0.8,
    },
  ];
}

export interface JawParts {
  mandible: BonePart[];
  /** Upper jaw: hard palate, maxilla, upper teeth. */
  maxilla: BonePart[];
  /** Dental fillings and crowns: metal, denser than barium. */
  metal: Shape[];
}

export function jawParts(layout: VfssLayout, rng: Rng, withMetal: boolean): JawParts {
  const { pose, gonion: g, chin: c, condyle: kd, palateV } = layout;
  const k = pose.scale;
  const occlusal = palateV + 46;
  const menton: Vec2 = [c[0] + 14, c[1] + 22];
  const outline = (du: number, dv: number): Vec2[] =>
    pose.points(
      [
        menton,
        c,
        [c[0] + 2, c[1] - 28],
        [c[0] + 12, occlusal + 26],
        [160, occlusal + 24],
        [215, occlusal + 22],
        [g[0] - 40, occlusal + 18],
        [g[0] - 38, occlusal - 20],
        [g[0] - 36, kd[1] + 6],
        [kd[0] - 22, kd[1] + 32],
        [kd[0] - 9, kd[1] + 14],
        [kd[0], kd[1] - 2],
        [kd[0] + 11, kd[1] + 6],
        [kd[0] + 6, kd[1] + 24],
        [g[0] + 12, (kd[1] + g[1]) / 2],
        [g[0] + 6, g[1] - 16],
        g,
        [g[0] - 30, g[1] + 10],
        [(g[0] + menton[0]) / 2, (g[1] + menton[1]) / 2 + 6],
      ].map(([u, v]) => [(u as number) + du, (v as number) + dv] as Vec2),
    );
  // Left and right halves of the jaw project with a small offset (different magnification and a
  // slightly rotated head), which gives the doubled inferior border and ramus of real laterals.
  const [bu, bv] = [rng.range(4, 12), rng.range(2, 8)];
  const mandible: BonePart[] = [
    { shape: polygon(outline(0, 0), 6 * k), interior: 0.13, rim: 0.5, rimWidth: 5 * k, texture: 0.4 },
    { shape: polygon(outline(bu, bv), 6 * k), interior: 0.13, rim: 0.5, rimWidth: 5 * k, texture: 0.4 },
  ];
  const maxilla: BonePart[] = [
    {
      // Hard palate: a thin plate arched upwards, thicker in front.
      shape: polygon(pose.points([[100, palateV - 3], [180, palateV - 7], [266, palateV + 1], [266, palateV + 4], [180, palateV - 1], [102, palateV + 5]]), 2 * k),
      interior: 0.55,
      rim: 0.7,
      rimWidth: 1.5 * k,
      texture: 0,
    },
  ];

  const metal: Shape[] = [];
  const teeth: Array<[number, number]> = [
    [103, 7],
    [122, 8],
    [146, 8.5],
    [167, 8.5],
    [192, 12.5],
    [219, 12.5],
    [245, 12],
  ];
  teeth.forEach(([u0, hw0], i) => {
    const lean = i === 0 ? 0.3 : i === 1 ? 0.15 : 0;
    for (const side of [0, 1]) {
      for (const upper of [true, false]) {
        if (i === teeth.length - 1 && rng.chance(0.35)) continue; // missing third molar
        const u = u0 + side * bu + rng.normal(0, 1.5);
        const hw = hw0 * rng.range(0.85, 1.1);
        const dv = side * bv;
        const tilt = (upper ? lean : -lean * 0.6) + rng.normal(0, 0.05);
        // Crown at the occlusal plane, tapering roots into the jaw (two for molars).
        const sign = upper ? -1 : 1;
        const crownV = occlusal + sign * 8 + dv;
        const crown = ellipse(...pose.p(u, crownV), pose.len(hw * 1.15), pose.len(rng.range(7, 10)), pose.angle(tilt * 0.5));
        const rootLength = rng.range(20, 27);
        const roots = i >= 4 ? [-0.45, 0.45] : [0];
        const target = upper ? maxilla : mandible;
        target.push({ shape: crown, interior: 0.32, rim: 0.42, rimWidth: 1.8 * k, texture: 0 });
        for (const spread of roots) {
          const base: Vec2 = [u + spread * hw, crownV + sign * 6];
          const apex: Vec2 = [u + spread * hw * 1.4 + sign * tilt * rootLength, crownV + sign * (6 + rootLength)];
          const width = hw * (roots.length > 1 ? 0.38 : 0.55);
          target.push({ shape: capsule(pose.p(...base), pose.p(...apex), pose.len(width), pose.len(width * 0.35)), interior: 0.16, rim: 0.24, rimWidth: 1.5 * k, texture: 0 });
        }
        if (withMetal && side === 0 && i >= 4 && rng.chance(0.3)) {
          metal.push(roundedBox(...pose.p(u + rng.range(-3, 3), upper ? occlusal - 5 : occlusal + 5), pose.len(hw * rng.range(0.4, 0.8)), pose.len(rng.range(3, 6)), pose.angle(0), pose.len(2)));
        }
      }
    }
  });
  return { mandible, maxilla, metal };
}

/** The hyoid (body and greater horn) with its body centred at canonical point `at`. */
export function hyoidParts(layout: VfssLayout, at: Vec2): BonePart[] {
  const { pose } = layout;
  const k = pose.scale;
  const [u, v] = at;
  return [
    {
      shape: ellipse(...pose.p(u, v), pose.len(13), pose.len(6), pose.angle(-0.5)),
      interior: 0.5,
      rim: 0.95,
      rimWidth: 2.5 * k,
      texture: 0,
    },
    {
      shape: capsule(pose.p(u + 6, v - 2), pose.p(u + 48, v - 18), pose.len(3.5), pose.len(2.2)),
      interior: 0.5,
      rim: 0.8,
      rimWidth: 1.5 * k,
      texture: 0,
    },
  ];
}
