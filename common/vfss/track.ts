/**
 * The per-frame bolus track of a VFSS cine: bolus area, the head (leading point) and tail (trailing
 * point) of the moving bolus along its path, the anatomical band each lies in, and the model's
 * confidence. Computed from bolus masks and the reference anatomy only.
 *
 * Path (see `estimateBolusPath`): the swallow runs front-to-back through the oral cavity, bends down
 * over the tongue base, and runs down the pharynx into the oesophagus. The path is a polyline: an
 * oral leg along the row where the held bolus lies, a bend of about half a cervical segment, and the
 * pharyngeal line fitted through the middle of the bolus in the rows below the ramus over all
 * analysed frames. A pixel's path position is the arc length of its nearest point on that polyline
 * (the phantom's ground truth is defined the same way on its own centreline).
 *
 * Head and tail: the moving bolus is the bolus mask less speckle (small pieces with no bolus near
 * them in the frames before and after, see `isSpeckle`) and less resting residue (small pieces
 * that stay put in the valleculae or pyriform sinuses, see `isRestingResidue`); the head is its
 * pixel furthest along the path, the tail its pixel least far along (between pixels equally far
 * along, the one nearest the path). The path and the residue test use the neighbouring frames, so
 * a frame's head can change when more frames are analysed.
 */
import type { TrackPoint, VfssAnatomy } from './schema';
import { bandAt } from './anatomy';

export interface FrameMasks {
  width: number;
  height: number;
  /** 0/1 per pixel, row-major. */
  bolus: Uint8Array;
  /** The model's mean bolus probability inside its mask; null for a person's mask. */
  confidence: number | null;
  /** A person edited or reviewed this frame's mask. */
  edited: boolean;
}

/** The bolus path as a polyline from the front of the mouth to below the frame, image px. */
export interface BolusPath {
  points: Array<[number, number]>;
}

/** Pieces smaller than this (per 512² frame) are noise. */
const MIN_PIECE_PX = 6;
/** Pieces smaller than this (per 512² frame) may be speckle (see `isSpeckle`). */
const SPECKLE_PX = 60;
/** How far (px per 512² frame) a drop of barium may move between frames. */
const NEAR_PX = 16;
/** Frames ahead (or, at the end of the cine, back) that decide whether a piece is resting. */
const REST_LAGS = [3, 6, 10];
/** Resting: REST_COVER of the bolus around a piece is within REST_REACH_PX (per 512² frame) of bolus in a later frame, both ways. */
const REST_REACH_PX = 2;
const REST_COVER = 0.75;
/** Resting residue is at most this fraction of the largest bolus piece seen in the cine. */
const RESIDUE_MAX_SHARE = 0.2;
/** Radius of the bend over the tongue base, in cervical segments (the UES band is one segment). */
const BEND_PER_SEGMENT = 0.45;
/** Pharyngeal line samples needed for a fit. */
const MIN_LINE_SAMPLES = 12;

/**
 * One TrackPoint per entry; a null entry (frame not analysed yet) gives analyzed:false with zero
 * area and no head or tail. areaPx counts the whole bolus mask (residue included); head and tail
 * are pixel centres of the moving bolus.
 */
export function computeTrack(frames: ReadonlyArray<FrameMasks | null>, anatomy: VfssAnatomy | null): TrackPoint[] {
  const moving = movingBolus(frames, anatomy);
  const path = anatomy ? pathFromMoving(moving, anatomy) : null;
  const c2c4 = anatomy?.c2c4LengthPx ?? null;
  return frames.map((frame, index): TrackPoint => {
    const bolus = moving[index];
    if (!frame || !bolus) return notAnalyzed(index);
    const ends = bolus.pixels.length ? headAndTail(bolus, path) : null;
    const head = ends ? ends.head : null;
    const tail = ends ? ends.tail : null;
    return {
      frame: index,
      analyzed: true,
      areaPx: bolus.maskArea,
      areaNorm: c2c4 ? bolus.maskArea / (c2c4 * c2c4) : null,
      head,
      tail,
      headBand: head && anatomy ? bandAt(anatomy, head[1]) : null,
      tailBand: tail && anatomy ? bandAt(anatomy, tail[1]) : null,
      confidence: frame.confidence,
      edited: frame.edited,
    };
  });
}

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

