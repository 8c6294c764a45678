/**
 * The bolus path of a VFSS cine (see `estimateBolusPath`) and a pixel's position along it
 * (`pathPosition`): the oral leg, the bend over the tongue base, and the pharyngeal line fitted
 * through the middle of the moving bolus. See common/vfss/track.ts for how the track uses it.
 */
import type { VfssAnatomy } from './schema';
import type { FrameMasks } from './bolusPieces';
import { movingBolus, type MovingBolus } from './movingBolus';

/** The bolus path as a polyline from the front of the mouth to below the frame, image px. */
export interface BolusPath {
  points: Array<[number, number]>;
}

/** Radius of the bend over the tongue base, in cervical segments (the UES band is one segment). */
const BEND_PER_SEGMENT = 0.45;
/** Pharyngeal line samples needed for a fit. */
const MIN_LINE_SAMPLES = 12;

/**
 * The bolus path of a cine from its anatomy and the analysed bolus masks (moving bolus only, so
 * residue resting in the pockets does not pull the line forward):
 * - pharyngeal centreline: x = quadratic in y, fitted (least squares, one round of outlier
 *   rejection) through the middle of the moving bolus in every other row from the bottom of the
 *   ramus band down, over all analysed frames;
 * - oral leg: the median row of the bolus centroid over frames whose bolus lies wholly above the
 *   ramus band (the bolus held in the mouth), else one segment above the ramus band;
 * - bend: the oral leg ends half a segment in front of the pharyngeal line and joins it half a
 *   segment lower (the tongue base).
 * While no frame shows bolus below the ramus the path is the oral leg alone (front to back). Null
 * when nothing is analysed or the bands lack the ramus.
 */
export function estimateBolusPath(frames: ReadonlyArray<FrameMasks | null>, anatomy: VfssAnatomy): BolusPath | null {
  return pathFromMoving(movingBolus(frames, anatomy), anatomy);
}

/** `estimateBolusPath` from the moving bolus of each frame (see `movingBolus`). */
export function pathFromMoving(moving: ReadonlyArray<MovingBolus | null>, anatomy: VfssAnatomy): BolusPath | null {
  const { bands, facing } = anatomy;
  const ramus = bands.ramus ?? { y0: bands.oralCavity?.y1 ?? NaN, y1: bands.vallecula?.y0 ?? NaN };
  const segment = segmentOf(anatomy);
  const first = moving.find((m) => m !== null);
  if (!first || !Number.isFinite(ramus.y0) || !Number.isFinite(ramus.y1) || !(segment > 0)) return null;
  const { width, height } = first;
  const oralRow = heldBolusRow(moving, ramus.y0) ?? ramus.y0 - segment;
  const anterior = facing === 'left' ? -1 : 1;
  const line = fitPharyngealLine(moving, ramus.y1);
  if (!line) {
    // No bolus below the ramus yet: the oral leg alone, front to back.
    return { points: [[width / 2 + anterior * 2 * width, oralRow], [width / 2 - anterior * 2 * width, oralRow]] };
  }
  const bend = BEND_PER_SEGMENT * segment;
  const xAt = (y: number): number => lineX(line, y);
  const points: Array<[number, number]> = [
    [xAt(oralRow) + anterior * 2 * width, oralRow],
    [xAt(oralRow) + anterior * bend, oralRow],
  ];
  // The pharyngeal curve sampled every half segment from the end of the bend to below the frame.
  const step = Math.max(4, segment / 2);
  for (let y = oralRow + bend; y < height + segment; y += step) points.push([xAt(y), y]);
  points.push([xAt(height + segment), height + segment]);
  return { points };
}

/**
 * Position along the bolus path of a pixel centre (x, y): arc length of the nearest point of the
 * path. Without a path (no anatomy) it is the row: only the descent is ordered.
 */
export function pathPosition(path: BolusPath | null, x: number, y: number): number {
  if (!path) return y;
  const projector = projectorOf(path);
  projector.project(x, y);
  return projector.s;
}

const projectors = new WeakMap<BolusPath, PathProjector>();

