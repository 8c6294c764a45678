/**
 * readDicom: bytes in, a validated element model out, or a DicomReadError that says specifically
 * what is wrong. Files that are readable but not clean Part 10 (no meta, wrong VR encoding, big
 * endian, missing transfer syntax, repaired values) are flagged `needsRewrite` so that the stored
 * copy is a file every reader (dicom-parser in the viewer, dcmtk) opens.
 */
import { Tag } from '../../../common/dicom/tags';
import { TS, transferSyntaxInfo } from '../../../common/dicom/transferSyntax';
import { parseIntegerString } from '../../../common/dicom/values';
import { extractAttributes, numberOfFramesText, type DicomAttributes } from './attributes';
import { ambiguousVr, describeTag } from './dictionary';
import { DicomReadError } from './errors';
import { readFileLayout } from './fileLayout';
import { getString, isBytes, isFragments, setString, type DicomDataset } from './model';
import { DatasetParser, VrMismatch } from './parse';
import { nativeFrameBits, pixelDataElement } from './pixelData';
import { derivedUid } from './uid';
import { checkJ2kSignedness, markRgbJpeg } from './pixelFixups';
import { checkPixelData, checkPixelDataPresent, checkRequiredUids, checkSopClass } from './validate';

export { DicomReadError, type DicomReadErrorCode } from './errors';
export type { DicomAttributes } from './attributes';

export interface ParsedDicom {
  /**
   * The transfer syntax of the in-memory model and of the file to store: the declared one for a
   * clean file; Explicit VR Little Endian for a native file that must be rewritten (big endian,
   * deflated, implicit data under an explicit declaration, ...); the encapsulated syntax otherwise.
   */
  transferSyntaxUid: string;
  /** The transfer syntax the file declared (or the one inferred when it declared none). */
  sourceTransferSyntaxUid: string;
  dataset: DicomDataset;
  meta: DicomDataset;
  attributes: DicomAttributes;
  warnings: string[];
  /** True when the bytes on disk are not a clean Part 10 file and must be rewritten before storing. */
  needsRewrite: boolean;
  /** Why needsRewrite is true (also included in warnings). */
  rewriteReasons: string[];
}

export interface ReadOptions {
  /** Refuse files without displayable pixel data (default true). */
  requirePixelData?: boolean;
}

function parseDataset(bytes: Uint8Array, start: number, enc: { explicitVr: boolean; littleEndian: boolean }, warnings: string[]): DicomDataset {
  try {
    return new DatasetParser(bytes, enc, warnings).parseDataset(start, bytes.length, { topLevel: true }).dataset;
  } catch (error) {
    if (error instanceof VrMismatch) {
      throw new DicomReadError('not_dicom', `Data set is corrupt: element ${describeTag(error.tag)} at byte ${error.offset} has no valid VR in explicit VR data`);
    }
    throw error;
  }
}

/** Implicit VR data got US for "US or SS" elements; signed images need SS (PS3.5 A.1 note). */
function fixAmbiguousVrs(ds: DicomDataset, pixelRepresentation: number, bitsAllocated: number): void {
  for (const el of ds) {
    const amb = ambiguousVr(el.tag);
    if (amb === 'xs' && el.vr === 'US' && pixelRepresentation === 1) el.vr = 'SS';
    if (el.tag === Tag.PixelData && isBytes(el) && bitsAllocated <= 8) el.vr = 'OB';
  }
}

/** Number of Frames as declared, or inferred from the pixel data when the value is unusable. */
function resolveFrames(ds: DicomDataset, a: DicomAttributes, reasons: string[]): number {
  const text = numberOfFramesText(ds);
  if (text === null) return 1;
  const n = parseIntegerString(text);
  if (n !== null && n >= 1) return n;
  const el = pixelDataElement(ds);
  let inferred: number | null = null;
  if (el && isBytes(el) && a.rows && a.columns && a.bitsAllocated) {
    const frameBits = nativeFrameBits(a);
    const totalBits = el.value.length * 8;
    const count = Math.floor(totalBits / frameBits);
    if (count >= 1 && Math.ceil((count * frameBits) / 8) >= el.value.length - 1) inferred = count;
  } else if (el && isFragments(el)) {
    inferred = el.offsetTable?.length || el.value.length;
  }
  if (inferred === null) {
    throw new DicomReadError('bad_pixel_data', `Number of Frames (0028,0008) "${text}" is not a positive integer and the frame count cannot be inferred from the Pixel Data`);
  }
  reasons.push(`Number of Frames (0028,0008) "${text}" is not a positive integer; ${inferred} frames inferred from the Pixel Data length and written instead`);
  setString(ds, Tag.NumberOfFrames, 'IS', String(inferred));
  return inferred;
}