/** The moving bolus of one frame: its pixel indices, and the area of the whole mask. */
interface MovingBolus {
  width: number;
  height: number;
  /** The frame's whole bolus mask. */
  mask: Uint8Array;
  maskArea: number;
  pixels: Int32Array;
}

/** Per frame, the bolus mask's pieces less speckle and resting residue; null where not analysed. */
function movingBolus(frames: ReadonlyArray<FrameMasks | null>, anatomy: VfssAnatomy | null): Array<MovingBolus | null> {
  const pieces = frames.map((f) => (f ? findPieces(f) : null));
  let largest = 0;
  for (const p of pieces) for (const c of p?.pieces ?? []) largest = Math.max(largest, c.area);
  return pieces.map((found, index) => {
    if (!found) return null;
    const kept = movingPieces(found, index, frames, pieces, anatomy, largest);
    const pixels = new Int32Array(kept.reduce((sum, piece) => sum + piece.area, 0));
    let k = 0;
    for (const piece of kept) {
      pixels.set(found.pixels.subarray(piece.start, piece.start + piece.area), k);
      k += piece.area;
    }
    return { width: found.width, height: found.height, mask: found.mask, maskArea: found.area, pixels };
  });
}

/**
 * The pieces of frame `index` that are moving bolus: not speckle (`isSpeckle`) and not resting
 * residue (`isRestingResidue`). Pieces below the bottom of the frame's main piece (the largest, when
 * it is not residue-sized) are drops running ahead of the bolus and are kept even where the bolus
 * that follows will cover them.
 */
function movingPieces(
  found: FramePieces,
  index: number,
  frames: ReadonlyArray<FrameMasks | null>,
  pieces: ReadonlyArray<FramePieces | null>,
  anatomy: VfssAnatomy | null,
  largest: number,
): Piece[] {
  const neighbours = [frames[index - 1], frames[index + 1]].filter(
    (f): f is FrameMasks => !!f && f.width === found.width && f.height === found.height,
  );
  const real = found.pieces.filter((piece) => !isSpeckle(piece, found, neighbours));
  const main = real.reduce<Piece | null>((big, piece) => (!big || piece.area > big.area ? piece : big), null);
  const flowing = main && main.area > RESIDUE_MAX_SHARE * largest ? main : null;
  return real.filter(
    (piece) => (flowing !== null && piece.cy > flowing.bottom) || !isRestingResidue(piece, pieces, index, anatomy, largest),
  );
}

/**
 * Speckle: a piece smaller than SPECKLE_PX that the frames before and after (those analysed) do not
 * both have bolus near (MIN_PIECE_PX of it within NEAR_PX of its centroid). Barium comes from
 * somewhere and goes on; speckle appears anywhere. Without an analysed neighbour nothing is speckle.
 */
function isSpeckle(piece: Piece, found: FramePieces, neighbours: FrameMasks[]): boolean {
  const scale = Math.sqrt((found.width * found.height) / (512 * 512));
  if (piece.area >= SPECKLE_PX * scale * scale || neighbours.length === 0) return false;
  const near = Math.round(NEAR_PX * scale);
  return !neighbours.every((other) => bolusNear(other, piece, near) >= MIN_PIECE_PX * scale * scale);
}

