/**
 * DICOM tags as 'GGGGEEEE' uppercase hex strings, plus small pure helpers. One spelling everywhere
 * (the element model, the de-identification table, messages) so that tags compare as strings.
 */

export const Tag = {
  // File meta information (group 0002)
  FileMetaInformationGroupLength: '00020000',
  FileMetaInformationVersion: '00020001',
  MediaStorageSOPClassUID: '00020002',
  MediaStorageSOPInstanceUID: '00020003',
  TransferSyntaxUID: '00020010',
  ImplementationClassUID: '00020012',
  ImplementationVersionName: '00020013',
  SourceApplicationEntityTitle: '00020016',

  // SOP common, study, series, equipment
  SpecificCharacterSet: '00080005',
  ImageType: '00080008',
  InstanceCreationDate: '00080012',
  InstanceCreationTime: '00080013',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  AcquisitionDate: '00080022',
  ContentDate: '00080023',
  AcquisitionDateTime: '0008002A',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  AcquisitionTime: '00080032',
  ContentTime: '00080033',
  AccessionNumber: '00080050',
  PresentationIntentType: '00080068',
  Modality: '00080060',
  ConversionType: '00080064',
  Manufacturer: '00080070',
  InstitutionName: '00080080',
  ReferringPhysicianName: '00080090',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  ManufacturerModelName: '00081090',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  RecommendedDisplayFrameRate: '00082144',
  AnatomicRegionSequence: '00082218',

  // Patient
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  OtherPatientIDs: '00101000',
  OtherPatientNames: '00101001',
  PatientAge: '00101010',

  // De-identification bookkeeping
  PatientIdentityRemoved: '00120062',
  DeidentificationMethod: '00120063',
  DeidentificationMethodCodeSequence: '00120064',

  // Acquisition
  BodyPartExamined: '00180015',
  CineRate: '00180040',
  KVP: '00180060',
  DeviceSerialNumber: '00181000',
  SoftwareVersions: '00181020',
  FrameTime: '00181063',
  FrameTimeVector: '00181065',
  ExposureTime: '00181150',
  XRayTubeCurrent: '00181151',
  RadiationSetting: '00181155',
  ImagerPixelSpacing: '00181164',
  PositionerMotion: '00181500',
  PositionerType: '00181508',
  PositionerPrimaryAngle: '00181510',
  PositionerSecondaryAngle: '00181511',
  EstimatedRadiographicMagnificationFactor: '00181114',
  FrameLabelVector: '00182002',
  ViewPosition: '00185101',
  DetectorType: '00187004',

  // Relationship
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  PatientOrientation: '00200020',
  FrameOfReferenceUID: '00200052',
  ImageLaterality: '00200062',
  Laterality: '00200060',

  // Image pixel
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  PlanarConfiguration: '00280006',
  NumberOfFrames: '00280008',
  FrameIncrementPointer: '00280009',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  HighBit: '00280102',
  PixelRepresentation: '00280103',
  BurnedInAnnotation: '00280301',
  LongitudinalTemporalInformationModified: '00280303',
  PixelIntensityRelationship: '00281040',
  PixelIntensityRelationshipSign: '00281041',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  RescaleType: '00281054',
  LossyImageCompression: '00282110',
  AcquisitionContextSequence: '00400555',
  PresentationLUTShape: '20500020',

  FloatPixelData: '7FE00008',
  DoubleFloatPixelData: '7FE00009',
  PixelData: '7FE00010',

  // Delimiters (no VR; always 4-byte length)
  Item: 'FFFEE000',
  ItemDelimitationItem: 'FFFEE00D',
  SequenceDelimitationItem: 'FFFEE0DD',
} as const;

export type TagName = keyof typeof Tag;

const TAG_RE = /^[0-9A-F]{8}$/;

/** 'GGGGEEEE' from numeric group and element. */
export function makeTag(group: number, element: number): string {
  return (
    group.toString(16).toUpperCase().padStart(4, '0') +
    element.toString(16).toUpperCase().padStart(4, '0')
  );
}

/** Accepts 'GGGGEEEE', '(GGGG,EEEE)', 'GGGG,EEEE' in any case; returns 'GGGGEEEE' or null. */
export function normalizeTag(text: string): string | null {
  const t = text.replace(/[(),\s]/g, '').toUpperCase();
  return TAG_RE.test(t) ? t : null;
}

export function tagGroup(tag: string): number {
  return parseInt(tag.slice(0, 4), 16);
}

export function tagElement(tag: string): number {
  return parseInt(tag.slice(4, 8), 16);
}

/** '(0010,0010)', the form people read in DICOM conformance statements and dcmdump. */
export function formatTag(tag: string): string {
  return `(${tag.slice(0, 4)},${tag.slice(4, 8)})`;
}

/** Private data elements live in odd groups (PS3.5 7.8); groups 0001-0007 and FFFF are not private. */
export function isPrivateTag(tag: string): boolean {
  const g = tagGroup(tag);
  return g % 2 === 1 && g > 0x0007 && g !== 0xffff;
}

/** (gggg,0010-00FF) in a private group reserves a block for a private creator. */
export function isPrivateCreatorTag(tag: string): boolean {
  const e = tagElement(tag);
  return isPrivateTag(tag) && e >= 0x0010 && e <= 0x00ff;
}

/** (gggg,0000): group lengths are retired outside group 0002 and recomputed on write. */
export function isGroupLengthTag(tag: string): boolean {
  return tag.endsWith('0000');
}

export function isFileMetaTag(tag: string): boolean {
  return tag.startsWith('0002');
}

/** Curves (50xx) and overlays (60xx): repeating groups, even group numbers 0x00-0x1E above the base. */
export function repeatingGroupBase(tag: string): string | null {
  const g = tagGroup(tag);
  if ((g & 0xff01) === 0x5000 && (g & 0xff) <= 0x1e) return '50xx';
  if ((g & 0xff01) === 0x6000 && (g & 0xff) <= 0x1e) return '60xx';
  return null;
}

/**
 * Does `tag` match `pattern`? Patterns are 'GGGGEEEE' with 'x' for any hex digit
 * (e.g. '60xx3000' or '50xxxxxx'), as PS3.15 writes repeating groups.
 */
export function tagMatches(pattern: string, tag: string): boolean {
  if (pattern.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const p = pattern[i];
    if (p === 'x' || p === 'X') continue;
    if (p !== tag[i]) return false;
  }
  if (pattern.startsWith('50xx') || pattern.startsWith('60xx')) return repeatingGroupBase(tag) !== null;
  return true;
}