function readInner(bytes: Uint8Array, options: ReadOptions): ParsedDicom {
  const warnings: string[] = [];
  const layout = readFileLayout(bytes, warnings);
  const reasons = [...layout.rewriteReasons];
  let dataset: DicomDataset;
  try {
    dataset = parseDataset(layout.datasetBytes, layout.datasetStart, layout.encoding, warnings);
  } catch (error) {
    // Without "DICM" or a meta header, only a complete parse shows the bytes are DICOM at all.
    if (error instanceof DicomReadError && layout.meta.length === 0) {
      throw new DicomReadError('not_dicom', `Not a readable DICOM file: no "DICM" prefix or File Meta Information, and the data set does not parse (${error.message})`);
    }
    throw error;
  }

  const stray = dataset.filter((e) => e.tag.startsWith('0002'));
  if (stray.length > 0) {
    reasons.push(`File Meta elements (group 0002) found inside the data set were dropped`);
    for (const el of stray) dataset.splice(dataset.indexOf(el), 1);
  }

  const attributes = extractAttributes(dataset, warnings);
  if (!layout.encoding.explicitVr) fixAmbiguousVrs(dataset, attributes.pixelRepresentation, attributes.bitsAllocated);

  for (const [field, tag, metaTag] of [
    ['sopClassUid', Tag.SOPClassUID, Tag.MediaStorageSOPClassUID],
    ['sopInstanceUid', Tag.SOPInstanceUID, Tag.MediaStorageSOPInstanceUID],
  ] as const) {
    const fromMeta = (getString(layout.meta, metaTag) ?? '').replace(/\0/g, '').trim();
    if (!attributes[field] && fromMeta) {
      attributes[field] = fromMeta;
      setString(dataset, tag, 'UI', fromMeta);
      reasons.push(`${describeTag(tag)} was missing from the data set; taken from ${describeTag(metaTag)}`);
    }
  }

  // Study and series UIDs are required to file an image; some test and research files carry only
  // the SOP Instance UID. A UID derived from it keeps re-imports of the same file consistent.
  for (const [field, tag, purpose] of [
    ['studyInstanceUid', Tag.StudyInstanceUID, 'study'],
    ['seriesInstanceUid', Tag.SeriesInstanceUID, 'series'],
  ] as const) {
    if (!attributes[field] && attributes.sopInstanceUid) {
      attributes[field] = derivedUid(purpose, attributes.sopInstanceUid);
      setString(dataset, tag, 'UI', attributes[field]);
      reasons.push(`${describeTag(tag)} was missing; ${attributes[field]} was derived from the SOP Instance UID and written`);
    }
  }

  const declared = layout.declaredTransferSyntaxUid;
  attributes.frames = resolveFrames(dataset, attributes, reasons);
  const info = transferSyntaxInfo(declared);
  // Native data that must be rewritten is stored as Explicit VR Little Endian; unknown syntaxes are
  // kept as declared so that validation names them.
  const transferSyntaxUid = info && info.codec === 'native' && reasons.length > 0 ? TS.ExplicitVRLittleEndian : declared;
  checkJ2kSignedness(dataset, attributes, transferSyntaxUid, warnings);
  markRgbJpeg(dataset, attributes, transferSyntaxUid, reasons);

  try {
    if (options.requirePixelData ?? true) {
      checkSopClass(attributes);
      checkPixelDataPresent(dataset);
      checkRequiredUids(attributes);
      checkPixelData(dataset, attributes, transferSyntaxUid);
    } else {
      checkRequiredUids(attributes);
    }
  } catch (error) {
    // What was already odd about the file often explains the refusal: say it too.
    if (error instanceof DicomReadError && layout.rewriteReasons.length > 0) {
      throw new DicomReadError(error.code, `${error.message} (also: ${layout.rewriteReasons.join('; ')})`);
    }
    throw error;
  }

  return {
    transferSyntaxUid,
    sourceTransferSyntaxUid: declared,
    dataset,
    meta: layout.meta,
    attributes,
    warnings: [...reasons, ...warnings],
    needsRewrite: reasons.length > 0,
    rewriteReasons: reasons,
  };
}

/** Throws DicomReadError only; any other failure inside the parser is reported as unreadable data. */
export function readDicom(bytes: Uint8Array, options: ReadOptions = {}): ParsedDicom {
  try {
    return readInner(bytes, options);
  } catch (error) {
    if (error instanceof DicomReadError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new DicomReadError('not_dicom', `Unreadable DICOM data (${why})`);
  }
}
