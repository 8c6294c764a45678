import type { Gray8 } from '../../../common/imaging/image';
import { toGray8 } from '../../../common/imaging/image';
import { decodeFrame } from '../dicom/decode';
import { findElement, getNumbers, isBytes } from '../dicom/model';
import type { ParsedDicom } from '../dicom/read';

/**
 * A stored frame as the 8-bit grey image the models see: 8-bit grey data as it is (the phantoms
 * and most fluoroscopy are 8-bit, and training used them unchanged), deeper data through the file's
 * window (VOI LUT window centre/width), or min–max when it has none; MONOCHROME1 inverted.
 */
export async function frameToGray8(parsed: ParsedDicom, frame: number): Promise<Gray8> {
  const native = nativeGray8(parsed, frame);
  if (native) return native;
  const decoded = await decodeFrame(parsed, frame);
  const a = parsed.attributes;
  const monochrome1 = decoded.photometricInterpretation === 'MONOCHROME1';
  if (decoded.samplesPerPixel === 1 && a.bitsStored <= 8 && decoded.pixels instanceof Uint8Array && !monochrome1) {
    return { width: decoded.columns, height: decoded.rows, data: decoded.pixels };
  }
  const centers = getNumbers(parsed.dataset, '00281050');
  const widths = getNumbers(parsed.dataset, '00281051');
  const center = centers?.[0];
  const width = widths?.[0];
  return toGray8(decoded.pixels, decoded.columns, decoded.rows, {
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : null,
    monochrome1,
    samplesPerPixel: decoded.samplesPerPixel === 3 ? 3 : 1,
  });
}

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * Uncompressed 8-bit grey (most cine, our video imports and phantoms): the frame is a slice of the
 * pixel data as stored — the codec path would only copy it — so no copy and no decoder round trip.
 */
function nativeGray8(parsed: ParsedDicom, frame: number): Gray8 | null {
  const a = parsed.attributes;
  if (!NATIVE.has(parsed.transferSyntaxUid) || a.bitsAllocated !== 8 || a.samplesPerPixel !== 1 || a.photometricInterpretation !== 'MONOCHROME2') return null;
  const el = findElement(parsed.dataset, '7FE00010');
  if (!el || !isBytes(el)) return null;
  const size = a.rows * a.columns;
  if (frame < 0 || frame >= a.frames || (frame + 1) * size > el.value.length) return null;
  return { width: a.columns, height: a.rows, data: el.value.subarray(frame * size, (frame + 1) * size) };
}
