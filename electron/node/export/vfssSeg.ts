/**
 * DICOM Segmentation (SEG) export of VFSS masks, and its reader.
 *
 * A VFSS cine is one multi-frame instance (XA, RF, or multi-frame Secondary Capture for imported
 * video). Each mask belongs to one frame of it, so the SEG is a BINARY Segmentation (PS3.3 A.51)
 * whose every frame references the source instance AND the source frame (Derivation Image
 * functional group -> Source Image Sequence -> Referenced Frame Number, 1-based).
 *
 * Choices, each forced by the standard or by what the cine is:
 * - No Frame of Reference, no Pixel Measures, no Plane Position/Orientation. XA, RF and SC cines are
 *   projections with no patient coordinate system. PS3.3 A.51.5.1: with a Frame of Reference UID the
 *   segments "shall be specified within that coordinate system" (Pixel Measures, Plane Position and
 *   Orientation (Patient)); without one, "each pixel of the segmentation shall correspond to a pixel
 *   in a referenced image, using the Derivation Image Functional Group" - the VFSS case exactly.
 *   Table A.51-1 requires the Frame of Reference module only when the Derivation Image functional
 *   group is absent, and Table A.51-2 allows Pixel Measures only with a patient-relative Frame of
 *   Reference. A generated Frame of Reference UID would promise a geometry nobody measured (and
 *   oblige plane positions we cannot know); the source's Pixel Spacing stays on the source, which
 *   every SEG frame references. dciodvfy agrees (no error without them).
 * - Every listed frame is written, including frames whose mask is empty: an analysed frame with no
 *   bolus ("the bolus has left the pharynx") is a result, and dropping it would make it read back as
 *   "not analysed". Frames not listed are not written.
 * - Dimensions: Referenced Segment Number, then Temporal Position Index (the 1-based source frame
 *   number: the frames of a cine are its temporal positions), so that Dimension Index Values are
 *   unique per SEG frame without a spatial position.
 * - Pixel data: 1 bit per pixel, packed with the first pixel in the least significant bit of the
 *   first byte (PS3.5 8.1.1, D.2), frames concatenated bit by bit with no padding between them.
 *
 * dcmjs builds and writes the data set (denaturalizeDataset, DicomDict.write) and parses it back;
 * the source is read by Kestrel's own reader, which validates it and gives its attributes.
 */
import { SopClass } from '../../../common/dicom/sopClasses';
import { Tag } from '../../../common/dicom/tags';
import { TS, transferSyntaxInfo } from '../../../common/dicom/transferSyntax';
import { formatIS } from '../dicom/dicomValues';
import { DicomReadError } from '../dicom/errors';
import { getSequenceItems, getString, type DicomDataset } from '../dicom/model';
import { nodeRequire } from '../dicom/nodeRequire';
import { readDicom, type ParsedDicom } from '../dicom/read';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, newUid } from '../dicom/uid';

export interface SegSegment {
  label: string;
  description?: string;
  algorithmType: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  algorithmName?: string;
  algorithmVersion?: string;
  category: 'bolus' | 'structure';
  frames: ReadonlyArray<{ frame: number /* 0-based source frame */; mask: Uint8Array }>;
}

export interface VfssSegOptions {
  seriesDescription?: string;
  contentLabel?: string;
  creator?: string;
  manufacturer?: string;
  softwareVersion?: string;
  now?: Date;
}

export interface VfssSegContent {
  rows: number;
  columns: number;
  referencedSopInstanceUid: string;
  segments: Array<{ number: number; label: string; frames: Map<number /* 0-based source frame */, Uint8Array> }>;
}

export type VfssSegErrorCode =
  /** No segments were given. */
  | 'no_segments'
  /** The source bytes are not a readable DICOM file. */
  | 'source_unreadable'
  /** The source is not an image (no pixel data, a non-image SOP class, or itself a SEG). */
  | 'source_not_image'
  /** The source holds a single frame. */
  | 'source_not_multiframe'
  /** A mask does not have rows × columns values. */
  | 'mask_size'
  /** A frame index is not an integer within the source's frames. */
  | 'frame_out_of_range'
  /** A segment lists the same frame twice. */
  | 'duplicate_frame'
  /** A segment cannot be written as given (no frames, label unusable, structure not coded). */
  | 'bad_segment'
  /** An option cannot be written in its DICOM element (content label, description, ...). */
  | 'bad_option'
  /** readVfssSeg: the bytes are not a BINARY Segmentation Kestrel can read back. */
  | 'not_a_segmentation';

export class VfssSegError extends Error {
  constructor(
    readonly code: VfssSegErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VfssSegError';
  }
}

// --- coded concepts -------------------------------------------------------------------------------

interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

function code(value: string, scheme: string, meaning: string): Code {
  return { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning };
}

/**
 * Segmented Property Category / Type (CID 7150 and its type context groups). The bolus is barium
 * (or another radiographic contrast) seen in the swallow: category Substance, type Contrast media.
 * Structures are anatomy: category Anatomical Structure, type the SNOMED CT body structure.
 */
