/**
 * Reference anatomy of a lateral VFSS cine, proposed from the AI's structure masks (cervical spine,
 * mandible, hyoid): which way the patient faces, the anatomical bands along the bolus path, and the
 * C2–C4 length that normalises areas (NRRS). See ../shared/CLINICAL.md §1.
 *
 * Landmarks used (the usual lateral neck: mandibular angle at C2–C3, hyoid at C3–C4, pyriform
 * sinuses at C4–C5, cricopharyngeus at C5–C6):
 * - facing: the spine is posterior, the mandible anterior, so the patient faces away from the spine;
 * - vertebral bodies: the anterior column of the spine mask, split at the intervertebral discs;
 * - gonion (mandibular angle): the mandible's posterior-inferior corner (moved up by a calibrated
 *   offset, see GONION_ABOVE_MASK_EXTREME); the ramus band is the lowest ~6 mm of the ramus, ending
 *   at the gonion; the oral cavity lies above it, from the top of the mandible;
 * - vallecula floor: just above the hyoid body (the valleculae lie above the hyoid, behind the
 *   tongue base); without a hyoid, the inferior endplate of C3;
 * - UES (cricopharyngeus): from mid-C5 to mid-C6 (levels below the field of view are extrapolated
 *   by whole segments); the oesophagus below;
 * - C2–C4 length: between the anterior-inferior corners of the C2 and C4 bodies (null without C4).
 *
 * All rows are image rows (y grows downwards) in pixel-edge coordinates: pixel row r spans [r, r+1).
 */
import { floodFill8, removeSmallComponents } from '../imaging/components';
import type { Band, BandName, VfssAnatomy } from './schema';
import { BAND_NAMES } from './schema';

export interface AnatomyInput {
  width: number;
  height: number;
  /** 0/1 per pixel, row-major. */
  cervicalSpine: Uint8Array;
  mandible: Uint8Array;
  /** Null when the model has no hyoid channel or the hyoid is not visible. */
  hyoid: Uint8Array | null;
}

export type AnatomyProposal = { anatomy: VfssAnatomy } | { error: string };

/** Fewer pixels than this (per 512² frame) means the structure is not in the masks. */
const MIN_STRUCTURE_PX = 150;
/**
 * Height of the ramus band, in cervical segments (body + disc, ~17 mm in adults): the lowest ~6 mm
 * of the ramus.
 */
const RAMUS_BAND_PER_SEGMENT = 18 / 52.5;
/**
 * The mandible mask's posterior-inferior extreme lies on the outer cortex of the more magnified of
 * the two (left/right) mandibular angles, which project doubled on a lateral view; the reference
 * gonion is the angle itself. The line is moved up by this many cervical segments. Calibrated on
 * the synthetic phantom (mask extreme minus reference gonion: 0.17 ± 0.04 segment over 30 studies);
 * on real studies it is a prior the user corrects.
 */
const GONION_ABOVE_MASK_EXTREME = 0.17;

/** A vertebral body found along the anterior column: rows it spans and its anterior-inferior corner. */
interface VertebralBody {
  /** Top edge of the superior endplate and bottom edge of the inferior endplate (rows). */
  top: number;
  bottom: number;
  /** Anterior-inferior corner, image px. */
  corner: [number, number];
}

/** Vertebral levels from C2 down, as far as the masks show them. */
type Levels = Partial<Record<'C2' | 'C3' | 'C4' | 'C5' | 'C6' | 'C7', VertebralBody>>;
const LEVEL_NAMES = ['C2', 'C3', 'C4', 'C5', 'C6', 'C7'] as const;

/**
 * Proposes the reference anatomy from one frame's structure masks (a frame at rest: the hyoid moves
 * during the swallow). Returns a specific error when a structure is missing or implausible.
 */
