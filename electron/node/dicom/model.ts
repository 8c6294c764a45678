/**
 * The element model shared by the reader, the writer, de-identification and instance creation.
 * Values stay raw little-endian bytes so that a read -> write round trip changes nothing it does
 * not have to; typed getters decode on demand.
 */
import { isStringVr, isTextVr, paddingByte, usesCharacterSet } from '../../../common/dicom/vr';
import { Tag } from '../../../common/dicom/tags';
import { decodeDicomText, encodeDicomText } from './text';

export interface DicomElement {
  /** 'GGGGEEEE' uppercase hex. */
  tag: string;
  vr: string;
  /**
   * Raw little-endian value bytes (padding included), or SQ items, or encapsulated pixel data
   * fragments (basic offset table excluded).
   */
  value: Uint8Array | DicomElement[][] | Uint8Array[];
  /** The sequence (or encapsulated pixel data) was written with undefined length. */
  undefinedLength?: boolean;
  /** Encapsulated pixel data: Basic Offset Table entries as read (byte offsets of frame starts). */
  offsetTable?: number[];
}

/** Sorted by tag. */
export type DicomDataset = DicomElement[];

export function isBytes(el: DicomElement): el is DicomElement & { value: Uint8Array } {
  return el.value instanceof Uint8Array;
}

export function isSequence(el: DicomElement): el is DicomElement & { value: DicomElement[][] } {
  return el.vr === 'SQ' && Array.isArray(el.value);
}

export function isFragments(el: DicomElement): el is DicomElement & { value: Uint8Array[] } {
  return el.vr !== 'SQ' && Array.isArray(el.value);
}

export function findElement(ds: DicomDataset, tag: string): DicomElement | undefined {
  // Data sets are small (hundreds of elements); a binary search is not worth the sort invariant risk.
  return ds.find((e) => e.tag === tag);
}

export function hasElement(ds: DicomDataset, tag: string): boolean {
  return findElement(ds, tag) !== undefined;
}

/** Raw value bytes of a non-sequence element, or null. */
export function getBytes(ds: DicomDataset, tag: string): Uint8Array | null {
  const el = findElement(ds, tag);
  return el && isBytes(el) ? el.value : null;
}

function datasetCharset(ds: DicomDataset): string | null {
  const bytes = getBytes(ds, Tag.SpecificCharacterSet);
  return bytes ? decodeDicomText(bytes, null).replace(/[\0 ]+$/, '') : null;
}

function trimValue(text: string, vr: string): string {
  // PS3.5 6.2: trailing spaces (and NUL padding for UI) are insignificant everywhere; leading
  // spaces are insignificant except in the text VRs.
  const noTrail = text.replace(/[\0 ]+$/, '');
  return isTextVr(vr) ? noTrail : noTrail.replace(/^ +/, '');
}

/**
 * String value of an element, decoded with `charset` (default: the data set's own Specific
 * Character Set; pass the root's for elements inside sequence items). Multi-valued elements keep
 * their backslashes; use getStrings to split. Null when absent or not a string element.
 */
export function getString(ds: DicomDataset, tag: string, charset?: string | null): string | null {
  const el = findElement(ds, tag);
  if (!el || !isBytes(el)) return null;
  if (!isStringVr(el.vr) && el.vr !== 'UN') return null;
  const cs = usesCharacterSet(el.vr) || el.vr === 'UN' ? (charset ?? datasetCharset(ds)) : null;
  const text = decodeDicomText(el.value, cs);
  if (isTextVr(el.vr)) return trimValue(text, el.vr);
  return text
    .split('\\')
    .map((v) => trimValue(v, el.vr))
    .join('\\');
}

export function getStrings(ds: DicomDataset, tag: string, charset?: string | null): string[] {
  const s = getString(ds, tag, charset);
  if (s === null || s === '') return [];
  return s.split('\\');
}

function binaryNumbers(el: DicomElement & { value: Uint8Array }): number[] | null {
  const b = el.value;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const read = (size: number, f: (o: number) => number): number[] => {
    const out: number[] = [];
    for (let o = 0; o + size <= b.byteLength; o += size) out.push(f(o));
    return out;
  };
  switch (el.vr) {
    case 'US':
      return read(2, (o) => view.getUint16(o, true));
    case 'SS':
      return read(2, (o) => view.getInt16(o, true));
    case 'UL':
      return read(4, (o) => view.getUint32(o, true));
    case 'SL':
      return read(4, (o) => view.getInt32(o, true));
    case 'FL':
      return read(4, (o) => view.getFloat32(o, true));
    case 'FD':
      return read(8, (o) => view.getFloat64(o, true));
    default:
      return null;
  }
}