const CATEGORY = {
  bolus: code('105590001', 'SCT', 'Substance'),
  structure: code('91723000', 'SCT', 'Anatomical Structure'),
} as const;

const BOLUS_TYPE = code('385420005', 'SCT', 'Contrast media');

/** Structure labels Kestrel uses (common/phantoms/vfss.ts VfssStructure) and readable variants. */
const STRUCTURE_TYPES: ReadonlyArray<{ keys: readonly string[]; type: Code }> = [
  { keys: ['cervicalspine', 'cspine'], type: code('122494005', 'SCT', 'Cervical spine') },
  { keys: ['mandible'], type: code('91609006', 'SCT', 'Mandible') },
  { keys: ['hyoid', 'hyoidbone'], type: code('21387005', 'SCT', 'Hyoid bone') },
];

/** Recommended display colours, CIELab scaled to 0..65535 (PS3.3 C.10.7.1.1): bolus yellow, each bone its own hue. */
const DISPLAY_LAB: Readonly<Record<string, [number, number, number]>> = {
  bolus: [60000, 30000, 60000],
  '122494005': [45000, 36000, 24000],
  '91609006': [40000, 45000, 46000],
  '21387005': [40000, 38000, 56000],
};

const PURPOSE_SOURCE_IMAGE = code('121322', 'DCM', 'Source image for image processing operation');
const DERIVATION_SEGMENTATION = code('113076', 'DCM', 'Segmentation');
const FAMILY_AI = code('123110', 'DCM', 'Artificial Intelligence');

function structureType(label: string): Code | null {
  const key = label.toLowerCase().replace(/[^a-z]/g, '');
  return STRUCTURE_TYPES.find((s) => s.keys.includes(key))?.type ?? null;
}

/** The Segmented Property Type of a segment, or a specific error. */
export function segmentPropertyCodes(segment: Pick<SegSegment, 'label' | 'category'>): { category: Code; type: Code } {
  if (segment.category === 'bolus') return { category: CATEGORY.bolus, type: BOLUS_TYPE };
  const type = structureType(segment.label);
  if (!type) {
    throw new VfssSegError(
      'bad_segment',
      `Structure "${segment.label}" has no coded anatomy; known structures: cervical spine, mandible, hyoid`,
    );
  }
  return { category: CATEGORY.structure, type };
}

// --- dcmjs, narrowed --------------------------------------------------------------------------------

/** A dcmjs "naturalized" data set: keyword -> value (sequences are arrays of data sets). */
type Natural = { [keyword: string]: unknown };
/** A dcmjs "denaturalized" data set: 'GGGGEEEE' -> { vr, Value }. */
type Dict = Record<string, { vr: string; Value?: unknown[] }>;

interface DcmjsData {
  DicomMetaDictionary: {
    denaturalizeDataset(ds: Natural): Dict;
    naturalizeDataset(dict: Dict): Natural;
  };
  DicomDict: new (meta: Dict) => { dict: Dict; write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer };
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): { meta: Dict; dict: Dict } };
}

let dcmjsData: DcmjsData | null = null;

/** dcmjs has no type declarations: load it the way dictionary.ts does and check what we use. */
function dcmjs(): DcmjsData {
  if (dcmjsData) return dcmjsData;
  const mod: unknown = nodeRequire()('dcmjs');
  const data = (mod as { data?: Partial<Record<keyof DcmjsData, unknown>> } | null)?.data;
  const dict = data?.DicomMetaDictionary as { denaturalizeDataset?: unknown; naturalizeDataset?: unknown } | undefined;
  const message = data?.DicomMessage as { readFile?: unknown } | undefined;
  if (
    typeof dict?.denaturalizeDataset !== 'function' ||
    typeof dict.naturalizeDataset !== 'function' ||
    typeof data?.DicomDict !== 'function' ||
    typeof message?.readFile !== 'function'
  ) {
    throw new Error('dcmjs data API (DicomMetaDictionary, DicomDict, DicomMessage) not found');
  }
  dcmjsData = data as unknown as DcmjsData;
  return dcmjsData;
}

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

/**
 * Packs 0/1 masks into one bit stream: pixel p of frame f is bit (f*rows*cols + p), the first pixel in
 * the least significant bit of the first byte. Any non-zero mask value is foreground. Even length.
 */
export function packBits(masks: readonly Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const totalBits = masks.length * pixelsPerFrame;
  const bytes = Math.ceil(totalBits / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  let bit = 0;
  for (const mask of masks) {
    for (let p = 0; p < pixelsPerFrame; p++, bit++) {
      if (mask[p]) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
    }
  }
  return out;
}

/** Frame `index` (0-based) of a packed bit stream as a 0/1 mask. */
export function unpackFrame(packed: Uint8Array, index: number, pixelsPerFrame: number): Uint8Array {
  const out = new Uint8Array(pixelsPerFrame);
  let bit = index * pixelsPerFrame;
  for (let p = 0; p < pixelsPerFrame; p++, bit++) out[p] = ((packed[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  return out;
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
    // Nothing is common to all frames that the IOD lets a projection SEG state (see the top).
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

// --- reading ------------------------------------------------------------------------------------------------

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