export function proposeAnatomy(input: AnatomyInput): AnatomyProposal {
  const { width, height, cervicalSpine, mandible, hyoid } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
    return { error: `implausible frame size ${width}×${height}` };
  }
  const n = width * height;
  for (const [name, mask] of [['cervical-spine', cervicalSpine], ['mandible', mandible], ['hyoid', hyoid]] as const) {
    if (mask && mask.length !== n) return { error: `${name} mask has ${mask.length} pixels, ${width}×${height} expected` };
  }
  const minPx = Math.max(20, Math.round((MIN_STRUCTURE_PX * n) / (512 * 512)));
  // Model masks carry speckle: the mandible is its largest piece, the spine its pieces of some size
  // (bodies, pillars and spinous processes may be separate), the hyoid its largest piece.
  const jawMask = largestPiece(mandible, width, height);
  const spineMask = removeSmallComponents(cervicalSpine, width, height, minPx);
  const hyoidMask = hyoid ? largestPiece(hyoid, width, height) : null;
  const spine = maskStats(spineMask, width);
  const jaw = maskStats(jawMask, width);
  if (jaw.count < minPx) return { error: 'no mandible in the structure masks' };
  if (spine.count < minPx) return { error: 'no cervical spine in the structure masks' };

  const facing = facingOf(spine, jaw, width);
  if (facing === null) return { error: 'the cervical spine is not behind the mandible: cannot tell which way the patient faces' };
  const frame: Frame = { width, height, facing };

  const gonion = findGonion(jawMask, frame);
  const bodies = findVertebralBodies(spineMask, frame);
  if (bodies.length < 2) return { error: 'fewer than two cervical vertebral bodies found in the spine mask' };
  const levels = labelLevels(bodies, gonion[1]);
  if (!levels) return { error: 'cannot identify C2 and C3 in the spine mask (no vertebral body at the level of the mandibular angle)' };
  const pitch = segmentPitch(levels);
  if (!(pitch > 0)) return { error: 'cannot measure the height of a cervical segment from the spine mask' };

  const hyoidUsable = hyoidMask !== null && maskStats(hyoidMask, width).count >= Math.max(8, minPx / 8);
  const bands = composeBands({
    gonionY: gonion[1],
    valleculaFloor: hyoidUsable && hyoidMask ? valleculaFloorFromHyoid(hyoidMask, frame) : midOrEdge(levels, 'C3', 'bottom', pitch),
    uesTop: midOrEdge(levels, 'C5', 'mid', pitch),
    uesBottom: midOrEdge(levels, 'C6', 'mid', pitch),
    mandibleTop: jaw.y0,
    pitch,
    height,
  });
  if ('error' in bands) return bands;
  const c2 = levels.C2;
  const c4 = levels.C4;
  const c2c4LengthPx = c2 && c4 ? Math.hypot(c4.corner[0] - c2.corner[0], c4.corner[1] - c2.corner[1]) : null;
  return { anatomy: { bands: bands.bands, c2c4LengthPx, facing, source: 'ai' } };
}

/**
 * The six bands from the landmarks (rows): oral cavity from the top of the mandible (condyle and
 * coronoid tips lie near the palatal plane; at least one segment above the ramus band) to the ramus
 * band, which ends at the reference gonion; vallecula to its floor; pyriform sinus to the UES; UES;
 * oesophagus to the bottom of the frame. An error when the landmarks are out of order.
 */
function composeBands(marks: {
  gonionY: number;
  valleculaFloor: number;
  uesTop: number;
  uesBottom: number;
  mandibleTop: number;
  pitch: number;
  height: number;
}): { bands: Record<BandName, Band> } | { error: string } {
  const { valleculaFloor, uesTop, uesBottom, pitch, height } = marks;
  const ramusBottom = marks.gonionY - GONION_ABOVE_MASK_EXTREME * pitch;
  const ramusTop = ramusBottom - RAMUS_BAND_PER_SEGMENT * pitch;
  if (!(valleculaFloor > ramusBottom && uesTop > valleculaFloor && uesBottom > uesTop && uesBottom < height + 2 * pitch)) {
    return {
      error: `implausible anatomy: gonion y ${ramusBottom.toFixed(0)}, vallecula floor y ${valleculaFloor.toFixed(0)}, UES y ${uesTop.toFixed(0)}–${uesBottom.toFixed(0)} are not in top-to-bottom order`,
    };
  }
  return {
    bands: {
      oralCavity: { y0: Math.min(marks.mandibleTop, ramusTop - pitch), y1: ramusTop },
      ramus: { y0: ramusTop, y1: ramusBottom },
      vallecula: { y0: ramusBottom, y1: valleculaFloor },
      pyriformSinus: { y0: valleculaFloor, y1: uesTop },
      ues: { y0: uesTop, y1: uesBottom },
      esophagus: { y0: uesBottom, y1: Math.max(height, uesBottom + 1) },
    },
  };
}

