/**
 * Samples one patient's VFSS anatomy: where the cervical vertebrae, mandible, hyoid, airway and the
 * bolus path are, in the canonical frame (see pose.ts), plus the derived truth the app measures
 * against (anatomical bands along the bolus path, C2-C4 length).
 *
 * Canonical scale is about 0.33 mm per unit (a 512-pixel VFSS frame covers ~17 cm). Levels follow
 * the usual lateral neck: mandibular angle at C2-C3, hyoid at C3-C4, pyriform sinuses at C4-C5,
 * cricopharyngeus (UES) at C5-C6, oesophagus below.
 */
import { clamp, type Rng } from '../random';
import { smoothOpen, type Vec2 } from '../shapes';
import { Polyline } from '../polyline';
import { CANONICAL_SIZE, Pose } from './pose';

export type BandName = 'oralCavity' | 'ramus' | 'vallecula' | 'pyriformSinus' | 'ues' | 'esophagus';
export type Bands = Record<BandName, { y0: number; y1: number }>;

export interface VertebraLevel {
  name: 'C2' | 'C3' | 'C4' | 'C5' | 'C6' | 'C7';
  /** Canonical v of the body's superior and inferior endplates (at the column axis). */
  top: number;
  bottom: number;
}

export interface VfssLayout {
  pose: Pose;
  facing: 'left' | 'right';
  /** Canonical anterior border of the vertebral column at height v (cervical lordosis). */
  anteriorU(v: number): number;
  /** Canonical tilt of the column axis at v (radians, du/dv as an angle). */
  columnTilt(v: number): number;
  bodyDepth: number;
  levels: VertebraLevel[];
  densTip: number;
  palateV: number;
  oralV: number;
  gonion: Vec2;
  chin: Vec2;
  condyle: Vec2;
  hyoidRest: Vec2;
  /** Canonical displacement of the hyoid at peak excursion (anterior and superior). */
  hyoidExcursion: Vec2;
  vestibule: Vec2;
  /** Canonical heights of the vallecula floor and of the UES (cricopharyngeus) top and bottom. */
  valleculaBottom: number;
  uesTop: number;
  uesBottom: number;
  /** Canonical centreline u of the pharynx/oesophagus at height v. */
  pharynxU(v: number): number;
  /** Bolus path in image pixels, from the front of the oral cavity to below the frame. */
  path: Polyline;
  /** Arc length on `path` where the path leaves the oral cavity and turns down the pharynx. */
  pharynxStartS: number;
  /** Lumen half-width (image px) available to the bolus at arc length s. */
  halfWidthAt(s: number): number;
  pockets: { vallecula: Vec2; pyriform: Vec2 };
  pocketS: { vallecula: number; pyriform: number };
  bands: Bands;
  c2c4LengthPx: number;
  /** Canonical C2 and C4 anterior-inferior corners. */
  c2Corner: Vec2;
  c4Corner: Vec2;
}

