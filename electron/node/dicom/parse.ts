/**
 * Data set parser (PS3.5 chapter 7): explicit or implicit VR, little or big endian, nested
 * sequences of defined or undefined length, and encapsulated pixel data. Every structural problem
 * becomes a DicomReadError that names the element and the byte offset; nothing loops without
 * consuming bytes, and nesting is bounded, so hostile input cannot hang or overflow the stack.
 *
 * Values are views into the input (no copy) unless big-endian data had to be byte-swapped.
 */
import { binaryUnitSize, hasLongLength, KNOWN_VRS } from '../../../common/dicom/vr';
import { makeTag, Tag } from '../../../common/dicom/tags';
import { DicomReadError } from './errors';
import { describeTag, knownVr, vrForTag } from './dictionary';
import type { DicomDataset, DicomElement } from './model';

export interface Encoding {
  explicitVr: boolean;
  littleEndian: boolean;
}

const MAX_DEPTH = 32;
const UNDEFINED = 0xffffffff;

/** Thrown (inside the parser only) when explicit-VR bytes are not a VR: the caller may retry implicit. */
export class VrMismatch extends Error {
  constructor(
    readonly offset: number,
    readonly tag: string,
  ) {
    super(`bytes at ${offset} are not a VR`);
  }
}

function isUpper(b: number | undefined): boolean {
  return b !== undefined && b >= 0x41 && b <= 0x5a;
}

/** Two uppercase ASCII letters at `at`: how explicit VR data is recognised. */
export function looksLikeVr(bytes: Uint8Array, at: number): boolean {
  return isUpper(bytes[at]) && isUpper(bytes[at + 1]);
}