/**
 * The band a row lies in, in path order (oral cavity → oesophagus); a row on a boundary belongs to
 * the lower band. Null above the first band or below the last.
 */
export function bandAt(anatomy: VfssAnatomy, y: number): BandName | null {
  let last: BandName | null = null;
  for (const name of BAND_NAMES) {
    const band = anatomy.bands[name];
    if (!band) continue;
    if (y >= band.y0 && y < band.y1) return name;
    last = name;
  }
  const lastBand = last ? anatomy.bands[last] : undefined;
  return last && lastBand && y === lastBand.y1 ? last : null;
}

interface Frame {
  width: number;
  height: number;
  facing: 'left' | 'right';
}

interface MaskStats {
  count: number;
  cx: number;
  cy: number;
  y0: number;
  y1: number;
}

function maskStats(mask: Uint8Array, width: number): MaskStats {
  let count = 0;
  let sx = 0;
  let sy = 0;
  let y0 = Infinity;
  let y1 = -Infinity;
  const rows = mask.length / width;
  for (let y = 0; y < rows; y++) {
    const row = y * width;
    if (mask.subarray(row, row + width).indexOf(1) < 0) continue;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      count++;
      sx += x + 0.5;
      sy += y + 0.5;
    }
    if (y < y0) y0 = y;
    y1 = y + 1;
  }
  return { count, cx: count ? sx / count : NaN, cy: count ? sy / count : NaN, y0, y1 };
}

/** The largest 8-connected piece of a mask (all zeros for an empty mask). */
function largestPiece(mask: Uint8Array, width: number, height: number): Uint8Array {
  const seen = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  let best: Int32Array = new Int32Array(0);
  for (let seed = mask.indexOf(1); seed >= 0; seed = mask.indexOf(1, seed + 1)) {
    if (seen[seed]) continue;
    const tail = floodFill8(mask, width, height, seed, seen, queue, 0);
    if (tail > best.length) best = queue.slice(0, tail);
  }
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < best.length; i++) out[best[i] as number] = 1;
  return out;
}

/**
 * The patient faces away from the spine: spine to the right of the mandible → facing left. Null when
 * the two are not clearly side by side (less than 3% of the width apart).
 */
function facingOf(spine: MaskStats, jaw: MaskStats, width: number): 'left' | 'right' | null {
  const dx = spine.cx - jaw.cx;
  if (Math.abs(dx) < 0.03 * width) return null;
  return dx > 0 ? 'left' : 'right';
}

/** Posterior coordinate of column x: grows from the face towards the back of the neck. */
function posterior(x: number, frame: Frame): number {
  return frame.facing === 'left' ? x : frame.width - 1 - x;
}

/** Image x (pixel centre) of a posterior coordinate. */
function imageX(q: number, frame: Frame): number {
  return (frame.facing === 'left' ? q : frame.width - 1 - q) + 0.5;
}

/**
 * Gonion (angle of the mandible): the mandible pixel furthest posterior-and-down (maximum of
 * posterior coordinate + y). The ramus' posterior border runs nearly vertically and the inferior
 * border descends towards the chin, so this diagonal extreme is the angle. Returns pixel-edge y of
 * the corner's bottom (row + 1) and its image x.
 */