/** The path's projector, built once per path. */
export function projectorOf(path: BolusPath): PathProjector {
  let projector = projectors.get(path);
  if (!projector) {
    projector = new PathProjector(path.points);
    projectors.set(path, projector);
  }
  return projector;
}

/** Nearest-point projection onto a polyline; `project` leaves arc length in `s`, squared distance in `d2`. */
export class PathProjector {
  s = 0;
  d2 = 0;
  private readonly x0: Float64Array;
  private readonly y0: Float64Array;
  private readonly dx: Float64Array;
  private readonly dy: Float64Array;
  private readonly inv2: Float64Array;
  private readonly len: Float64Array;
  private readonly cum: Float64Array;

  constructor(points: ReadonlyArray<readonly [number, number]>) {
    const m = Math.max(0, points.length - 1);
    this.x0 = new Float64Array(m);
    this.y0 = new Float64Array(m);
    this.dx = new Float64Array(m);
    this.dy = new Float64Array(m);
    this.inv2 = new Float64Array(m);
    this.len = new Float64Array(m);
    this.cum = new Float64Array(m);
    let cum = 0;
    for (let i = 0; i < m; i++) {
      const [ax, ay] = points[i] as readonly [number, number];
      const [bx, by] = points[i + 1] as readonly [number, number];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      this.x0[i] = ax;
      this.y0[i] = ay;
      this.dx[i] = dx;
      this.dy[i] = dy;
      this.inv2[i] = len2 > 0 ? 1 / len2 : 0;
      this.len[i] = Math.sqrt(len2);
      this.cum[i] = cum;
      cum += Math.sqrt(len2);
    }
  }

  project(x: number, y: number): void {
    let best = Infinity;
    let bestS = 0;
    for (let i = 0; i < this.x0.length; i++) {
      const wx = x - (this.x0[i] as number);
      const wy = y - (this.y0[i] as number);
      const dx = this.dx[i] as number;
      const dy = this.dy[i] as number;
      let t = (wx * dx + wy * dy) * (this.inv2[i] as number);
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = wx - dx * t;
      const ey = wy - dy * t;
      const d2 = ex * ex + ey * ey;
      if (d2 < best) {
        best = d2;
        bestS = (this.cum[i] as number) + t * (this.len[i] as number);
      }
    }
    this.s = bestS;
    this.d2 = best;
  }
}

/** Height of one cervical segment from the bands: the UES band spans mid-C5 to mid-C6. */
function segmentOf(anatomy: VfssAnatomy): number {
  const ues = anatomy.bands.ues;
  if (ues && ues.y1 > ues.y0) return ues.y1 - ues.y0;
  const ramus = anatomy.bands.ramus;
  return ramus && ramus.y1 > ramus.y0 ? (ramus.y1 - ramus.y0) * (52.5 / 18) : NaN;
}

/** The centreline through the middle of the moving bolus below `fromRow` (see `estimateBolusPath`). */
function fitPharyngealLine(moving: ReadonlyArray<MovingBolus | null>, fromRow: number): PharyngealLine | null {
  const ys: number[] = [];
  const xs: number[] = [];
  const start = Math.max(0, Math.ceil(fromRow));
  for (const bolus of moving) {
    if (!bolus || bolus.pixels.length === 0) continue;
    const { width, height, pixels } = bolus;
    const minX = new Int32Array(height).fill(width);
    const maxX = new Int32Array(height).fill(-1);
    for (let i = 0; i < pixels.length; i++) {
      const p = pixels[i] as number;
      const x = p % width;
      const y = (p - x) / width;
      if (y < start) continue;
      if (x < (minX[y] as number)) minX[y] = x;
      if (x > (maxX[y] as number)) maxX[y] = x;
    }
    for (let y = start; y < height; y += 2) {
      if ((maxX[y] as number) < 0) continue;
      ys.push(y + 0.5);
      xs.push(((minX[y] as number) + (maxX[y] as number)) / 2 + 0.5);
    }
  }
  if (ys.length < MIN_LINE_SAMPLES) return null;
  const fit = fitCurve(ys, xs, null);
  if (!fit) return null;
  const residuals = ys.map((y, i) => Math.abs((xs[i] as number) - lineX(fit, y)));
  const sorted = [...residuals].sort((p, q) => p - q);
  const limit = Math.max(3, 2.5 * (sorted[Math.floor(sorted.length / 2)] as number));
  return fitCurve(ys, xs, residuals.map((r) => r <= limit)) ?? fit;
}

