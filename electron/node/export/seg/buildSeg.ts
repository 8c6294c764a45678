/**
 * Building the VFSS SEG: validate the source cine and the segments, then write a BINARY
 * Segmentation that references the source frame by frame. The choices the standard forces are
 * described in ../vfssSeg.ts.
 */
import { SopClass } from '../../../../common/dicom/sopClasses';
import { Tag } from '../../../../common/dicom/tags';
import { TS, transferSyntaxInfo } from '../../../../common/dicom/transferSyntax';
import { formatIS } from '../../dicom/dicomValues';
import { DicomReadError } from '../../dicom/errors';
import { getSequenceItems, getString, type DicomDataset } from '../../dicom/model';
import { readDicom, type ParsedDicom } from '../../dicom/read';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, newUid } from '../../dicom/uid';
import { packBits } from './bitPacking';
import { dcmjs, type Natural } from './dcmjsAccess';
import { VfssSegError } from './errors';
import { DERIVATION_SEGMENTATION, DISPLAY_LAB, FAMILY_AI, PURPOSE_SOURCE_IMAGE, segmentPropertyCodes, type Code } from './segCodes';
import type { SegSegment, VfssSegOptions } from './types';

// --- source -------------------------------------------------------------------------------------------

interface Source {
  parsed: ParsedDicom;
  rows: number;
  columns: number;
  frames: number;
}

function readSource(sourcePart10: Uint8Array): Source {
  let parsed: ParsedDicom;
  try {
    parsed = readDicom(sourcePart10);
  } catch (error) {
    if (error instanceof DicomReadError) {
      const notImage = error.code === 'no_pixel_data' || error.code === 'unsupported_sop_class';
      throw new VfssSegError(notImage ? 'source_not_image' : 'source_unreadable', `Source for the SEG: ${error.message}`);
    }
    throw error;
  }
  const a = parsed.attributes;
  if (a.sopClassUid === SopClass.Segmentation || a.modality === 'SEG') {
    throw new VfssSegError('source_not_image', 'Source for the SEG is itself a Segmentation, not an image');
  }
  if (a.rows < 1 || a.columns < 1) {
    throw new VfssSegError('source_not_image', `Source for the SEG has no usable Rows/Columns (${a.rows}×${a.columns})`);
  }
  if (a.frames < 2) {
    throw new VfssSegError('source_not_multiframe', `Source for the SEG has ${a.frames} frame; a VFSS cine is a multi-frame instance`);
  }
  return { parsed, rows: a.rows, columns: a.columns, frames: a.frames };
}

/** Validated, sorted frames per segment. */
interface PreparedSegment {
  segment: SegSegment;
  number: number;
  codes: { category: Code; type: Code };
  frames: Array<{ frame: number; mask: Uint8Array }>;
}

function prepareSegments(segments: readonly SegSegment[], src: Source): PreparedSegment[] {
  if (segments.length === 0) throw new VfssSegError('no_segments', 'No segments to export: a SEG needs at least one segment');
  if (segments.length > 65535) throw new VfssSegError('bad_segment', `${segments.length} segments: Segment Number is US (at most 65535)`);
  const pixels = src.rows * src.columns;
  return segments.map((segment, i) => {
    const number = i + 1;
    const name = `Segment ${number} "${segment.label}"`;
    const label = segment.label.trim();
    if (label === '' || label.length > 64 || /[\\\x00-\x1f]/.test(label)) {
      throw new VfssSegError('bad_segment', `${name}: Segment Label must be 1-64 characters without backslash or control characters`);
    }
    if (segment.description !== undefined && segment.description.length > 1024) {
      throw new VfssSegError('bad_segment', `${name}: description is longer than 1024 characters (ST)`);
    }
    if (segment.frames.length === 0) throw new VfssSegError('bad_segment', `${name} has no frames`);
    const seen = new Set<number>();
    for (const f of segment.frames) {
      if (!Number.isInteger(f.frame) || f.frame < 0 || f.frame >= src.frames) {
        throw new VfssSegError('frame_out_of_range', `${name}: frame index ${f.frame} is outside the source's frames 0..${src.frames - 1}`);
      }
      if (seen.has(f.frame)) throw new VfssSegError('duplicate_frame', `${name}: frame ${f.frame} is listed twice`);
      seen.add(f.frame);
      if (f.mask.length !== pixels) {
        throw new VfssSegError(
          'mask_size',
          `${name}, frame ${f.frame}: mask has ${f.mask.length} values, the source is ${src.columns}×${src.rows} (${pixels})`,
        );
      }
    }
    const frames = [...segment.frames].sort((a, b) => a.frame - b.frame);
    return { segment, number, codes: segmentPropertyCodes(segment), frames };
  });
}

// --- values ---------------------------------------------------------------------------------------------

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** DICOM DA and TM of a moment, in local time (the convention of Content Date/Time). */
function dateTime(d: Date): { date: string; time: string } {
  return {
    date: `${d.getFullYear()}${pad2(d.getMonth() + 1)}${pad2(d.getDate())}`,
    time: `${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`,
  };
}