function findGonion(mask: Uint8Array, frame: Frame): [number, number] {
  const { width, height } = frame;
  let best = -Infinity;
  let gx = 0;
  let gy = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (mask.subarray(row, row + width).indexOf(1) < 0) continue;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      const score = posterior(x, frame) + y;
      if (score > best) {
        best = score;
        gx = x;
        gy = y;
      }
    }
  }
  return [gx + 0.5, gy + 1];
}

/**
 * Vertebral bodies along the anterior column of the spine mask. Per row, the anterior-most spine
 * pixel traces the front of the bodies; at the discs it jumps back (to the articular pillars, or
 * nothing). The most anterior front within ±16 px (per 512 px) bridges the discs and gives the
 * anterior line; rows with spine pixels in a thin strip behind that line are body rows, and runs of
 * body rows are the bodies (endplate to endplate, at the front of the column).
 */
function findVertebralBodies(mask: Uint8Array, frame: Frame): VertebralBody[] {
  const { width, height } = frame;
  const k = Math.min(width, height) / 512;
  const front = new Float64Array(height).fill(Infinity);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (frame.facing === 'left') {
      const x = mask.subarray(row, row + width).indexOf(1);
      if (x >= 0) front[y] = x;
    } else {
      const x = mask.subarray(row, row + width).lastIndexOf(1);
      if (x >= 0) front[y] = width - 1 - x;
    }
  }
  const line = slidingExtreme(front, Math.max(2, Math.round(16 * k)), Math.min);
  const strip = Math.max(3, Math.round(12 * k));
  const isBody = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    const q0 = line[y] as number;
    if (!Number.isFinite(q0)) continue;
    let count = 0;
    for (let q = Math.max(0, Math.floor(q0)); q < Math.min(width, q0 + strip); q++) {
      const x = frame.facing === 'left' ? q : width - 1 - q;
      if (mask[y * width + x]) count++;
    }
    if (count >= Math.max(2, 0.3 * strip)) isBody[y] = 1;
  }
  const minRun = Math.max(4, Math.round(10 * k));
  const bodies: VertebralBody[] = [];
  for (const [top, bottom] of runsOf(isBody, 1)) {
    if (bottom - top < minRun) continue;
    const q = line[bottom - 1] as number;
    bodies.push({ top, bottom, corner: [imageX(q, frame) - (frame.facing === 'left' ? 0.5 : -0.5), bottom] });
  }
  return bodies;
}

/** Runs [start, end) of 1s, merging runs separated by gaps of at most `maxGap` rows. */
function runsOf(flags: Uint8Array, maxGap: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= flags.length; i++) {
    const on = i < flags.length && flags[i] === 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      const prev = runs[runs.length - 1];
      if (prev && start - prev[1] <= maxGap) prev[1] = i;
      else runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

/** Sliding minimum or maximum over ±r samples. */
function slidingExtreme(values: Float64Array, r: number, pick: (a: number, b: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let v = values[i] as number;
    for (let j = Math.max(0, i - r); j <= Math.min(values.length - 1, i + r); j++) v = pick(v, values[j] as number);
    out[i] = v;
  }
  return out;
}

/**
 * Names the bodies: C2 is the body whose inferior endplate is nearest the gonion row (the angle of
 * the mandible lies at C2–C3); the bodies below it follow in order while their spacing stays
 * plausible (0.6–1.6 of the median); a lowest body cut by the field edge is left out. Null when no
 * body is near the gonion or nothing follows C2.
 */
function labelLevels(bodies: VertebralBody[], gonionY: number): Levels | null {
  const heights = bodies.map((b) => b.bottom - b.top).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] as number;
  let c2 = -1;
  let bestDistance = Infinity;
  bodies.forEach((b, i) => {
    const d = Math.abs(b.bottom - gonionY);
    if (d < bestDistance) {
      bestDistance = d;
      c2 = i;
    }
  });
  if (c2 < 0 || bestDistance > 0.8 * typical || c2 + 1 >= bodies.length) return null;
  bodies = withoutCutOffLast(bodies, c2);
  if (c2 + 1 >= bodies.length) return null;
  const levels: Levels = {};
  const mids = bodies.map((b) => (b.top + b.bottom) / 2);
  const spacings: number[] = [];
  for (let i = c2 + 2; i < bodies.length; i++) spacings.push((mids[i] as number) - (mids[i - 1] as number));
  spacings.sort((a, b) => a - b);
  const median = spacings.length ? (spacings[Math.floor(spacings.length / 2)] as number) : (mids[c2 + 1] as number) - (mids[c2] as number);
  for (let j = 0; j < LEVEL_NAMES.length && c2 + j < bodies.length; j++) {
    const body = bodies[c2 + j] as VertebralBody;
    if (j >= 2) {
      const step = (mids[c2 + j] as number) - (mids[c2 + j - 1] as number);
      if (step < 0.6 * median || step > 1.6 * median) break;
    }
    levels[LEVEL_NAMES[j] as (typeof LEVEL_NAMES)[number]] = body;
  }
  return levels.C3 ? levels : null;
}

