/**
 * SOP-class-specific modules for createInstance (PS3.3 Annex A IOD tables). Type 2 attributes we
 * have no value for are written empty, as the standard asks; values that would state a clinical
 * fact Kestrel does not know (e.g. anatomy, patient orientation) come from the spec or stay empty.
 */
import { SopClass } from '../../../common/dicom/sopClasses';
import { Tag } from '../../../common/dicom/tags';
import { formatDS, formatIS } from './dicomValues';
import type { NewInstanceSpec } from './instanceSpec';
import { codeItem, removeElement, setElement, setSequence, setString, setTags, type DicomDataset } from './model';

function setInt16(ds: DicomDataset, tag: string, value: number): void {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setInt16(0, value, true);
  setElement(ds, { tag, vr: 'SS', value: b });
}

function fail(spec: NewInstanceSpec, why: string): Error {
  return new Error(`createInstance (${spec.sopClassUid}): ${why}`);
}

/**
 * Multi-frame and Cine modules. The Frame Increment Pointer names the attribute that orders the
 * frames: Frame Time or Frame Time Vector when timing is known (CLINICAL.md: never invent a rate),
 * else Frame Label Vector (frame numbers) where the IOD allows it.
 */
function addFrames(ds: DicomDataset, spec: NewInstanceSpec, opts: { alwaysCount: boolean; timingRequired: boolean }): void {
  const n = spec.frames.length;
  if (n > 1 || opts.alwaysCount) setString(ds, Tag.NumberOfFrames, 'IS', formatIS(n));
  if (spec.frameTimeMs !== undefined) setString(ds, Tag.FrameTime, 'DS', formatDS(spec.frameTimeMs));
  if (spec.frameTimeVectorMs) setString(ds, Tag.FrameTimeVector, 'DS', spec.frameTimeVectorMs.map(formatDS));
  if (spec.recommendedDisplayFrameRate !== undefined) {
    setString(ds, Tag.RecommendedDisplayFrameRate, 'IS', formatIS(Math.round(spec.recommendedDisplayFrameRate)));
  }
  if (spec.cineRate !== undefined) setString(ds, Tag.CineRate, 'IS', formatIS(Math.round(spec.cineRate)));
  if (n <= 1) return;
  if (spec.frameTimeMs !== undefined) setTags(ds, Tag.FrameIncrementPointer, [Tag.FrameTime]);
  else if (spec.frameTimeVectorMs) setTags(ds, Tag.FrameIncrementPointer, [Tag.FrameTimeVector]);
  else if (opts.timingRequired) throw fail(spec, `${n} frames need frameTimeMs or frameTimeVectorMs (Cine module)`);
  else {
    setTags(ds, Tag.FrameIncrementPointer, [Tag.FrameLabelVector]);
    setString(ds, Tag.FrameLabelVector, 'SH', Array.from({ length: n }, (_, i) => String(i + 1)));
  }
}

function imageType(ds: DicomDataset, spec: NewInstanceSpec, fallback: string[]): void {
  setString(ds, Tag.ImageType, 'CS', spec.imageType ?? fallback);
}

/** Grayscale presentation attributes of SC Multi-frame Image and DX Image modules. */
function identityRescale(ds: DicomDataset, spec: NewInstanceSpec): void {
  setString(ds, Tag.RescaleIntercept, 'DS', '0');
  setString(ds, Tag.RescaleSlope, 'DS', '1');
  setString(ds, Tag.RescaleType, 'LO', 'US');
  setString(ds, Tag.PresentationLUTShape, 'CS', spec.photometricInterpretation === 'MONOCHROME1' ? 'INVERSE' : 'IDENTITY');
}

function requireSingleFrame(spec: NewInstanceSpec): void {
  if (spec.frames.length !== 1) throw fail(spec, `this SOP class holds one frame, got ${spec.frames.length}`);
}

function requireMonochrome(spec: NewInstanceSpec): void {
  if (spec.samplesPerPixel !== 1) throw fail(spec, 'this SOP class is monochrome only');
}

function secondaryCapture(ds: DicomDataset, spec: NewInstanceSpec): void {
  setString(ds, Tag.ConversionType, 'CS', spec.conversionType ?? 'WSD');
  imageType(ds, spec, ['DERIVED', 'SECONDARY']);
}

function multiFrameSecondaryCapture(ds: DicomDataset, spec: NewInstanceSpec): void {
  secondaryCapture(ds, spec);
  const uid = spec.sopClassUid;
  if (uid === SopClass.MultiFrameGrayscaleByteSecondaryCapture && (spec.bitsAllocated !== 8 || spec.bitsStored !== 8 || spec.samplesPerPixel !== 1)) {
    throw fail(spec, 'Multi-frame Grayscale Byte SC needs 8-bit monochrome frames');
  }
  if (uid === SopClass.MultiFrameGrayscaleWordSecondaryCapture && (spec.bitsAllocated !== 16 || spec.bitsStored < 9 || spec.samplesPerPixel !== 1)) {
    throw fail(spec, 'Multi-frame Grayscale Word SC needs 16-bit monochrome frames with 9-16 bits stored');
  }
  if (uid === SopClass.MultiFrameTrueColorSecondaryCapture && (spec.samplesPerPixel !== 3 || spec.bitsAllocated !== 8)) {
    throw fail(spec, 'Multi-frame True Color SC needs 8-bit RGB frames');
  }
  // SC Multi-frame Image module: Burned In Annotation is type 1; when the caller does not know,
  // say YES so that de-identification warns rather than trusts.
  setString(ds, Tag.BurnedInAnnotation, 'CS', spec.burnedInAnnotation ?? 'YES');
  if (spec.samplesPerPixel === 1) identityRescale(ds, spec);
  addFrames(ds, spec, { alwaysCount: true, timingRequired: false });
}

