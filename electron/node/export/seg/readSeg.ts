/**
 * Reading a VFSS SEG back: the BINARY Segmentation Kestrel writes (or one shaped like it), as
 * masks per segment keyed by 0-based source frame.
 */
import { SopClass } from '../../../../common/dicom/sopClasses';
import { unpackFrame } from './bitPacking';
import { dcmjs, type Natural } from './dcmjsAccess';
import { VfssSegError } from './errors';
import type { VfssSegContent } from './types';

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function items(v: unknown): Natural[] {
  return list(v).filter((x): x is Natural => typeof x === 'object' && x !== null && !(x instanceof ArrayBuffer) && !ArrayBuffer.isView(x));
}

function num(v: unknown): number | null {
  const first = list(v)[0];
  const n = typeof first === 'string' ? Number(first) : first;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function str(v: unknown): string {
  const first = list(v)[0];
  return typeof first === 'string' ? first : '';
}

function bytesOf(v: unknown): Uint8Array | null {
  const first = v instanceof ArrayBuffer ? v : list(v)[0];
  if (first instanceof ArrayBuffer) return new Uint8Array(first);
  if (ArrayBuffer.isView(first)) return new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  return null;
}

function notSeg(why: string): VfssSegError {
  return new VfssSegError('not_a_segmentation', `Not a readable VFSS SEG: ${why}`);
}

export function readVfssSeg(part10: Uint8Array): VfssSegContent {
  const lib = dcmjs();
  let ds: Natural;
  try {
    const buffer = part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength) as ArrayBuffer;
    ds = lib.DicomMetaDictionary.naturalizeDataset(lib.DicomMessage.readFile(buffer).dict);
  } catch (error) {
    throw notSeg(error instanceof Error ? error.message : String(error));
  }
  if (str(ds.SOPClassUID) !== SopClass.Segmentation) throw notSeg(`SOP Class UID is "${str(ds.SOPClassUID)}"`);
  if (str(ds.SegmentationType) !== 'BINARY' || num(ds.BitsAllocated) !== 1) throw notSeg('only BINARY segmentations (1 bit) are read');
  const rows = num(ds.Rows);
  const columns = num(ds.Columns);
  const frameCount = num(ds.NumberOfFrames);
  if (!rows || !columns || !frameCount) throw notSeg('Rows, Columns or Number of Frames missing');
  const pixels = bytesOf(ds.PixelData);
  const pixelsPerFrame = rows * columns;
  if (!pixels || pixels.length * 8 < frameCount * pixelsPerFrame) throw notSeg('Pixel Data shorter than Number of Frames × Rows × Columns bits');

  const segments = items(ds.SegmentSequence).map((s) => ({ number: num(s.SegmentNumber) ?? 0, label: str(s.SegmentLabel), frames: new Map<number, Uint8Array>() }));
  const byNumber = new Map(segments.map((s) => [s.number, s]));
  const perFrame = items(ds.PerFrameFunctionalGroupsSequence);
  if (perFrame.length !== frameCount) throw notSeg(`${perFrame.length} per-frame functional group items for ${frameCount} frames`);
  const sharedSegment = num(items(items(ds.SharedFunctionalGroupsSequence)[0]?.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber);

  let referencedSopInstanceUid = '';
  perFrame.forEach((fg, i) => {
    const segmentNumber = num(items(fg.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber) ?? sharedSegment;
    const source = items(items(fg.DerivationImageSequence)[0]?.SourceImageSequence)[0];
    const uid = str(source?.ReferencedSOPInstanceUID);
    const frameNumber = num(source?.ReferencedFrameNumber);
    if (segmentNumber === null || frameNumber === null || uid === '') {
      throw notSeg(`frame ${i + 1} lacks its segment number or its source reference (instance and frame number)`);
    }
    if (referencedSopInstanceUid === '') referencedSopInstanceUid = uid;
    else if (uid !== referencedSopInstanceUid) throw notSeg(`frame ${i + 1} references another source instance (${uid})`);
    const segment = byNumber.get(segmentNumber);
    if (!segment) throw notSeg(`frame ${i + 1} references segment ${segmentNumber}, which the Segment Sequence does not define`);
    segment.frames.set(frameNumber - 1, unpackFrame(pixels, i, pixelsPerFrame));
  });
  return { rows, columns, referencedSopInstanceUid, segments };
}