function pathFromMoving(moving: ReadonlyArray<MovingBolus | null>, anatomy: VfssAnatomy): BolusPath | null {
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

function projectorOf(path: BolusPath): PathProjector {
  let projector = projectors.get(path);
  if (!projector) {
    projector = new PathProjector(path.points);
    projectors.set(path, projector);
  }
  return projector;
}

/** Nearest-point projection onto a polyline; `project` leaves arc length in `s`, squared distance in `d2`. */
class PathProjector {
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

/** One 8-connected piece of a frame's bolus mask. */
interface Piece {
  /** Pixel indices are pixels[start, start + area) of the frame's list. */
  start: number;
  area: number;
  /** Centroid (pixel centres). */
  cx: number;
  cy: number;
  /** Bounding box, pixel-edge coordinates: [x0, x1) × [top, bottom + 1). */
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

interface FramePieces {
  width: number;
  height: number;
  mask: Uint8Array;
  /** All mask pixels (the whole mask area, speckle included). */
  area: number;
  pixels: Int32Array;
  pieces: Piece[];
}

/** Reused label buffer: 0 = not yet visited; sized for the largest frame seen. */
let visited = new Uint8Array(0);

/**
 * Pieces (8-connected components) of the bolus mask, speckle dropped. Only rows with a set pixel
 * and, within them, the span between the first and last set pixel are read.
 */
function findPieces(frame: FrameMasks): FramePieces {
  const { width, height, bolus } = frame;
  const n = width * height;
  if (bolus.length !== n) throw new RangeError(`bolus mask has ${bolus.length} pixels, ${width}×${height} expected`);
  if (visited.length < n) visited = new Uint8Array(n);
  const minArea = Math.max(3, Math.round((MIN_PIECE_PX * n) / (512 * 512)));
  let area = 0;
  const rowFirst = new Int32Array(height).fill(-1);
  const rowLast = new Int32Array(height).fill(-1);
  const words = wordsOf(bolus, width);
  for (let y = 0; y < height; y++) {
    if (!rowHasPixels(bolus, words, width, y)) continue;
    const rowStart = y * width;
    let first = -1;
    let last = -1;
    for (let i = rowStart, end = rowStart + width; i < end; i++) {
      if (!bolus[i]) continue;
      if (first < 0) first = i - rowStart;
      last = i - rowStart;
      area++;
    }
    rowFirst[y] = first;
    rowLast[y] = last;
  }
  const pixels = new Int32Array(area);
  const pieces: Piece[] = [];
  let filled = 0;
  for (let y = 0; y < height; y++) {
    const first = rowFirst[y] as number;
    if (first < 0) continue;
    for (let seed = y * width + first, end = y * width + (rowLast[y] as number); seed <= end; seed++) {
      if (!bolus[seed] || visited[seed]) continue;
      const start = filled;
      filled = floodFill(bolus, width, height, seed, pixels, filled);
      const size = filled - start;
      if (size < minArea) continue;
      let sumX = 0;
      let sumY = 0;
      let x0 = width;
      let x1 = 0;
      let top = height;
      let bottom = 0;
      for (let i = start; i < filled; i++) {
        const p = pixels[i] as number;
        const x = p % width;
        const y = (p - x) / width;
        sumX += x + 0.5;
        sumY += y + 0.5;
        if (x < x0) x0 = x;
        if (x + 1 > x1) x1 = x + 1;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
      pieces.push({ start, area: size, cx: sumX / size, cy: sumY / size, x0, x1, top, bottom });
    }
  }
  for (let i = 0; i < filled; i++) visited[pixels[i] as number] = 0;
  return { width, height, mask: bolus, area, pixels, pieces };
}

/** The mask as 32-bit words when its rows are word-aligned (to skip empty rows 4 bytes at a time). */
function wordsOf(mask: Uint8Array, width: number): Uint32Array | null {
  return mask.byteOffset % 4 === 0 && width % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : null;
}

/** Whether row y has a set pixel. */
function rowHasPixels(mask: Uint8Array, words: Uint32Array | null, width: number, y: number): boolean {
  if (words) {
    const w = width >> 2;
    for (let j = y * w, end = j + w; j < end; j++) if (words[j]) return true;
    return false;
  }
  for (let i = y * width, end = i + width; i < end; i++) if (mask[i]) return true;
  return false;
}

/** 8-connected flood fill from `seed`, appending to `out` from `at`; returns the new fill level. */
function floodFill(mask: Uint8Array, width: number, height: number, seed: number, out: Int32Array, at: number): number {
  let tail = at;
  out[tail++] = seed;
  visited[seed] = 1;
  for (let head = at; head < tail; head++) {
    const p = out[head] as number;
    const x = p % width;
    const y = (p - x) / width;
    const x0 = x > 0 ? x - 1 : x;
    const x1 = x < width - 1 ? x + 1 : x;
    const y0 = y > 0 ? y - 1 : y;
    const y1 = y < height - 1 ? y + 1 : y;
    for (let yy = y0; yy <= y1; yy++) {
      for (let q = yy * width + x0, end = yy * width + x1; q <= end; q++) {
        if (mask[q] && !visited[q]) {
          visited[q] = 1;
          out[tail++] = q;
        }
      }
    }
  }
  return tail;
}

/** Bolus pixels of `frame` within `near` px (a box around) of the piece's centroid. */
function bolusNear(frame: FrameMasks, piece: Piece, near: number): number {
  const { width, height, bolus } = frame;
  const cx = Math.floor(piece.cx);
  const cy = Math.floor(piece.cy);
  let count = 0;
  for (let y = Math.max(0, cy - near); y <= Math.min(height - 1, cy + near); y++) {
    for (let x = Math.max(0, cx - near), end = Math.min(width - 1, cx + near); x <= end; x++) count += bolus[y * width + x] ? 1 : 0;
  }
  return count;
}

/**
 * Resting residue: a piece that is small (at most RESIDUE_MAX_SHARE of the largest piece in the
 * cine), lies in the pharyngeal pockets (vallecula to pyriform sinus bands, when anatomy is known)
 * and stays put (`staysPut`) in at least two of the analysed frames REST_LAGS ahead (at the end of
 * the cine, behind; in the one when only one is analysed). Residue stays for the rest of the cine;
 * a small piece still flowing (the last of the bolus, a lagging tail) moves on or merges into the
 * bolus within those frames, and a held or pooling bolus is too large to count. Residue that has
 * just settled counts as moving until REST_LAGS frames show it staying.
 */
function isRestingResidue(
  piece: Piece,
  pieces: ReadonlyArray<FramePieces | null>,
  index: number,
  anatomy: VfssAnatomy | null,
  largest: number,
): boolean {
  if (piece.area > RESIDUE_MAX_SHARE * largest) return false;
  if (anatomy) {
    const top = anatomy.bands.vallecula?.y0;
    const bottom = anatomy.bands.pyriformSinus?.y1;
    if (top === undefined || bottom === undefined || piece.cy < top || piece.cy > bottom) return false;
  }
  const ahead = REST_LAGS.map((lag) => pieces[index + lag]).filter((f): f is FramePieces => !!f);
  const others = ahead.length ? ahead : REST_LAGS.map((lag) => pieces[index - lag]).filter((f): f is FramePieces => !!f);
  if (others.length === 0) return false;
  const own = pieces[index];
  if (!own) return false;
  const reach = Math.max(1, Math.round(REST_REACH_PX * Math.sqrt((own.width * own.height) / (512 * 512))));
  let matched = 0;
  for (const other of others) {
    if (other.width === own.width && other.height === own.height && staysPut(piece, own, other, reach)) matched++;
  }
  return matched >= Math.min(2, others.length);
}

/**
 * Whether the bolus around `piece` (its box grown by twice `reach`) is the same in the `other`
 * frame: at least REST_COVER of the bolus pixels there have bolus within `reach` px in the other
 * frame, both ways. The tolerance absorbs a model's outline growing or shrinking by a pixel or two
 * and two nearby drops drawn as one piece in one frame and as two in the next; a piece that moves
 * on, or bolus flowing into the neighbourhood, fails it, and so does an empty neighbourhood.
 */
function staysPut(piece: Piece, own: FramePieces, other: FramePieces, reach: number): boolean {
  const { width, height } = own;
  const margin = 2 * reach;
  const x0 = Math.max(0, piece.x0 - margin);
  const x1 = Math.min(width, piece.x1 + margin);
  const y0 = Math.max(0, piece.top - margin);
  const y1 = Math.min(height, piece.bottom + 1 + margin);
  const near = new NeighbourhoodCounts(own.mask, other.mask, width, height, x0 - reach, y0 - reach, x1 + reach, y1 + reach);
  let here = 0;
  let hereKept = 0;
  let there = 0;
  let thereKept = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      if (own.mask[i]) {
        here++;
        if (near.count(1, x - reach, y - reach, x + reach + 1, y + reach + 1) > 0) hereKept++;
      }
      if (other.mask[i]) {
        there++;
        if (near.count(0, x - reach, y - reach, x + reach + 1, y + reach + 1) > 0) thereKept++;
      }
    }
  }
  if (there === 0) return false;
  return hereKept >= REST_COVER * here && thereKept >= REST_COVER * there;
}

/** Summed-area tables of two masks over a window, for "how many set pixels in this box" queries. */
class NeighbourhoodCounts {
  private readonly sums: [Int32Array, Int32Array];
  private readonly w: number;

  constructor(
    a: Uint8Array,
    b: Uint8Array,
    width: number,
    height: number,
    private readonly x0: number,
    private readonly y0: number,
    x1: number,
    y1: number,
  ) {
    this.w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    this.sums = [new Int32Array(this.w * h), new Int32Array(this.w * h)];
    for (const [k, mask] of [a, b].entries()) {
      const sum = this.sums[k] as Int32Array;
      for (let y = 1; y < h; y++) {
        let row = 0;
        const iy = y0 + y - 1;
        for (let x = 1; x < this.w; x++) {
          const ix = x0 + x - 1;
          if (iy >= 0 && iy < height && ix >= 0 && ix < width && mask[iy * width + ix]) row++;
          sum[y * this.w + x] = (sum[(y - 1) * this.w + x] as number) + row;
        }
      }
    }
  }

  /** Set pixels of mask 0 or 1 in [xa, xb) × [ya, yb) (image coordinates inside the window). */
  count(which: 0 | 1, xa: number, ya: number, xb: number, yb: number): number {
    const sum = this.sums[which];
    const w = this.w;
    const ax = xa - this.x0;
    const ay = ya - this.y0;
    const bx = xb - this.x0;
    const by = yb - this.y0;
    return (sum[by * w + bx] as number) - (sum[ay * w + bx] as number) - (sum[by * w + ax] as number) + (sum[ay * w + ax] as number);
  }
}

/**
 * Head (furthest along the path) and tail (least far) pixel centres of the moving bolus; between
 * pixels equally far along, the one nearer the path wins (the middle of a flat front).
 */
function headAndTail(bolus: MovingBolus, path: BolusPath | null): { head: [number, number]; tail: [number, number] } {
  const { width, height, mask, pixels } = bolus;
  const projector = path ? projectorOf(path) : null;
  let maxS = -Infinity;
  let maxD = Infinity;
  let minS = Infinity;
  let minD = Infinity;
  let head = 0;
  let tail = 0;
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i] as number;
    const x = p % width;
    const y = (p - x) / width;
    // The extremes along the path lie on the outline: skip pixels whose 4 neighbours are all bolus.
    if (x > 0 && x < width - 1 && y > 0 && y < height - 1 && mask[p - 1] && mask[p + 1] && mask[p - width] && mask[p + width]) continue;
    let s = y;
    let d = 0;
    if (projector) {
      projector.project(x + 0.5, y + 0.5);
      s = projector.s;
      d = projector.d2;
    }
    if (s > maxS || (s === maxS && d < maxD)) {
      maxS = s;
      maxD = d;
      head = p;
    }
    if (s < minS || (s === minS && d < minD)) {
      minS = s;
      minD = d;
      tail = p;
    }
  }
  return { head: centre(head, width), tail: centre(tail, width) };
}

function centre(p: number, width: number): [number, number] {
  const x = p % width;
  return [x + 0.5, (p - x) / width + 0.5];
}

function notAnalyzed(frame: number): TrackPoint {
  return {
    frame,
    analyzed: false,
    areaPx: 0,
    areaNorm: null,
    head: null,
    tail: null,
    headBand: null,
    tailBand: null,
    confidence: null,
    edited: false,
  };
}