/**
 * The lowest body is dropped when it is much shorter (under 80%) than the median of the bodies
 * between C2 and it: the edge of the field of view cut it, and its mid-height would be wrong.
 */
function withoutCutOffLast(bodies: VertebralBody[], c2: number): VertebralBody[] {
  const between = bodies.slice(c2 + 1, -1).map((b) => b.bottom - b.top);
  const last = bodies[bodies.length - 1];
  if (between.length < 2 || !last) return bodies;
  between.sort((a, b) => a - b);
  const median = between[Math.floor(between.length / 2)] as number;
  return last.bottom - last.top < 0.8 * median ? bodies.slice(0, -1) : bodies;
}

/** Height of one cervical segment (body + disc): median mid-to-mid spacing below C2, else C2→C3. */
function segmentPitch(levels: Levels): number {
  const mids: number[] = [];
  for (const name of LEVEL_NAMES) {
    const b = levels[name];
    if (!b) break;
    mids.push((b.top + b.bottom) / 2);
  }
  const steps: number[] = [];
  for (let i = 2; i < mids.length; i++) steps.push((mids[i] as number) - (mids[i - 1] as number));
  if (steps.length === 0) return (mids[1] as number) - (mids[0] as number);
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] as number;
}

/**
 * Mid-height (or inferior endplate) row of a level; extrapolated by whole segments from the lowest
 * level found when the masks do not show it (cut off by the field of view).
 */
function midOrEdge(levels: Levels, name: (typeof LEVEL_NAMES)[number], what: 'mid' | 'bottom', pitch: number): number {
  const at = (b: VertebralBody): number => (what === 'mid' ? (b.top + b.bottom) / 2 : b.bottom);
  const wanted = LEVEL_NAMES.indexOf(name);
  let lowest = -1;
  for (let i = 0; i < LEVEL_NAMES.length; i++) if (levels[LEVEL_NAMES[i] as (typeof LEVEL_NAMES)[number]]) lowest = i;
  const body = levels[name];
  if (body) return at(body);
  const base = levels[LEVEL_NAMES[lowest] as (typeof LEVEL_NAMES)[number]] as VertebralBody;
  return at(base) + (wanted - lowest) * pitch;
}

/**
 * Vallecula floor from the hyoid mask: the valleculae sit just above the hyoid body. The hyoid mask
 * is the body (anterior) and the greater horn (rising posteriorly); the body's top is taken as the
 * mask's lowest row minus the body's thickness, measured on the anterior third of the mask.
 */
function valleculaFloorFromHyoid(mask: Uint8Array, frame: Frame): number {
  const { width, height } = frame;
  let qMin = Infinity;
  let qMax = -Infinity;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (mask.subarray(row, row + width).indexOf(1) < 0) continue;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      const q = posterior(x, frame);
      if (q < qMin) qMin = q;
      if (q > qMax) qMax = q;
    }
  }
  const qCut = qMin + (qMax - qMin) / 3;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) if (mask[row + x] && posterior(x, frame) <= qCut) return y;
  }
  return NaN;
}