function swapped(bytes: Uint8Array, unit: number): Uint8Array {
  if (unit <= 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const whole = bytes.length - (bytes.length % unit);
  for (let i = 0; i < whole; i += unit) {
    for (let j = 0; j < unit; j++) out[i + j] = bytes[i + unit - 1 - j] ?? 0;
  }
  out.set(bytes.subarray(whole), whole);
  return out;
}

interface Header {
  tag: string;
  vr: string;
  length: number;
  /** Offset of the value. */
  value: number;
}

export class DatasetParser {
  private readonly view: DataView;
  private reportedUnRelabel = false;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly enc: Encoding,
    private readonly warnings: string[],
    /** Offset of `bytes` in the file, for messages. */
    private readonly fileOffset = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private u16(at: number, le = this.enc.littleEndian): number {
    return this.view.getUint16(at, le);
  }

  private u32(at: number, le = this.enc.littleEndian): number {
    return this.view.getUint32(at, le);
  }

  private pos(at: number): number {
    return this.fileOffset + at;
  }

  private readTag(at: number, le = this.enc.littleEndian): string {
    return makeTag(this.u16(at, le), this.u16(at + 2, le));
  }

  private truncated(tag: string, declared: number, present: number): DicomReadError {
    return new DicomReadError(
      'truncated',
      `File ends inside element ${describeTag(tag)}: ${declared} bytes declared, ${Math.max(0, present)} present (truncated file)`,
    );
  }

  private header(at: number, end: number, enc: Encoding): Header {
    if (at + 8 > end) {
      throw new DicomReadError('truncated', `File ends inside an element header at byte ${this.pos(at)} (truncated file)`);
    }
    const tag = this.readTag(at, enc.littleEndian);
    if (tag.startsWith('FFFE')) return { tag, vr: '', length: this.u32(at + 4, enc.littleEndian), value: at + 8 };
    if (!enc.explicitVr) return { tag, vr: vrForTag(tag), length: this.u32(at + 4, enc.littleEndian), value: at + 8 };
    if (!looksLikeVr(this.bytes, at + 4)) throw new VrMismatch(this.pos(at), tag);
    let vr = String.fromCharCode(this.bytes[at + 4] ?? 0, this.bytes[at + 5] ?? 0);
    let long = hasLongLength(vr);
    if (!KNOWN_VRS.has(vr)) {
      // Unknown VR: PS3.5 7.1.2 reserves the long form for future VRs; two zero bytes say which form.
      long = this.bytes[at + 6] === 0 && this.bytes[at + 7] === 0;
      this.warnings.push(`Element ${describeTag(tag)} has unknown VR "${vr}"; read as UN`);
      vr = 'UN';
    }
    if (!long) return { tag, vr, length: this.u16(at + 6, enc.littleEndian), value: at + 8 };
    if (at + 12 > end) {
      throw new DicomReadError('truncated', `File ends inside the header of ${describeTag(tag)} at byte ${this.pos(at)} (truncated file)`);
    }
    return { tag, vr, length: this.u32(at + 8, enc.littleEndian), value: at + 12 };
  }

  /**
   * Parse elements in [start, end). `untilItemEnd`: stop after an Item Delimitation Item (undefined
   * length item). `topLevel`: end of range is end of file (overruns are truncation).
   */
  parseDataset(start: number, end: number, opts: { enc?: Encoding; depth?: number; untilItemEnd?: boolean; topLevel?: boolean } = {}): { dataset: DicomDataset; next: number } {
    const enc = opts.enc ?? this.enc;
    const depth = opts.depth ?? 0;
    const elements: DicomElement[] = [];
    const seen = new Set<string>();
    let previous = '';
    let outOfOrder = false;
    let p = start;
    while (p < end) {
      if (opts.topLevel && end - p < 8 && this.bytes.subarray(p, end).every((b) => b === 0)) {
        this.warnings.push(`Ignored ${end - p} zero bytes at the end of the file`);
        return { dataset: this.sorted(elements, outOfOrder), next: end };
      }
      const h = this.header(p, end, enc);
      if (h.tag === Tag.ItemDelimitationItem) {
        if (opts.untilItemEnd) return { dataset: this.sorted(elements, outOfOrder), next: h.value };
        this.warnings.push(`Ignored a stray Item Delimitation Item at byte ${this.pos(p)}`);
        p = h.value;
        continue;
      }
      if (h.tag === Tag.SequenceDelimitationItem || h.tag === Tag.Item) {
        if (!opts.topLevel) {
          throw new DicomReadError('bad_sequence', `Unexpected ${h.tag === Tag.Item ? 'item' : 'sequence delimiter'} inside a sequence item at byte ${this.pos(p)}`);
        }
        this.warnings.push(`Ignored a stray ${h.tag === Tag.Item ? 'item tag' : 'Sequence Delimitation Item'} at byte ${this.pos(p)}`);
        p = h.value + (h.tag === Tag.Item && h.length !== UNDEFINED ? Math.min(h.length, end - h.value) : 0);
        continue;
      }
      const { element, next } = this.element(h, end, enc, depth, opts.topLevel ?? false);
      if (h.tag < previous) outOfOrder = true;
      previous = h.tag;
      if (seen.has(h.tag)) this.warnings.push(`Duplicate element ${describeTag(h.tag)} at byte ${this.pos(p)}; the first one is kept`);
      else {
        seen.add(h.tag);
        elements.push(element);
      }
      p = next;
    }
    if (opts.untilItemEnd) {
      throw new DicomReadError(opts.topLevel ? 'truncated' : 'bad_sequence', `Sequence item starting before byte ${this.pos(start)} has no Item Delimitation Item`);
    }
    return { dataset: this.sorted(elements, outOfOrder), next: p };
  }

  private sorted(elements: DicomElement[], outOfOrder: boolean): DicomDataset {
    if (!outOfOrder) return elements;
    this.warnings.push('Elements were not in ascending tag order; sorted');
    return elements.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }

  private element(h: Header, end: number, enc: Encoding, depth: number, topLevel: boolean): { element: DicomElement; next: number } {
    if (h.length === UNDEFINED) {
      if (h.tag === Tag.PixelData) return this.encapsulated(h, end, topLevel);
      if (h.vr === 'SQ') return this.sequence(h, end, enc, depth, true);
      if (h.vr === 'UN' || !enc.explicitVr) {
        // CP-246: an undefined-length UN (or unknown implicit element) is a sequence encoded in
        // Implicit VR Little Endian.
        const seq = this.sequence(h, end, { explicitVr: false, littleEndian: true }, depth, true);
        if (h.vr === 'UN') this.warnings.push(`Element ${describeTag(h.tag)} has VR UN with undefined length; read as an Implicit VR sequence (CP-246)`);
        return seq;
      }
      throw new DicomReadError('bad_sequence', `Element ${describeTag(h.tag)} (VR ${h.vr}) has undefined length, which only sequences and pixel data may have`);
    }
    const valueEnd = h.value + h.length;
    if (valueEnd > end) {
      if (end === this.bytes.length) throw this.truncated(h.tag, h.length, end - h.value);
      throw new DicomReadError('bad_sequence', `Element ${describeTag(h.tag)} (${h.length} bytes) runs past the end of its sequence item`);
    }
    if (h.vr === 'SQ') return this.sequence(h, valueEnd, enc, depth, false);
    if (h.vr === 'UN') {
      const relabelled = this.relabelUn(h, valueEnd, depth);
      if (relabelled) return { element: relabelled, next: valueEnd };
    }
    let value = this.bytes.subarray(h.value, valueEnd);
    if (!enc.littleEndian) value = swapped(value, binaryUnitSize(h.vr));
    return { element: { tag: h.tag, vr: h.vr, value }, next: valueEnd };
  }

  /**
   * Explicit UN for a public tag (written by converters that did not know the tag): use the
   * dictionary VR, and read SQ contents as Implicit VR items (PS3.5 6.2.2 Note / CP-246), so that
   * de-identification sees what is inside. Keeps UN when the bytes do not parse.
   */
  private relabelUn(h: Header, valueEnd: number, depth: number): DicomElement | null {
    const vr = knownVr(h.tag);
    if (!vr || vr === 'UN') return null;
    if (vr === 'SQ') {
      try {
        const warningsBefore = this.warnings.length;
        const { element } = this.sequence({ ...h, vr: 'SQ' }, valueEnd, { explicitVr: false, littleEndian: true }, depth, false);
        this.warnings.splice(warningsBefore);
        this.warnings.push(`Element ${describeTag(h.tag)} was stored as UN; read as an Implicit VR sequence (CP-246)`);
        return element;
      } catch {
        this.warnings.push(`Element ${describeTag(h.tag)} is UN and does not parse as a sequence; kept as UN`);
        return null;
      }
    }
    if (!this.reportedUnRelabel) {
      this.warnings.push(`Public elements stored with VR UN were given their dictionary VR (first: ${describeTag(h.tag)} -> ${vr})`);
      this.reportedUnRelabel = true;
    }
    let value = this.bytes.subarray(h.value, valueEnd);
    if (!this.enc.littleEndian) value = swapped(value, binaryUnitSize(vr));
    return { tag: h.tag, vr, value };
  }

  private sequence(h: Header, end: number, enc: Encoding, depth: number, undefinedLength: boolean): { element: DicomElement; next: number } {
    if (depth >= MAX_DEPTH) throw new DicomReadError('bad_sequence', `Sequences nested deeper than ${MAX_DEPTH} levels at ${describeTag(h.tag)}`);
    const items: DicomDataset[] = [];
    const seqEnd = undefinedLength ? end : h.value + h.length;
    let p = h.value;
    for (;;) {
      if (!undefinedLength && p >= seqEnd) break;
      if (p + 8 > seqEnd) {
        if (undefinedLength && end === this.bytes.length) {
          throw new DicomReadError('truncated', `File ends inside sequence ${describeTag(h.tag)} (no Sequence Delimitation Item; truncated file)`);
        }
        throw new DicomReadError('bad_sequence', `Sequence ${describeTag(h.tag)} ends inside an item header at byte ${this.pos(p)}`);
      }
      const tag = this.readTag(p, enc.littleEndian);
      const length = this.u32(p + 4, enc.littleEndian);
      if (tag === Tag.SequenceDelimitationItem) {
        p += 8;
        if (undefinedLength) break;
        continue; // tolerated inside a defined-length sequence
      }
      if (tag !== Tag.Item) {
        throw new DicomReadError('bad_sequence', `Sequence ${describeTag(h.tag)}: expected an item (FFFE,E000) at byte ${this.pos(p)}, found ${describeTag(tag)}`);
      }
      if (length === UNDEFINED) {
        const r = this.parseDataset(p + 8, seqEnd, { enc, depth: depth + 1, untilItemEnd: true });
        items.push(r.dataset);
        p = r.next;
      } else {
        if (p + 8 + length > seqEnd) {
          throw new DicomReadError(end === this.bytes.length && undefinedLength ? 'truncated' : 'bad_sequence', `Item of sequence ${describeTag(h.tag)} at byte ${this.pos(p)} declares ${length} bytes, more than the sequence holds`);
        }
        items.push(this.parseDataset(p + 8, p + 8 + length, { enc, depth: depth + 1 }).dataset);
        p += 8 + length;
      }
    }
    return { element: { tag: h.tag, vr: 'SQ', value: items, ...(undefinedLength ? { undefinedLength: true } : {}) }, next: p };
  }

  /** PS3.5 A.4: Basic Offset Table item, then one item per fragment, then a Sequence Delimitation Item. */
  private encapsulated(h: Header, end: number, topLevel: boolean): { element: DicomElement; next: number } {
    const fragments: Uint8Array[] = [];
    let offsetTable: number[] = [];
    let p = h.value;
    let first = true;
    for (;;) {
      if (p === end && topLevel && !first) {
        this.warnings.push(`Pixel Data has no Sequence Delimitation Item: the file ends right after fragment ${fragments.length}`);
        break;
      }
      if (p + 8 > end) {
        throw new DicomReadError('truncated', `File ends inside encapsulated Pixel Data (7FE0,0010) after ${fragments.length} fragments (truncated file)`);
      }
      const tag = this.readTag(p, true);
      const length = this.u32(p + 4, true);
      if (tag === Tag.SequenceDelimitationItem) {
        p += 8;
        break;
      }
      if (tag !== Tag.Item) {
        throw new DicomReadError('bad_pixel_data', `Encapsulated Pixel Data: expected an item (FFFE,E000) at byte ${this.pos(p)}, found ${describeTag(tag)}`);
      }
      if (length === UNDEFINED) {
        throw new DicomReadError('bad_pixel_data', `Encapsulated Pixel Data: fragment at byte ${this.pos(p)} has undefined length`);
      }
      if (p + 8 + length > end) {
        throw new DicomReadError('truncated', `File ends inside fragment ${fragments.length + (first ? 0 : 1)} of Pixel Data (7FE0,0010): ${length} bytes declared, ${end - p - 8} present (truncated file)`);
      }
      const data = this.bytes.subarray(p + 8, p + 8 + length);
      if (first) {
        if (length % 4 !== 0) throw new DicomReadError('bad_pixel_data', `Basic Offset Table of Pixel Data has ${length} bytes, not a multiple of 4`);
        const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
        offsetTable = Array.from({ length: length / 4 }, (_, i) => v.getUint32(i * 4, true));
        first = false;
      } else {
        fragments.push(data);
      }
      p += 8 + length;
    }
    const element: DicomElement = { tag: h.tag, vr: h.vr === 'OW' ? 'OB' : h.vr || 'OB', value: fragments, undefinedLength: true };
    if (offsetTable.length > 0) element.offsetTable = offsetTable;
    return { element, next: p };
  }
}