/** X-Ray Image, X-Ray Acquisition and (XA) Positioner modules, plus Cine/Multi-frame. */
function xray(ds: DicomDataset, spec: NewInstanceSpec, angiographic: boolean): void {
  requireMonochrome(spec);
  if (spec.photometricInterpretation !== 'MONOCHROME2') throw fail(spec, 'XA/RF images are MONOCHROME2');
  imageType(ds, spec, ['DERIVED', 'SECONDARY', 'SINGLE PLANE']);
  setString(ds, Tag.PixelIntensityRelationship, 'CS', 'LIN');
  setString(ds, Tag.KVP, 'DS', '');
  setString(ds, Tag.RadiationSetting, 'CS', 'GR');
  setString(ds, Tag.ExposureTime, 'IS', '');
  setString(ds, Tag.XRayTubeCurrent, 'IS', '');
  if (angiographic) {
    setString(ds, Tag.PositionerPrimaryAngle, 'DS', '');
    setString(ds, Tag.PositionerSecondaryAngle, 'DS', '');
    if (spec.frames.length > 1) setString(ds, Tag.PositionerMotion, 'CS', 'STATIC');
  }
  addFrames(ds, spec, { alwaysCount: false, timingRequired: true });
}

function computedRadiography(ds: DicomDataset, spec: NewInstanceSpec): void {
  requireSingleFrame(spec);
  requireMonochrome(spec);
  setString(ds, Tag.BodyPartExamined, 'CS', '');
  setString(ds, Tag.ViewPosition, 'CS', '');
  if (spec.imageType) imageType(ds, spec, []);
}

function digitalXRay(ds: DicomDataset, spec: NewInstanceSpec): void {
  requireSingleFrame(spec);
  requireMonochrome(spec);
  if (!spec.imagerPixelSpacing) throw fail(spec, 'DX needs imagerPixelSpacing (DX Detector module, type 1)');
  setString(ds, Tag.PresentationIntentType, 'CS', 'FOR PRESENTATION');
  // DX states laterality per image; the series-level Laterality must then be absent.
  removeElement(ds, Tag.Laterality);
  setString(ds, Tag.ImageLaterality, 'CS', spec.imageLaterality ?? 'U');
  const region = spec.anatomicRegion;
  setSequence(ds, Tag.AnatomicRegionSequence, region ? [codeItem(region.value, region.scheme, region.meaning)] : []);
  imageType(ds, spec, ['DERIVED', 'PRIMARY']);
  setString(ds, Tag.PixelIntensityRelationship, 'CS', 'LIN');
  setInt16(ds, Tag.PixelIntensityRelationshipSign, 1);
  identityRescale(ds, spec);
  setString(ds, Tag.LossyImageCompression, 'CS', '00');
  setString(ds, Tag.BurnedInAnnotation, 'CS', spec.burnedInAnnotation ?? 'YES');
  setString(ds, Tag.DetectorType, 'CS', '');
  if (spec.windowCenter === undefined || spec.windowWidth === undefined) {
    // VOI LUT is mandatory for presentation images: default to the full stored range.
    setString(ds, Tag.WindowCenter, 'DS', formatDS(2 ** (spec.bitsStored - 1)));
    setString(ds, Tag.WindowWidth, 'DS', formatDS(2 ** spec.bitsStored));
  }
  setSequence(ds, Tag.AcquisitionContextSequence, []);
}

export function addSopClassModules(ds: DicomDataset, spec: NewInstanceSpec): void {
  switch (spec.sopClassUid) {
    case SopClass.SecondaryCapture:
      requireSingleFrame(spec);
      return secondaryCapture(ds, spec);
    case SopClass.MultiFrameGrayscaleByteSecondaryCapture:
    case SopClass.MultiFrameGrayscaleWordSecondaryCapture:
    case SopClass.MultiFrameTrueColorSecondaryCapture:
      return multiFrameSecondaryCapture(ds, spec);
    case SopClass.XRayAngiographic:
      return xray(ds, spec, true);
    case SopClass.XRayRadiofluoroscopic:
      return xray(ds, spec, false);
    case SopClass.ComputedRadiography:
      return computedRadiography(ds, spec);
    case SopClass.DigitalXRayForPresentation:
      return digitalXRay(ds, spec);
    default:
      throw new Error(`createInstance: SOP class ${spec.sopClassUid} is not one Kestrel creates`);
  }
}