export function sampleVfssLayout(
  rng: Rng,
  width: number,
  height: number,
  facing: 'left' | 'right',
): VfssLayout {
  const size = Math.min(width, height);
  const scale = (size / CANONICAL_SIZE) * rng.range(0.9, 1.05);
  const rotation = (clamp(rng.normal(0, 3), -7, 7) * Math.PI) / 180;
  const pose = new Pose(
    scale,
    rotation,
    width / 2 + rng.range(-0.03, 0.03) * size,
    height / 2 + rng.range(-0.03, 0.02) * size,
    facing === 'right',
  );

  const anteriorBase = rng.range(322, 336);
  const lordosis = rng.range(6, 18);
  const anteriorU = (v: number): number =>
    anteriorBase - lordosis * Math.sin((Math.PI * (v - 100)) / 450);
  const columnTilt = (v: number): number =>
    Math.atan(-lordosis * (Math.PI / 450) * Math.cos((Math.PI * (v - 100)) / 450));
  const bodyDepth = rng.range(44, 52);

  const c2Bottom = rng.range(236, 250);
  const bodyHeight = rng.range(38, 44);
  const disc = rng.range(10, 13);
  const levels: VertebraLevel[] = [{ name: 'C2', top: c2Bottom - 50, bottom: c2Bottom }];
  for (const name of ['C3', 'C4', 'C5', 'C6', 'C7'] as const) {
    const top = (levels[levels.length - 1] as VertebraLevel).bottom + disc + rng.range(-1, 1);
    levels.push({ name, top, bottom: top + bodyHeight + rng.range(-2, 2) });
  }
  const level = (name: VertebraLevel['name']): VertebraLevel =>
    levels.find((l) => l.name === name) as VertebraLevel;
  const densTip = c2Bottom - rng.range(100, 112);

  const palateV = rng.range(118, 132);
  const oralV = palateV + rng.range(36, 46);
  const gonion: Vec2 = [anteriorU(c2Bottom) - rng.range(18, 34), c2Bottom + rng.range(-12, 6)];
  const chin: Vec2 = [rng.range(92, 112), rng.range(240, 262)];
  const condyle: Vec2 = [anteriorU(densTip) + rng.range(-4, 8), densTip + rng.range(-14, 0)];

  const c3 = level('C3');
  const hyoidV = c3.bottom + rng.range(-2, 16);
  const hyoidRest: Vec2 = [anteriorU(hyoidV) - rng.range(84, 100), hyoidV];
  const hyoidExcursion: Vec2 = [-rng.range(14, 28), -rng.range(18, 34)];
  const vestibule: Vec2 = [anteriorU(hyoidV + 32) - rng.range(44, 52), hyoidV + 32];

  const valleculaBottom = hyoidV - rng.range(5, 12);
  const c5 = level('C5');
  const c6 = level('C6');
  const uesTop = (c5.top + c5.bottom) / 2;
  const uesBottom = (c6.top + c6.bottom) / 2;

  // Distance from the front of the spine to the pharyngeal centreline: prevertebral soft tissue plus
  // half the lumen; narrower at the UES where the lumen is collapsed.
  const gapOro = rng.range(22, 27);
  const gapUes = rng.range(16, 20);
  const gap = (v: number): number =>
    v <= valleculaBottom
      ? gapOro
      : v >= uesTop
        ? gapUes
        : gapOro + ((gapUes - gapOro) * (v - valleculaBottom)) / (uesTop - valleculaBottom);
  const pharynxU = (v: number): number => anteriorU(v) - gap(v);

  const oralPoints: Vec2[] = [
    [118, oralV + 4],
    [160, oralV],
    [205, oralV - 4],
    [245, oralV - 5],
    [pharynxU(oralV) - 22, oralV + 4],
  ];
  const pharynxPoints: Vec2[] = [];
  for (let v = oralV + 30; v <= CANONICAL_SIZE + 120; v += 20) pharynxPoints.push([pharynxU(v), v]);
  const canonicalPath = smoothOpen([...oralPoints, ...pharynxPoints], 4);
  const path = new Polyline(pose.points(canonicalPath));

  const imageY = (v: number): number => pose.p(pharynxU(v), v)[1];
  const ramusBand = 18;
  const bands: Bands = {
    oralCavity: { y0: imageY(palateV), y1: imageY(gonion[1] - ramusBand) },
    ramus: { y0: imageY(gonion[1] - ramusBand), y1: imageY(gonion[1]) },
    vallecula: { y0: imageY(gonion[1]), y1: imageY(valleculaBottom) },
    pyriformSinus: { y0: imageY(valleculaBottom), y1: imageY(uesTop) },
    ues: { y0: imageY(uesTop), y1: imageY(uesBottom) },
    esophagus: { y0: imageY(uesBottom), y1: height },
  };

  const pharynxStartS = path.firstCrossingBelow(imageY(oralV + 30));
  const k = pose.scale;
  // Half-widths in canonical units along the way: wide oral cavity, narrowing pharynx, a tight
  // UES, a collapsed but distensible oesophagus.
  const widthStops: Array<[number, number]> = [
    [0, 18],
    [pharynxStartS, 18],
    [path.firstCrossingBelow(bands.vallecula.y1, pharynxStartS), 16],
    [path.firstCrossingBelow(bands.ues.y0, pharynxStartS), 13],
    [path.firstCrossingBelow((bands.ues.y0 + bands.ues.y1) / 2, pharynxStartS), 9],
    [path.firstCrossingBelow(bands.ues.y1, pharynxStartS), 10],
  ];
  const halfWidthAt = (s: number): number => k * piecewiseLinear(widthStops, s);

  const vallecula: Vec2 = [pharynxU(valleculaBottom - 8) - rng.range(12, 18), valleculaBottom - 8];
  const pyriform: Vec2 = [pharynxU(uesTop - 14) - 2, uesTop - 14];
  const pockets = { vallecula: pose.p(...vallecula), pyriform: pose.p(...pyriform) };
  const pocketS = {
    vallecula: path.firstCrossingBelow(pockets.vallecula[1], pharynxStartS),
    pyriform: path.firstCrossingBelow(pockets.pyriform[1], pharynxStartS),
  };

  const c2Corner = anteriorInferiorCorner(anteriorU, columnTilt, level('C2'));
  const c4Corner = anteriorInferiorCorner(anteriorU, columnTilt, level('C4'));
  const [ax, ay] = pose.p(...c2Corner);
  const [bx, by] = pose.p(...c4Corner);

  return {
    pose,
    facing,
    anteriorU,
    columnTilt,
    bodyDepth,
    levels,
    densTip,
    palateV,
    oralV,
    gonion,
    chin,
    condyle,
    hyoidRest,
    hyoidExcursion,
    vestibule,
    valleculaBottom,
    uesTop,
    uesBottom,
    pharynxU,
    path,
    pharynxStartS,
    halfWidthAt,
    pockets,
    pocketS,
    bands,
    c2c4LengthPx: Math.hypot(bx - ax, by - ay),
    c2Corner,
    c4Corner,
  };
}

/** Canonical anterior-inferior corner of a vertebral body (NRRS's C2-C4 reference points). */
function anteriorInferiorCorner(
  anteriorU: (v: number) => number,
  columnTilt: (v: number) => number,
  level: VertebraLevel,
): Vec2 {
  const mid = (level.top + level.bottom) / 2;
  const half = (level.bottom - level.top) / 2;
  const t = columnTilt(mid);
  // The body's vertical axis leans by the column tilt; step down it from the front at mid-height.
  return [anteriorU(mid) + Math.sin(t) * half, mid + Math.cos(t) * half];
}

function piecewiseLinear(stops: ReadonlyArray<readonly [number, number]>, x: number): number {
  const first = stops[0];
  if (!first) return 0;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < stops.length; i++) {
    const [x1, y1] = stops[i] as readonly [number, number];
    const [x0, y0] = stops[i - 1] as readonly [number, number];
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return (stops[stops.length - 1] as readonly [number, number])[1];
}
