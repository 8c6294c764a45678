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
import type { FrameMasks } from './bolusPieces';
import { movingBolus, type MovingBolus } from './movingBolus';
import { pathFromMoving, projectorOf, type BolusPath } from './bolusPath';

export type { FrameMasks } from './bolusPieces';
export { estimateBolusPath, pathPosition, type BolusPath } from './bolusPath';

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
