/**
 * The moving bolus of each frame of a VFSS cine: the bolus mask less speckle (small pieces with no
 * bolus near them in the frames before and after, see `isSpeckle`) and less resting residue (small
 * pieces that stay put in the valleculae or pyriform sinuses, see `isRestingResidue`). See
 * common/vfss/track.ts for how the track uses it.
 */
import type { VfssAnatomy } from './schema';
import { bolusNear, findPieces, MIN_PIECE_PX, type FrameMasks, type FramePieces, type Piece } from './bolusPieces';

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

/** The moving bolus of one frame: its pixel indices, and the area of the whole mask. */
export interface MovingBolus {
  width: number;
  height: number;
  /** The frame's whole bolus mask. */
  mask: Uint8Array;
  maskArea: number;
  pixels: Int32Array;
}

/** Per frame, the bolus mask's pieces less speckle and resting residue; null where not analysed. */
export function movingBolus(frames: ReadonlyArray<FrameMasks | null>, anatomy: VfssAnatomy | null): Array<MovingBolus | null> {
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