/**
 * The pharyngeal centreline: x = a + b·(y − y0) + c·(y − y0)² between the rows it was fitted on
 * (yMin..yMax), continued straight along its end tangent (slope within ±MAX_SLOPE) beyond them.
 */
interface PharyngealLine {
  y0: number;
  a: number;
  b: number;
  c: number;
  yMin: number;
  yMax: number;
}

/** Largest |dx/dy| of the pharyngeal line (≈ 22° from vertical: head posture and lordosis). */
const MAX_SLOPE = 0.4;

function lineX(line: PharyngealLine, y: number): number {
  const curve = (v: number): number => {
    const u = v - line.y0;
    return line.a + line.b * u + line.c * u * u;
  };
  const slope = (v: number): number => Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, line.b + 2 * line.c * (v - line.y0)));
  if (y < line.yMin) return curve(line.yMin) + slope(line.yMin) * (y - line.yMin);
  if (y > line.yMax) return curve(line.yMax) + slope(line.yMax) * (y - line.yMax);
  return curve(y);
}

/**
 * Least-squares x = a + b·(y − y0) + c·(y − y0)² over the kept samples (y0 = their mean row): the
 * pharynx follows the cervical lordosis, so its centreline is gently curved.
 */
function fitCurve(ys: number[], xs: number[], keep: boolean[] | null): PharyngealLine | null {
  let n = 0;
  let mean = 0;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < ys.length; i++) {
    if (keep && !keep[i]) continue;
    const y = ys[i] as number;
    n++;
    mean += y;
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  if (n < MIN_LINE_SAMPLES) return null;
  mean /= n;
  // Normal equations of the quadratic fit (3×3), solved by Cramer's rule.
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < ys.length; i++) {
    if (keep && !keep[i]) continue;
    const u = (ys[i] as number) - mean;
    const x = xs[i] as number;
    s1 += u;
    s2 += u * u;
    s3 += u * u * u;
    s4 += u * u * u * u;
    t0 += x;
    t1 += x * u;
    t2 += x * u * u;
  }
  const det3 = (m: number[]): number =>
    (m[0] as number) * ((m[4] as number) * (m[8] as number) - (m[5] as number) * (m[7] as number)) -
    (m[1] as number) * ((m[3] as number) * (m[8] as number) - (m[5] as number) * (m[6] as number)) +
    (m[2] as number) * ((m[3] as number) * (m[7] as number) - (m[4] as number) * (m[6] as number));
  const matrix = [n, s1, s2, s1, s2, s3, s2, s3, s4];
  const det = det3(matrix);
  const spread = s2 / n;
  if (Math.abs(det) < 1e-9 || spread < 4) {
    return { y0: mean, a: t0 / n, b: 0, c: 0, yMin, yMax };
  }
  const a = det3([t0, s1, s2, t1, s2, s3, t2, s3, s4]) / det;
  const b = det3([n, t0, s2, s1, t1, s3, s2, t2, s4]) / det;
  const c = det3([n, s1, t0, s1, s2, t1, s2, s3, t2]) / det;
  return { y0: mean, a, b, c, yMin, yMax };
}

/** Median centroid row of the moving bolus over frames whose bolus lies wholly above `aboveRow`. */
function heldBolusRow(moving: ReadonlyArray<MovingBolus | null>, aboveRow: number): number | null {
  const rows: number[] = [];
  for (const bolus of moving) {
    if (!bolus || bolus.pixels.length === 0) continue;
    const { width, pixels } = bolus;
    let sum = 0;
    let lowest = 0;
    for (let i = 0; i < pixels.length; i++) {
      const y = Math.floor((pixels[i] as number) / width);
      sum += y + 0.5;
      if (y > lowest) lowest = y;
    }
    if (lowest + 1 <= aboveRow) rows.push(sum / pixels.length);
  }
  if (rows.length === 0) return null;
  rows.sort((p, q) => p - q);
  return rows[Math.floor(rows.length / 2)] as number;
}
