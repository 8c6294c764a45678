/**
 * Pixel data geometry: how many bytes a frame takes, how many frames a file really has, and where
 * frame N's bytes are (native slice, or the fragments of an encapsulated frame, PS3.5 A.4).
 */
import { Tag } from '../../../common/dicom/tags';
import { DicomReadError } from './errors';
import { findElement, isBytes, isFragments, type DicomDataset, type DicomElement } from './model';

export interface PixelGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  photometricInterpretation: string;
}

/** Bits per native frame (bit-packed for Bits Allocated 1, 4:2:2 subsampled for YBR_FULL_422). */
export function nativeFrameBits(g: PixelGeometry): number {
  const pixels = g.rows * g.columns;
  const samples = g.photometricInterpretation === 'YBR_FULL_422' && g.samplesPerPixel === 3 ? 2 : g.samplesPerPixel;
  return pixels * samples * g.bitsAllocated;
}

/** Bytes all native frames need (excluding the trailing padding byte). */
export function nativeLength(g: PixelGeometry, frames: number): number {
  return Math.ceil((nativeFrameBits(g) * frames) / 8);
}

export function pixelDataElement(ds: DicomDataset): DicomElement | undefined {
  return findElement(ds, Tag.PixelData);
}

/** Byte offset of each fragment's item tag relative to the first fragment (how BOT offsets count). */
function fragmentPositions(fragments: readonly Uint8Array[]): number[] {
  const pos: number[] = [];
  let p = 0;
  for (const f of fragments) {
    pos.push(p);
    p += 8 + f.length;
  }
  return pos;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** JPEG family streams end with EOI/EOC (FF D9), possibly followed by one NUL of padding. */
function endsFrame(f: Uint8Array): boolean {
  let end = f.length;
  if (end > 0 && f[end - 1] === 0) end--;
  return end >= 2 && f[end - 2] === 0xff && f[end - 1] === 0xd9;
}

/**
 * Fragment index ranges [start, end) per frame. Uses the Basic Offset Table when it is consistent,
 * else one fragment per frame when the counts match, else all fragments for a single frame, else
 * groups fragments at end-of-image markers. Null when the frames cannot be located.
 */
export function frameFragmentRanges(el: DicomElement & { value: Uint8Array[] }, frames: number): Array<[number, number]> | null {
  const fragments = el.value;
  const table = el.offsetTable ?? [];
  if (table.length === frames && frames > 0) {
    const positions = fragmentPositions(fragments);
    const starts = table.map((o) => positions.indexOf(o));
    if (starts.every((s, i) => s >= 0 && (i === 0 || s > (starts[i - 1] ?? -1)))) {
      return starts.map((s, i) => [s, starts[i + 1] ?? fragments.length]);
    }
  }
  if (fragments.length === frames) return fragments.map((_, i) => [i, i + 1]);
  if (frames === 1 && fragments.length > 0) return [[0, fragments.length]];
  if (fragments.length > frames) {
    const ranges: Array<[number, number]> = [];
    let start = 0;
    fragments.forEach((f, i) => {
      if (endsFrame(f)) {
        ranges.push([start, i + 1]);
        start = i + 1;
      }
    });
    if (ranges.length === frames && start === fragments.length) return ranges;
  }
  return null;
}

/** The encoded bytes of one frame (a view of a single fragment when possible). */
export function encapsulatedFrame(el: DicomElement, frames: number, index: number): Uint8Array {
  if (!isFragments(el)) throw new DicomReadError('bad_pixel_data', 'Pixel Data is not encapsulated');
  const fragments: Uint8Array[] = el.value;
  const ranges = frameFragmentRanges(el, frames);
  const range = ranges?.[index];
  if (!range) {
    throw new DicomReadError(
      'bad_pixel_data',
      `Cannot locate frame ${index + 1} of ${frames}: ${fragments.length} fragments, ${el.offsetTable?.length ?? 0} offset table entries`,
    );
  }
  return concat(fragments.slice(range[0], range[1]));
}

/** The bytes of one native frame; for Bits Allocated 1 the frame may start mid-byte (bitOffset). */
export function nativeFrame(el: DicomElement, g: PixelGeometry, index: number): { bytes: Uint8Array; bitOffset: number } {
  if (!isBytes(el)) throw new DicomReadError('bad_pixel_data', 'Pixel Data is encapsulated but the transfer syntax is native');
  const bits = nativeFrameBits(g);
  const startBit = bits * index;
  const start = Math.floor(startBit / 8);
  const end = Math.ceil((startBit + bits) / 8);
  if (end > el.value.length) {
    throw new DicomReadError('bad_pixel_data', `Frame ${index + 1} needs bytes ${start}-${end} but Pixel Data holds ${el.value.length}`);
  }
  return { bytes: el.value.subarray(start, end), bitOffset: startBit % 8 };
}
