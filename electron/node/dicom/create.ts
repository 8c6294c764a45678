/**
 * Builds new DICOM instances from pixels (demo phantoms, video frames, PNG/JPEG/TIFF imports):
 * Explicit VR Little Endian, native pixel data, and the modules each SOP class requires (PS3.3
 * Annex A), so that dciodvfy reports no errors for SC, multi-frame grayscale SC, XA, RF, CR and DX.
 */
import { SopClass } from '../../../common/dicom/sopClasses';
import { Tag } from '../../../common/dicom/tags';
import { TS } from '../../../common/dicom/transferSyntax';
import { isValidUid } from '../../../common/dicom/values';
import { formatDS, formatIS } from './dicomValues';
import { setElement, setString, setUint16, type DicomDataset } from './model';
import { addSopClassModules } from './instanceModules';
import type { NewInstanceSpec } from './instanceSpec';

export type { CodedConcept, NewInstanceSpec } from './instanceSpec';
import { writePart10 } from './write';

const NAME_SPACE = /^[\x20-\x7e]*$/;

function check(spec: NewInstanceSpec): void {
  const problems: string[] = [];
  for (const [name, uid] of [
    ['studyInstanceUid', spec.studyInstanceUid],
    ['seriesInstanceUid', spec.seriesInstanceUid],
    ['sopInstanceUid', spec.sopInstanceUid],
    ['sopClassUid', spec.sopClassUid],
  ] as const) {
    if (!isValidUid(uid)) problems.push(`${name} "${uid}" is not a valid UID`);
  }
  if (!/^\d{8}$/.test(spec.studyDate)) problems.push(`studyDate "${spec.studyDate}" is not YYYYMMDD`);
  if (spec.rows < 1 || spec.columns < 1 || spec.rows > 65535 || spec.columns > 65535) problems.push(`size ${spec.columns}×${spec.rows} is out of range`);
  if (spec.bitsStored < 1 || spec.bitsStored > spec.bitsAllocated) problems.push(`bitsStored ${spec.bitsStored} does not fit bitsAllocated ${spec.bitsAllocated}`);
  if ((spec.samplesPerPixel === 3) !== (spec.photometricInterpretation === 'RGB')) problems.push('RGB needs samplesPerPixel 3, monochrome needs 1');
  if (spec.frames.length === 0) problems.push('no frames');
  const n = spec.rows * spec.columns * spec.samplesPerPixel;
  spec.frames.forEach((f, i) => {
    if (f.length !== n) problems.push(`frame ${i + 1} has ${f.length} samples, ${n} expected`);
    if ((spec.bitsAllocated === 8) !== f instanceof Uint8Array) problems.push(`frame ${i + 1} array type does not match bitsAllocated ${spec.bitsAllocated}`);
  });
  if (spec.frameTimeVectorMs && spec.frameTimeVectorMs.length !== spec.frames.length) {
    problems.push(`frameTimeVectorMs has ${spec.frameTimeVectorMs.length} values for ${spec.frames.length} frames`);
  }
  if (!NAME_SPACE.test(spec.modality) || spec.modality.length === 0 || spec.modality.length > 16) problems.push(`modality "${spec.modality}" is not a CS value`);
  if (problems.length) throw new Error(`createInstance: ${problems.join('; ')}`);
}

/** Frames as one little-endian byte array, padded to even length. */
function pixelBytes(spec: NewInstanceSpec): Uint8Array {
  const bytesPerSample = spec.bitsAllocated / 8;
  const frameBytes = spec.rows * spec.columns * spec.samplesPerPixel * bytesPerSample;
  const total = frameBytes * spec.frames.length;
  const out = new Uint8Array(total + (total % 2));
  const view = new DataView(out.buffer);
  const maxValue = 2 ** spec.bitsStored - 1;
  spec.frames.forEach((f, i) => {
    // Values above Bits Stored would be read back as different numbers: refuse, never clip.
    for (let j = 0; j < f.length; j++) {
      if ((f[j] ?? 0) > maxValue) throw new Error(`createInstance: frame ${i + 1} has value ${f[j]} above ${maxValue} (bitsStored ${spec.bitsStored})`);
    }
    if (f instanceof Uint8Array) out.set(f, i * frameBytes);
    else f.forEach((v, j) => view.setUint16(i * frameBytes + j * 2, v, true));
  });
  return out;
}

/** Anything outside ASCII in person names or descriptions needs UTF-8 declared. */
function needsUtf8(spec: NewInstanceSpec): boolean {
  const texts = [spec.patientName, spec.patientId, spec.studyDescription, spec.seriesDescription, spec.accessionNumber ?? ''];
  return texts.some((t) => !/^[\x00-\x7f]*$/.test(t));
}

