/**
 * Finds where things are in a file before the data set is parsed: preamble and "DICM" prefix, the
 * File Meta Information (group 0002), the transfer syntax, and how the data set is really encoded.
 * Real files lie here (no preamble, no meta, a transfer syntax that says explicit VR over implicit
 * data, no transfer syntax at all), so the data decide and every deviation is recorded: the stored
 * copy of such a file must be rewritten cleanly.
 */
import { inflateRawSync } from 'node:zlib';
import { KNOWN_VRS, hasLongLength } from '../../../common/dicom/vr';
import { makeTag, Tag } from '../../../common/dicom/tags';
import { transferSyntaxInfo, transferSyntaxName, TS } from '../../../common/dicom/transferSyntax';
import { DicomReadError } from './errors';
import { knownVr } from './dictionary';
import { getString, type DicomDataset } from './model';
import { DatasetParser, looksLikeVr, type Encoding } from './parse';

export interface FileLayout {
  meta: DicomDataset;
  /** Bytes holding the data set (the inflated bytes for Deflated Explicit VR Little Endian). */
  datasetBytes: Uint8Array;
  datasetStart: number;
  encoding: Encoding;
  /** Transfer syntax as declared in the meta (or inferred when absent). */
  declaredTransferSyntaxUid: string;
  /** Why the file must be rewritten before it is stored (empty when it is a clean Part 10 file). */
  rewriteReasons: string[];
}

const u16 = (b: Uint8Array, at: number, le: boolean): number =>
  le ? (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) : ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

const u32le = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) + (b[at + 3] ?? 0) * 0x1000000;

function hasPrefix(b: Uint8Array, at: number): boolean {
  return b[at] === 0x44 && b[at + 1] === 0x49 && b[at + 2] === 0x43 && b[at + 3] === 0x4d; // "DICM"
}

/**
 * How a data set starting at `at` is encoded, judged from its first element: explicit when two
 * letters of a known VR follow the tag; big endian when only the big-endian reading gives a tag
 * the dictionary knows (with that VR). Null when the bytes do not look like a data set.
 */
export function sniffEncoding(b: Uint8Array, at: number, strict: boolean): Encoding | null {
  if (b.length < at + 8) return null;
  const vr = String.fromCharCode(b[at + 4] ?? 0, b[at + 5] ?? 0);
  const explicit = looksLikeVr(b, at + 4) && KNOWN_VRS.has(vr);
  const score = (le: boolean): number => {
    const group = u16(b, at, le);
    const tag = makeTag(group, u16(b, at + 2, le));
    const dictVr = knownVr(tag);
    if (group === 0 || group === 0xfffe || group > 0x7fe0) return -1;
    let s = 0;
    if (dictVr) s += 1;
    if (explicit && dictVr === vr) s += 2;
    if (!explicit && dictVr) {
      const length = u32le(b, at + 4);
      if (le && at + 8 + length <= b.length) s += 1;
    }
    if (group === 0x0002 || group === 0x0008) s += 1;
    if (strict && group % 2 === 1) s -= 1;
    return s;
  };
  const le = score(true);
  const be = explicit ? score(false) : -1;
  const best = Math.max(le, be);
  if (best < (strict ? 2 : 1)) return null;
  return { explicitVr: explicit, littleEndian: le >= be };
}

/** Byte offset just past the last group 0002 element starting at `start`. */
function scanMetaEnd(b: Uint8Array, start: number, explicit: boolean): number {
  let p = start;
  while (p + 8 <= b.length && u16(b, p, true) === 0x0002) {
    if (!explicit) {
      p += 8 + u32le(b, p + 4);
      continue;
    }
    const vr = String.fromCharCode(b[p + 4] ?? 0, b[p + 5] ?? 0);
    p += hasLongLength(vr) ? 12 + u32le(b, p + 8) : 8 + u16(b, p + 6, true);
  }
  if (p > b.length) {
    throw new DicomReadError('truncated', 'File ends inside the File Meta Information (truncated file)');
  }
  return p;
}

function readMeta(b: Uint8Array, start: number, warnings: string[], reasons: string[]): { meta: DicomDataset; end: number } {
  const explicit = looksLikeVr(b, start + 4);
  if (!explicit) reasons.push('File Meta Information is not in Explicit VR Little Endian');
  const end = scanMetaEnd(b, start, explicit);
  const parser = new DatasetParser(b.subarray(0, end), { explicitVr: explicit, littleEndian: true }, warnings);
  const { dataset: meta } = parser.parseDataset(start, end, { topLevel: true });
  const lengthEl = meta.find((e) => e.tag === Tag.FileMetaInformationGroupLength);
  if (!lengthEl) {
    reasons.push('File Meta Information has no group length (0002,0000)');
  } else if (lengthEl.value instanceof Uint8Array && lengthEl.value.length === 4) {
    const declared = u32le(lengthEl.value, 0);
    const groupStart = start + 12; // (0002,0000) comes first: 8 bytes of header, 4 of value
    if (groupStart + declared !== end) {
      reasons.push(`File Meta group length says ${declared} bytes, the elements take ${end - groupStart}`);
    }
  }
  return { meta, end };
}

function encodingOf(uid: string): Encoding | null {
  const info = transferSyntaxInfo(uid);
  if (!info) return null;
  return { explicitVr: info.explicitVr, littleEndian: info.littleEndian };
}