function checkOption(name: string, value: string, maxLength: number): string {
  if (value.length > maxLength || /[\\\x00-\x1f]/.test(value)) {
    throw new VfssSegError('bad_option', `${name} "${value}" must be at most ${maxLength} characters without backslash or control characters`);
  }
  return value;
}

/** Content Label is CS: upper-case letters, digits, space and underscore, 16 characters. */
function contentLabel(value: string | undefined): string {
  const v = (value ?? 'VFSS_SEG').toUpperCase();
  if (!/^[A-Z0-9_ ]{1,16}$/.test(v)) {
    throw new VfssSegError('bad_option', `contentLabel "${value}" must be 1-16 letters, digits, spaces or underscores (CS)`);
  }
  return v;
}

// --- building ---------------------------------------------------------------------------------------------

/** Text attributes copied from the source, by keyword (Patient, Patient Study and General Study modules). */
const COPIED_TEXT: ReadonlyArray<[keyword: string, tag: string]> = [
  ['PatientName', Tag.PatientName],
  ['PatientID', Tag.PatientID],
  ['IssuerOfPatientID', '00100021'],
  ['PatientBirthDate', Tag.PatientBirthDate],
  ['PatientSex', Tag.PatientSex],
  ['PatientIdentityRemoved', Tag.PatientIdentityRemoved],
  ['DeidentificationMethod', Tag.DeidentificationMethod],
  ['PatientAge', Tag.PatientAge],
  ['StudyDate', Tag.StudyDate],
  ['StudyTime', Tag.StudyTime],
  ['ReferringPhysicianName', '00080090'],
  // General Image, type 2C for images without Image Orientation (Patient): the SEG's pixel matrix is
  // the source's, so the source's row/column directions are the SEG's.
  ['PatientOrientation', Tag.PatientOrientation],
  ['StudyID', Tag.StudyID],
  ['AccessionNumber', Tag.AccessionNumber],
  ['StudyDescription', Tag.StudyDescription],
];

/** Type 2 attributes of the copied modules: present (possibly empty) even when the source lacks them. */
const TYPE2 = new Set(['PatientOrientation', 'PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber']);

function copyFromSource(ds: Natural, src: DicomDataset): void {
  for (const [keyword, tag] of COPIED_TEXT) {
    const v = getString(src, tag);
    if (v !== null && v !== '') ds[keyword] = v.includes('\\') ? v.split('\\') : v; // multi-valued: dcmjs wants an array
    else if (TYPE2.has(keyword)) ds[keyword] = '';
  }
  const methodCodes = getSequenceItems(src, Tag.DeidentificationMethodCodeSequence)
    .map((item) => ({
      CodeValue: getString(item, Tag.CodeValue) ?? '',
      CodingSchemeDesignator: getString(item, Tag.CodingSchemeDesignator) ?? '',
      CodeMeaning: getString(item, Tag.CodeMeaning) ?? '',
    }))
    .filter((c) => c.CodeValue !== '' && c.CodingSchemeDesignator !== '');
  if (methodCodes.length > 0) ds.DeidentificationMethodCodeSequence = methodCodes;
}

/**
 * Lossy Image Compression of the SEG (C.7.6.1.1.5: once a lossy step happened, derived images say
 * so): '01' when the source says '01' or is stored in a lossy transfer syntax, else '00'.
 */
function lossyFromSource(p: ParsedDicom): { flag: '00' | '01'; method?: string } {
  const stated = getString(p.dataset, Tag.LossyImageCompression) ?? getString(p.dataset, '00082110');
  const method = getString(p.dataset, '00282114');
  const ts = transferSyntaxInfo(p.sourceTransferSyntaxUid);
  if (stated === '01' || ts?.lossy) {
    const fromTs = ts?.lossy ? (ts.codec === 'jpeg' ? 'ISO_10918_1' : ts.codec === 'jpeg2000' ? 'ISO_15444_1' : ts.codec === 'jpeg-ls' ? 'ISO_14495_1' : undefined) : undefined;
    const m = method || fromTs;
    return m ? { flag: '01', method: m } : { flag: '01' };
  }
  return { flag: '00' };
}

