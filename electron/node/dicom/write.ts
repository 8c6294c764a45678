/**
 * Part 10 writer (PS3.10 7.1, PS3.5 7): 128-byte preamble, "DICM", group 0002 with its group
 * length, then the data set in Explicit VR Little Endian. Native transfer syntaxes are always
 * written as Explicit VR Little Endian (the model holds little-endian values and real VRs);
 * encapsulated pixel data keeps its fragments and gets a Basic Offset Table that matches them.
 */
import { hasLongLength } from '../../../common/dicom/vr';
import { isFileMetaTag, isGroupLengthTag, Tag } from '../../../common/dicom/tags';
import { transferSyntaxInfo, TS } from '../../../common/dicom/transferSyntax';
import { isBytes, isFragments, isSequence, padEven, type DicomDataset, type DicomElement } from './model';
import type { ParsedDicom } from './read';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './uid';

export interface WriteOptions {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  implementationVersionName?: string;
}

const UNDEFINED = 0xffffffff;

/** Collects output chunks; lengths are known before bytes are joined. */
class Sink {
  readonly parts: Uint8Array[] = [];
  length = 0;

  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }

  u16u16u32(a: number, b: number, c: number): void {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint16(0, a, true);
    v.setUint16(2, b, true);
    v.setUint32(4, c, true);
    this.bytes(out);
  }

  sink(other: Sink): void {
    for (const p of other.parts) this.parts.push(p);
    this.length += other.length;
  }

  join(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function tagNumbers(tag: string): [number, number] {
  return [parseInt(tag.slice(0, 4), 16), parseInt(tag.slice(4, 8), 16)];
}

function header(sink: Sink, tag: string, vr: string, length: number): void {
  const [g, e] = tagNumbers(tag);
  const long = hasLongLength(vr);
  const out = new Uint8Array(long ? 12 : 8);
  const v = new DataView(out.buffer);
  v.setUint16(0, g, true);
  v.setUint16(2, e, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) v.setUint32(8, length, true);
  else v.setUint16(6, length, true);
  sink.bytes(out);
}

function itemTag(sink: Sink, tag: string, length: number): void {
  const [g, e] = tagNumbers(tag);
  sink.u16u16u32(g, e, length);
}

/**
 * Basic Offset Table for the written fragments: the source table mapped through the new fragment
 * positions (padding can move them); empty when the source table does not point at fragment starts.
 */
function offsetTableFor(el: DicomElement & { value: Uint8Array[] }): number[] {
  const table = el.offsetTable ?? [];
  if (table.length === 0) return [];
  const oldPos: number[] = [];
  const newPos: number[] = [];
  let o = 0;
  let n = 0;
  for (const f of el.value) {
    oldPos.push(o);
    newPos.push(n);
    o += 8 + f.length;
    n += 8 + f.length + (f.length % 2);
  }
  const mapped = table.map((t) => {
    const i = oldPos.indexOf(t);
    return i < 0 ? -1 : (newPos[i] ?? -1);
  });
  return mapped.every((m) => m >= 0) ? mapped : [];
}

function writeFragments(sink: Sink, el: DicomElement & { value: Uint8Array[] }): void {
  header(sink, el.tag, 'OB', UNDEFINED);
  const table = offsetTableFor(el);
  const bot = new Uint8Array(table.length * 4);
  const v = new DataView(bot.buffer);
  table.forEach((t, i) => v.setUint32(i * 4, t, true));
  itemTag(sink, Tag.Item, bot.length);
  sink.bytes(bot);
  for (const f of el.value) {
    const padded = padEven(f, 'OB');
    itemTag(sink, Tag.Item, padded.length);
    sink.bytes(padded);
  }
  itemTag(sink, Tag.SequenceDelimitationItem, 0);
}

function writeSequence(sink: Sink, el: DicomElement & { value: DicomElement[][] }): void {
  if (el.undefinedLength) {
    header(sink, el.tag, 'SQ', UNDEFINED);
    for (const item of el.value) {
      itemTag(sink, Tag.Item, UNDEFINED);
      writeElements(sink, item);
      itemTag(sink, Tag.ItemDelimitationItem, 0);
    }
    itemTag(sink, Tag.SequenceDelimitationItem, 0);
    return;
  }
  const body = new Sink();
  for (const item of el.value) {
    const itemSink = new Sink();
    writeElements(itemSink, item);
    itemTag(body, Tag.Item, itemSink.length);
    body.sink(itemSink);
  }
  header(sink, el.tag, 'SQ', body.length);
  sink.sink(body);
}

function writeElement(sink: Sink, el: DicomElement): void {
  if (isSequence(el)) return writeSequence(sink, el);
  if (isFragments(el)) return writeFragments(sink, el);
  if (!isBytes(el)) return;
  const value = padEven(el.value, el.vr);
  // A short-form VR cannot carry more than 65534 bytes; UN can carry anything (PS3.5 6.2.2).
  const vr = !hasLongLength(el.vr) && value.length > 0xfffe ? 'UN' : el.vr;
  header(sink, el.tag, vr, value.length);
  sink.bytes(value);
}

function writeElements(sink: Sink, ds: DicomDataset): void {
  const sorted = [...ds].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  for (const el of sorted) {
    if (isGroupLengthTag(el.tag) || isFileMetaTag(el.tag)) continue;
    writeElement(sink, el);
  }
}

/** The data set alone, Explicit VR Little Endian (no preamble, no meta). */
export function encodeDataset(ds: DicomDataset): Uint8Array {
  const sink = new Sink();
  writeElements(sink, ds);
  return sink.join();
}

function asciiValue(text: string, vr: string): Uint8Array {
  return padEven(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f), vr);
}