/** All numeric values (IS/DS text or binary US/SS/UL/SL/FL/FD); values that do not parse are NaN. */
export function getNumbers(ds: DicomDataset, tag: string): number[] {
  const el = findElement(ds, tag);
  if (!el || !isBytes(el)) return [];
  const bin = binaryNumbers(el);
  if (bin) return bin;
  if (el.vr !== 'IS' && el.vr !== 'DS') return [];
  const s = getString(ds, tag);
  if (!s) return [];
  return s.split('\\').map((v) => (v.trim() === '' ? NaN : Number(v.trim())));
}

/** First numeric value, or null when absent, empty or not a number. */
export function getNumber(ds: DicomDataset, tag: string): number | null {
  const v = getNumbers(ds, tag)[0];
  return v === undefined || Number.isNaN(v) ? null : v;
}

export function getUint16(ds: DicomDataset, tag: string): number | null {
  const b = getBytes(ds, tag);
  if (!b || b.byteLength < 2) return null;
  return (b[0] ?? 0) | ((b[1] ?? 0) << 8);
}

export function getSequenceItems(ds: DicomDataset, tag: string): DicomDataset[] {
  const el = findElement(ds, tag);
  return el && isSequence(el) ? el.value : [];
}

/** Insert or replace, keeping the data set sorted by tag. */
export function setElement(ds: DicomDataset, el: DicomElement): void {
  const i = ds.findIndex((e) => e.tag >= el.tag);
  if (i < 0) ds.push(el);
  else if (ds[i]?.tag === el.tag) ds[i] = el;
  else ds.splice(i, 0, el);
}

export function removeElement(ds: DicomDataset, tag: string): boolean {
  const i = ds.findIndex((e) => e.tag === tag);
  if (i < 0) return false;
  ds.splice(i, 1);
  return true;
}

/** Pad to even length with the VR's padding byte (PS3.5 7.1.1). */
export function padEven(bytes: Uint8Array, vr: string): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = paddingByte(vr);
  return out;
}

/**
 * Set a string element. Text is encoded with the data set's Specific Character Set (ASCII, ISO
 * 8859-1 or UTF-8; see encodeDicomText). Pass an array for multi-valued elements.
 */
export function setString(ds: DicomDataset, tag: string, vr: string, value: string | readonly string[]): void {
  const text = typeof value === 'string' ? value : value.join('\\');
  const charset = usesCharacterSet(vr) ? datasetCharset(ds) : null;
  setElement(ds, { tag, vr, value: padEven(encodeDicomText(text, charset), vr) });
}

export function setUint16(ds: DicomDataset, tag: string, value: number | readonly number[]): void {
  const values = typeof value === 'number' ? [value] : value;
  const b = new Uint8Array(values.length * 2);
  const view = new DataView(b.buffer);
  values.forEach((v, i) => view.setUint16(i * 2, v, true));
  setElement(ds, { tag, vr: 'US', value: b });
}

export function setUint32(ds: DicomDataset, tag: string, value: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  setElement(ds, { tag, vr: 'UL', value: b });
}

/** AT value: a list of tags, each written as group then element (PS3.5 6.2). */
export function setTags(ds: DicomDataset, tag: string, tags: readonly string[]): void {
  const b = new Uint8Array(tags.length * 4);
  const view = new DataView(b.buffer);
  tags.forEach((t, i) => {
    view.setUint16(i * 4, parseInt(t.slice(0, 4), 16), true);
    view.setUint16(i * 4 + 2, parseInt(t.slice(4, 8), 16), true);
  });
  setElement(ds, { tag, vr: 'AT', value: b });
}

export function setSequence(ds: DicomDataset, tag: string, items: DicomDataset[]): void {
  setElement(ds, { tag, vr: 'SQ', value: items });
}

/** Deep copy (values copied too) so that edits to the copy never reach the source. */
export function cloneDataset(ds: DicomDataset): DicomDataset {
  return ds.map((el) => {
    const copy: DicomElement = { ...el, value: el.value };
    if (isSequence(el)) copy.value = el.value.map(cloneDataset);
    else if (isFragments(el)) copy.value = el.value.map((f) => f.slice());
    else if (isBytes(el)) copy.value = el.value.slice();
    if (el.offsetTable) copy.offsetTable = [...el.offsetTable];
    return copy;
  });
}

/** Text of a code item (CodeValue, CodingSchemeDesignator, CodeMeaning) as a data set. */
export function codeItem(value: string, scheme: string, meaning: string): DicomDataset {
  const item: DicomDataset = [];
  setString(item, Tag.CodeValue, 'SH', value);
  setString(item, Tag.CodingSchemeDesignator, 'SH', scheme);
  setString(item, Tag.CodeMeaning, 'LO', meaning);
  return item;
}
