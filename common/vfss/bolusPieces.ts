/**
 * The bolus masks of a VFSS cine's frames and their pieces (8-connected components), for the bolus
 * track (common/vfss/track.ts): `findPieces` labels a frame's mask, `bolusNear` counts bolus around a
 * piece in another frame.
 */
import { floodFill8 } from '../imaging/components';

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

/** Pieces smaller than this (per 512² frame) are noise. */
export const MIN_PIECE_PX = 6;

/** One 8-connected piece of a frame's bolus mask. */
export interface Piece {
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

export interface FramePieces {
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
export function findPieces(frame: FrameMasks): FramePieces {
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
      filled = floodFill8(bolus, width, height, seed, visited, pixels, filled);
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

/** Bolus pixels of `frame` within `near` px (a box around) of the piece's centroid. */
export function bolusNear(frame: FrameMasks, piece: Piece, near: number): number {
  const { width, height, bolus } = frame;
  const cx = Math.floor(piece.cx);
  const cy = Math.floor(piece.cy);
  let count = 0;
  for (let y = Math.max(0, cy - near); y <= Math.min(height - 1, cy + near); y++) {
    for (let x = Math.max(0, cx - near), end = Math.min(width - 1, cx + near); x <= end; x++) count += bolus[y * width + x] ? 1 : 0;
  }
  return count;
}