function metaElements(ts: string, options: WriteOptions): DicomDataset {
  return [
    { tag: Tag.FileMetaInformationVersion, vr: 'OB', value: new Uint8Array([0x00, 0x01]) },
    { tag: Tag.MediaStorageSOPClassUID, vr: 'UI', value: asciiValue(options.sopClassUid, 'UI') },
    { tag: Tag.MediaStorageSOPInstanceUID, vr: 'UI', value: asciiValue(options.sopInstanceUid, 'UI') },
    { tag: Tag.TransferSyntaxUID, vr: 'UI', value: asciiValue(ts, 'UI') },
    { tag: Tag.ImplementationClassUID, vr: 'UI', value: asciiValue(IMPLEMENTATION_CLASS_UID, 'UI') },
    {
      tag: Tag.ImplementationVersionName,
      vr: 'SH',
      value: asciiValue((options.implementationVersionName ?? IMPLEMENTATION_VERSION_NAME).slice(0, 16), 'SH'),
    },
  ];
}

/**
 * The transfer syntax a file will declare: native syntaxes become Explicit VR Little Endian
 * (the only native encoding this writer produces); encapsulated ones are kept.
 */
export function writtenTransferSyntax(uid: string): string {
  const info = transferSyntaxInfo(uid);
  if (!info) throw new Error(`Cannot write transfer syntax ${uid}: not supported`);
  return info.codec === 'native' ? TS.ExplicitVRLittleEndian : uid;
}

export function writePart10(dataset: DicomDataset, options: WriteOptions): Uint8Array {
  const ts = writtenTransferSyntax(options.transferSyntaxUid);
  const encapsulated = transferSyntaxInfo(ts)?.encapsulated ?? false;
  const pixel = dataset.find((e) => e.tag === Tag.PixelData);
  if (pixel && isFragments(pixel) !== encapsulated) {
    throw new Error(`Pixel Data is ${isFragments(pixel) ? 'encapsulated' : 'native'} but transfer syntax ${ts} needs ${encapsulated ? 'fragments' : 'native data'}`);
  }
  const meta = new Sink();
  for (const el of metaElements(ts, options)) writeElement(meta, el);
  const out = new Sink();
  out.bytes(new Uint8Array(128));
  out.bytes(Uint8Array.from('DICM', (c) => c.charCodeAt(0)));
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, meta.length, true);
  writeElement(out, { tag: Tag.FileMetaInformationGroupLength, vr: 'UL', value: groupLength });
  out.sink(meta);
  writeElements(out, dataset);
  return out.join();
}

/** A clean rewrite of a file that was readable but not clean Part 10 (see ParsedDicom.needsRewrite). */
export function normalizeToPart10(parsed: ParsedDicom): Uint8Array {
  return writePart10(parsed.dataset, {
    transferSyntaxUid: parsed.transferSyntaxUid,
    sopClassUid: parsed.attributes.sopClassUid,
    sopInstanceUid: parsed.attributes.sopInstanceUid,
  });
}