function tsForEncoding(enc: Encoding): string {
  if (!enc.littleEndian) return TS.ExplicitVRBigEndian;
  return enc.explicitVr ? TS.ExplicitVRLittleEndian : TS.ImplicitVRLittleEndian;
}

function inflate(b: Uint8Array, start: number): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(b.subarray(start)));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DicomReadError('truncated', `Deflated data set cannot be inflated (${why}); the file is damaged or truncated`);
  }
}

/** When the first element is unusual (an odd group, a private tag), let a full parse decide. */
function firstEncodingThatParses(b: Uint8Array, start: number): Encoding | null {
  const candidates: Encoding[] = [
    { explicitVr: true, littleEndian: true },
    { explicitVr: false, littleEndian: true },
  ];
  for (const enc of candidates) {
    try {
      new DatasetParser(b, enc, []).parseDataset(start, b.length, { topLevel: true });
      return enc;
    } catch {
      // try the next encoding
    }
  }
  return null;
}

/**
 * A data set without preamble or meta. It normally starts at byte 0; a few stray bytes in front
 * (a file cut just after its meta) are accepted only when the data set from there parses to the end.
 */
function findRawDataset(b: Uint8Array): { start: number; enc: Encoding } | null {
  for (let start = 0; start < 8; start++) {
    const enc = sniffEncoding(b, start, true);
    if (!enc) continue;
    if (start === 0) return { start, enc };
    try {
      new DatasetParser(b, enc, []).parseDataset(start, b.length, { topLevel: true });
      return { start, enc };
    } catch {
      // not a data set from here
    }
  }
  return null;
}

export function readFileLayout(b: Uint8Array, warnings: string[]): FileLayout {
  const reasons: string[] = [];
  let metaStart: number | null = null;
  if (b.length >= 132 && hasPrefix(b, 128)) metaStart = 132;
  else if (hasPrefix(b, 0)) {
    metaStart = 4;
    reasons.push('File has no 128-byte preamble before "DICM"');
  } else if (u16(b, 0, true) === 0x0002 && looksLikeVr(b, 4)) {
    metaStart = 0;
    reasons.push('File has no preamble and no "DICM" prefix');
  }

  if (metaStart === null) {
    const found = findRawDataset(b);
    if (!found) {
      throw new DicomReadError('not_dicom', 'Not a DICOM file: no "DICM" prefix at byte 128 and the bytes do not start a DICOM data set');
    }
    const ts = tsForEncoding(found.enc);
    reasons.push(`File has no preamble and no File Meta Information; the data set reads as ${transferSyntaxName(ts)}`);
    if (found.start > 0) {
      reasons.push(`${found.start} stray byte(s) before the data set were skipped (the start of the file is damaged)`);
    }
    return { meta: [], datasetBytes: b, datasetStart: found.start, encoding: found.enc, declaredTransferSyntaxUid: ts, rewriteReasons: reasons };
  }

  const { meta, end } = readMeta(b, metaStart, warnings, reasons);
  const declared = (getString(meta, Tag.TransferSyntaxUID) ?? '').replace(/\0/g, '').trim();
  const sniffed = sniffEncoding(b, end, false);

  if (!declared) {
    if (end >= b.length) {
      throw new DicomReadError('missing_transfer_syntax', 'File Meta Information has no Transfer Syntax UID (0002,0010) and no data set follows it');
    }
    const found = sniffed ?? firstEncodingThatParses(b, end);
    if (!found) {
      throw new DicomReadError('missing_transfer_syntax', 'File Meta Information has no Transfer Syntax UID (0002,0010) and the data set parses neither as explicit nor as implicit VR');
    }
    const ts = tsForEncoding(found);
    reasons.push(`File Meta Information has no Transfer Syntax UID (0002,0010); the data set reads as ${transferSyntaxName(ts)}`);
    return { meta, datasetBytes: b, datasetStart: end, encoding: found, declaredTransferSyntaxUid: ts, rewriteReasons: reasons };
  }

  const info = transferSyntaxInfo(declared);
  if (info?.deflated) {
    reasons.push('Data set is deflated; stored inflated as Explicit VR Little Endian');
    return { meta, datasetBytes: inflate(b, end), datasetStart: 0, encoding: { explicitVr: true, littleEndian: true }, declaredTransferSyntaxUid: declared, rewriteReasons: reasons };
  }
  // Syntaxes we do not know are encapsulated ones in practice (video, JPIP, ...): explicit VR LE.
  let enc = encodingOf(declared) ?? { explicitVr: true, littleEndian: true };
  if (sniffed && end < b.length && sniffed.explicitVr !== enc.explicitVr) {
    reasons.push(
      `Transfer syntax ${declared} says ${enc.explicitVr ? 'explicit' : 'implicit'} VR but the data set is encoded with ${sniffed.explicitVr ? 'explicit' : 'implicit'} VR; read as encoded`,
    );
    enc = { ...enc, explicitVr: sniffed.explicitVr };
  }
  if (!enc.littleEndian) reasons.push('Data set is big endian; stored as Explicit VR Little Endian');
  return { meta, datasetBytes: b, datasetStart: end, encoding: enc, declaredTransferSyntaxUid: declared, rewriteReasons: reasons };
}
