/**
 * Checks that decide whether a parsed file can become an image in Kestrel. Each failure names the
 * attribute and the numbers involved, so the import report tells the user what is wrong.
 */
import { Tag } from '../../../common/dicom/tags';
import { nonImageSopClass } from '../../../common/dicom/sopClasses';
import { transferSyntaxInfo, transferSyntaxName } from '../../../common/dicom/transferSyntax';
import { describeTag } from './dictionary';
import { DicomReadError } from './errors';
import type { DicomAttributes } from './attributes';
import { findElement, isBytes, isFragments, type DicomDataset } from './model';
import { frameFragmentRanges, nativeLength, pixelDataElement } from './pixelData';

const PHOTOMETRIC: ReadonlySet<string> = new Set([
  'MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_ICT', 'YBR_RCT', 'PALETTE COLOR',
]);

export function checkSopClass(a: DicomAttributes): void {
  const kind = nonImageSopClass(a.sopClassUid);
  if (kind) {
    throw new DicomReadError('unsupported_sop_class', `Not an image: SOP Class ${a.sopClassUid} is ${kind} Storage`);
  }
}

export function checkRequiredUids(a: DicomAttributes): void {
  const missing: string[] = [];
  if (!a.studyInstanceUid) missing.push(describeTag(Tag.StudyInstanceUID));
  if (!a.seriesInstanceUid) missing.push(describeTag(Tag.SeriesInstanceUID));
  if (!a.sopInstanceUid) missing.push(describeTag(Tag.SOPInstanceUID));
  if (!a.sopClassUid) missing.push(describeTag(Tag.SOPClassUID));
  if (missing.length > 0) {
    throw new DicomReadError('missing_attribute', `Required ${missing.length > 1 ? 'UIDs are' : 'UID is'} missing: ${missing.join(', ')}`);
  }
}

export function checkPixelDataPresent(ds: DicomDataset): void {
  if (pixelDataElement(ds)) return;
  if (findElement(ds, Tag.FloatPixelData) || findElement(ds, Tag.DoubleFloatPixelData)) {
    throw new DicomReadError('bad_pixel_data', 'Float Pixel Data is not supported; Kestrel reads integer Pixel Data (7FE0,0010)');
  }
  throw new DicomReadError('no_pixel_data', 'The data set has no Pixel Data (7FE0,0010): there is no image to show');
}

function checkImagePixelModule(a: DicomAttributes): void {
  const missing: string[] = [];
  if (!a.rows) missing.push(describeTag(Tag.Rows));
  if (!a.columns) missing.push(describeTag(Tag.Columns));
  if (!a.bitsAllocated) missing.push(describeTag(Tag.BitsAllocated));
  if (missing.length > 0) {
    throw new DicomReadError('missing_attribute', `Image Pixel attributes missing or zero: ${missing.join(', ')}`);
  }
  if (![1, 8, 16, 32].includes(a.bitsAllocated)) {
    throw new DicomReadError('bad_pixel_data', `Bits Allocated (0028,0100) is ${a.bitsAllocated}; Kestrel reads 1, 8, 16 or 32`);
  }
  if (a.bitsStored < 1 || a.bitsStored > a.bitsAllocated) {
    throw new DicomReadError('bad_pixel_data', `Bits Stored (0028,0101) is ${a.bitsStored} with Bits Allocated ${a.bitsAllocated}`);
  }
  if (a.samplesPerPixel !== 1 && a.samplesPerPixel !== 3) {
    throw new DicomReadError('bad_pixel_data', `Samples per Pixel (0028,0002) is ${a.samplesPerPixel}; Kestrel reads 1 or 3`);
  }
  if (!PHOTOMETRIC.has(a.photometricInterpretation)) {
    throw new DicomReadError('bad_pixel_data', `Photometric Interpretation (0028,0004) "${a.photometricInterpretation}" is not supported`);
  }
  const colour = a.samplesPerPixel === 3;
  if (colour === a.photometricInterpretation.startsWith('MONOCHROME') || (colour && a.photometricInterpretation === 'PALETTE COLOR')) {
    throw new DicomReadError('bad_pixel_data', `Photometric Interpretation ${a.photometricInterpretation} does not fit Samples per Pixel ${a.samplesPerPixel}`);
  }
}

/** Transfer syntax, pixel module and pixel data length/fragments against the declared frames. */
export function checkPixelData(ds: DicomDataset, a: DicomAttributes, transferSyntaxUid: string): void {
  const ts = transferSyntaxInfo(transferSyntaxUid);
  if (!ts) {
    throw new DicomReadError('unsupported_transfer_syntax', `Transfer syntax ${transferSyntaxUid} (${transferSyntaxName(transferSyntaxUid)}) is not supported`);
  }
  checkImagePixelModule(a);
  const el = pixelDataElement(ds);
  if (!el) return;
  if (ts.encapsulated) {
    if (!isFragments(el)) {
      throw new DicomReadError('bad_pixel_data', `Pixel Data is not encapsulated although the transfer syntax is ${ts.name}`);
    }
    if (el.value.length === 0) throw new DicomReadError('bad_pixel_data', 'Encapsulated Pixel Data has no fragments');
    if (!frameFragmentRanges(el, a.frames)) {
      throw new DicomReadError(
        'bad_pixel_data',
        `Number of Frames is ${a.frames} but encapsulated Pixel Data has ${el.value.length} fragments and ${el.offsetTable?.length ?? 0} offset table entries; the frames cannot be located`,
      );
    }
    return;
  }
  if (!isBytes(el)) {
    throw new DicomReadError('bad_pixel_data', `Pixel Data is encapsulated although the transfer syntax is ${ts.name}`);
  }
  const need = nativeLength(a, a.frames);
  if (el.value.length < need) {
    throw new DicomReadError(
      'bad_pixel_data',
      `Pixel Data holds ${el.value.length} bytes but ${a.rows}×${a.columns} pixels × ${a.samplesPerPixel} samples × ${a.bitsAllocated} bits × ${a.frames} frames need ${need}`,
    );
  }
}
