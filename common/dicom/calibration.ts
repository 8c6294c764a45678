/**
 * Measurement calibration of a projection image (CLINICAL.md §4: say which source was used).
 *
 * PixelSpacing (0028,0030) is spacing in the patient (calibrated); ImagerPixelSpacing (0018,1164)
 * is spacing at the detector, which over-states sizes by the geometric magnification. When the
 * modality states EstimatedRadiographicMagnificationFactor (0018,1114) the detector spacing is
 * divided by it (PS3.3 C.8.11.7.1.1 / IHE Mammography "Pixel Spacing" guidance). DICOM order is
 * [row spacing (between rows, along y), column spacing (between columns, along x)].
 */
import type { Calibration } from '../api/domain';

export interface CalibrationAttributes {
  pixelSpacing?: [number, number] | null;
  imagerPixelSpacing?: [number, number] | null;
  estimatedRadiographicMagnificationFactor?: number | null;
  modality?: string;
}

function validPair(p: [number, number] | null | undefined): p is [number, number] {
  return !!p && p.length === 2 && p.every((v) => Number.isFinite(v) && v > 0);
}

export function calibrationFromAttributes(a: CalibrationAttributes): Calibration {
  if (validPair(a.pixelSpacing)) {
    return { rowMm: a.pixelSpacing[0], colMm: a.pixelSpacing[1], source: 'PixelSpacing' };
  }
  if (validPair(a.imagerPixelSpacing)) {
    const ermf = a.estimatedRadiographicMagnificationFactor;
    if (typeof ermf === 'number' && Number.isFinite(ermf) && ermf > 0) {
      return {
        rowMm: a.imagerPixelSpacing[0] / ermf,
        colMm: a.imagerPixelSpacing[1] / ermf,
        source: 'ImagerPixelSpacing/ERMF',
      };
    }
    return { rowMm: a.imagerPixelSpacing[0], colMm: a.imagerPixelSpacing[1], source: 'ImagerPixelSpacing' };
  }
  return { rowMm: null, colMm: null, source: 'none' };
}