export function buildVfssSeg(sourcePart10: Uint8Array, segments: SegSegment[], opts: VfssSegOptions = {}): Uint8Array {
  const src = readSource(sourcePart10);
  const prepared = prepareSegments(segments, src);
  const a = src.parsed.attributes;
  const now = dateTime(opts.now ?? new Date());
  const sopInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  const dimensionOrganizationUid = newUid();
  const manufacturer = checkOption('manufacturer', opts.manufacturer ?? 'Kestrel', 64);
  const softwareVersion = checkOption('softwareVersion', opts.softwareVersion ?? IMPLEMENTATION_VERSION_NAME, 64);
  const seriesDescription = checkOption('seriesDescription', opts.seriesDescription ?? 'VFSS segmentation', 64);
  const creator = checkOption('creator', opts.creator ?? '', 64);
  const lossy = lossyFromSource(src.parsed);

  const sourceRef = { ReferencedSOPClassUID: a.sopClassUid, ReferencedSOPInstanceUID: a.sopInstanceUid };
  const perFrame: Natural[] = [];
  const masks: Uint8Array[] = [];
  for (const s of prepared) {
    for (const f of s.frames) {
      masks.push(f.mask);
      const frameNumber = f.frame + 1;
      perFrame.push({
        DerivationImageSequence: [
          {
            SourceImageSequence: [{ ...sourceRef, ReferencedFrameNumber: frameNumber, PurposeOfReferenceCodeSequence: [PURPOSE_SOURCE_IMAGE] }],
            DerivationCodeSequence: [DERIVATION_SEGMENTATION],
          },
        ],
        FrameContentSequence: [{ DimensionIndexValues: [s.number, frameNumber], TemporalPositionIndex: frameNumber }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: s.number }],
      });
    }
  }

  const segmentItems: Natural[] = prepared.map((s) => {
    const item: Natural = {
      SegmentNumber: s.number,
      SegmentLabel: s.segment.label.trim(),
      SegmentAlgorithmType: s.segment.algorithmType,
      SegmentedPropertyCategoryCodeSequence: [s.codes.category],
      SegmentedPropertyTypeCodeSequence: [s.codes.type],
      RecommendedDisplayCIELabValue: DISPLAY_LAB[s.segment.category === 'bolus' ? 'bolus' : s.codes.type.CodeValue] ?? [50000, 32768, 32768],
    };
    if (s.segment.description) item.SegmentDescription = s.segment.description;
    if (s.segment.algorithmType !== 'MANUAL') {
      const name = checkOption(`Segment ${s.number} algorithmName`, s.segment.algorithmName ?? `${manufacturer} VFSS segmentation`, 64);
      const version = checkOption(`Segment ${s.number} algorithmVersion`, s.segment.algorithmVersion ?? softwareVersion, 64);
      item.SegmentAlgorithmName = name;
      item.SegmentationAlgorithmIdentificationSequence = [{ AlgorithmFamilyCodeSequence: [FAMILY_AI], AlgorithmName: name, AlgorithmVersion: version }];
    }
    return item;
  });

  const ds: Natural = {
    SpecificCharacterSet: 'ISO_IR 192', // dcmjs writes text as UTF-8
    ImageType: ['DERIVED', 'PRIMARY'],
    InstanceCreationDate: now.date,
    InstanceCreationTime: now.time,
    SOPClassUID: SopClass.Segmentation,
    SOPInstanceUID: sopInstanceUid,
    SeriesDate: now.date,
    SeriesTime: now.time,
    ContentDate: now.date,
    ContentTime: now.time,
    Modality: 'SEG',
    Manufacturer: manufacturer,
    SeriesDescription: seriesDescription,
    ManufacturerModelName: 'Kestrel',
    ReferencedSeriesSequence: [{ SeriesInstanceUID: a.seriesInstanceUid, ReferencedInstanceSequence: [sourceRef] }],
    DeviceSerialNumber: '0', // software: no hardware serial; type 1 in Enhanced General Equipment
    SoftwareVersions: softwareVersion,
    StudyInstanceUID: a.studyInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: formatIS(1000 + (a.seriesNumber !== null && a.seriesNumber >= 0 && a.seriesNumber < 1e6 ? a.seriesNumber : 0)),
    InstanceNumber: '1',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: formatIS(masks.length),
    Rows: src.rows,
    Columns: src.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: lossy.flag,
    SegmentationType: 'BINARY',
    ContentLabel: contentLabel(opts.contentLabel),
    ContentDescription: seriesDescription,
    ContentCreatorName: creator,
    SegmentSequence: segmentItems,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x0062000b, // Referenced Segment Number
        FunctionalGroupPointer: 0x0062000a, // Segment Identification Sequence
        DimensionDescriptionLabel: 'Segment',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x00209128, // Temporal Position Index
        FunctionalGroupPointer: 0x00209111, // Frame Content Sequence
        DimensionDescriptionLabel: 'Source frame',
      },
    ],
    // Nothing is common to all frames that the IOD lets a projection SEG state (see ../vfssSeg.ts).
    SharedFunctionalGroupsSequence: [{}],
    PerFrameFunctionalGroupsSequence: perFrame,
    PixelData: [packBits(masks, src.rows * src.columns).buffer],
    _vrMap: { PixelData: 'OB' },
  };
  if (lossy.method) ds.LossyImageCompressionMethod = lossy.method;
  copyFromSource(ds, src.parsed.dataset);

  const lib = dcmjs();
  const meta = lib.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: [new Uint8Array([0, 1]).buffer],
    MediaStorageSOPClassUID: SopClass.Segmentation,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: TS.ExplicitVRLittleEndian,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const file = new lib.DicomDict(meta);
  file.dict = lib.DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(file.write());
}