export function createInstance(spec: NewInstanceSpec): Uint8Array {
  check(spec);
  const ds: DicomDataset = [];
  if (needsUtf8(spec)) setString(ds, Tag.SpecificCharacterSet, 'CS', 'ISO_IR 192');

  // SOP Common, Patient, General Study, General Series, General Equipment
  setString(ds, Tag.SOPClassUID, 'UI', spec.sopClassUid);
  setString(ds, Tag.SOPInstanceUID, 'UI', spec.sopInstanceUid);
  setString(ds, Tag.PatientName, 'PN', spec.patientName);
  setString(ds, Tag.PatientID, 'LO', spec.patientId);
  setString(ds, Tag.PatientBirthDate, 'DA', spec.patientBirthDate ?? '');
  setString(ds, Tag.PatientSex, 'CS', spec.patientSex ?? '');
  setString(ds, Tag.StudyInstanceUID, 'UI', spec.studyInstanceUid);
  setString(ds, Tag.StudyDate, 'DA', spec.studyDate);
  setString(ds, Tag.StudyTime, 'TM', spec.studyTime ?? '');
  setString(ds, Tag.ReferringPhysicianName, 'PN', '');
  setString(ds, Tag.StudyID, 'SH', '');
  setString(ds, Tag.AccessionNumber, 'SH', spec.accessionNumber ?? '');
  setString(ds, Tag.StudyDescription, 'LO', spec.studyDescription);
  setString(ds, Tag.Modality, 'CS', spec.modality);
  setString(ds, Tag.SeriesInstanceUID, 'UI', spec.seriesInstanceUid);
  setString(ds, Tag.SeriesNumber, 'IS', formatIS(spec.seriesNumber));
  setString(ds, Tag.SeriesDescription, 'LO', spec.seriesDescription);
  // 2C (paired body parts): unknown here, so present and empty as type 2C allows.
  setString(ds, Tag.Laterality, 'CS', '');
  setString(ds, Tag.Manufacturer, 'LO', 'Kestrel');

  // General Image: content date/time are required for temporally related data (cine).
  setString(ds, Tag.InstanceNumber, 'IS', formatIS(spec.instanceNumber));
  setString(ds, Tag.PatientOrientation, 'CS', spec.patientOrientation ?? []);
  setString(ds, Tag.ContentDate, 'DA', spec.studyDate);
  setString(ds, Tag.ContentTime, 'TM', spec.studyTime ?? '000000');
  if (spec.burnedInAnnotation) setString(ds, Tag.BurnedInAnnotation, 'CS', spec.burnedInAnnotation);

  // Image Pixel
  setUint16(ds, Tag.SamplesPerPixel, spec.samplesPerPixel);
  setString(ds, Tag.PhotometricInterpretation, 'CS', spec.photometricInterpretation);
  if (spec.samplesPerPixel === 3) setUint16(ds, Tag.PlanarConfiguration, 0);
  setUint16(ds, Tag.Rows, spec.rows);
  setUint16(ds, Tag.Columns, spec.columns);
  setUint16(ds, Tag.BitsAllocated, spec.bitsAllocated);
  setUint16(ds, Tag.BitsStored, spec.bitsStored);
  setUint16(ds, Tag.HighBit, spec.bitsStored - 1);
  setUint16(ds, Tag.PixelRepresentation, 0);
  setElement(ds, { tag: Tag.PixelData, vr: spec.bitsAllocated === 8 ? 'OB' : 'OW', value: pixelBytes(spec) });

  if (spec.pixelSpacing) setString(ds, Tag.PixelSpacing, 'DS', spec.pixelSpacing.map(formatDS));
  if (spec.imagerPixelSpacing) setString(ds, Tag.ImagerPixelSpacing, 'DS', spec.imagerPixelSpacing.map(formatDS));
  if (spec.estimatedRadiographicMagnificationFactor !== undefined) {
    setString(ds, Tag.EstimatedRadiographicMagnificationFactor, 'DS', formatDS(spec.estimatedRadiographicMagnificationFactor));
    // ERMF belongs to the DX Positioning module, whose Positioner Type is type 2.
    setString(ds, Tag.PositionerType, 'CS', '');
  }
  if (spec.windowCenter !== undefined && spec.windowWidth !== undefined) {
    setString(ds, Tag.WindowCenter, 'DS', formatDS(spec.windowCenter));
    setString(ds, Tag.WindowWidth, 'DS', formatDS(spec.windowWidth));
  }

  addSopClassModules(ds, spec);
  for (const el of spec.extra ?? []) setElement(ds, el);

  const ts = TS.ExplicitVRLittleEndian;
  return writePart10(ds, { transferSyntaxUid: ts, sopClassUid: spec.sopClassUid, sopInstanceUid: spec.sopInstanceUid });
}

export { SopClass };
