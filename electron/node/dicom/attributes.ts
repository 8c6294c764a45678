/**
 * The attributes the rest of Kestrel needs, pulled from a parsed data set with their defaults and
 * a warning for every value that is present but unusable (a bad value is never silently read as
 * a plausible one).
 */
import { charsetLabel } from '../../../common/dicom/charset';
import { Tag } from '../../../common/dicom/tags';
import { dicomDateToIso, parseDecimalString, parseIntegerString } from '../../../common/dicom/values';
import { describeTag } from './dictionary';
import { findElement, getNumbers, getSequenceItems, getString, getStrings, getUint16, type DicomDataset } from './model';
import { parseCharsetTerms } from './text';

export interface DicomAttributes {
  specificCharacterSet: string | null;
  patientId: string;
  /** DICOM PN form ('Family^Given^Middle^Prefix^Suffix', '=' between representations). */
  patientName: string;
  /** YYYY-MM-DD */
  patientBirthDate: string | null;
  patientSex: string | null;
  studyInstanceUid: string;
  /** YYYY-MM-DD */
  studyDate: string | null;
  /** TM as written (HHMMSS.FFFFFF, possibly shorter). */
  studyTime: string | null;
  studyDescription: string;
  accessionNumber: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  sopClassUid: string;
  sopInstanceUid: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  planarConfiguration: number | null;
  frameTimeMs: number | null;
  frameTimeVectorMs: number[] | null;
  recommendedDisplayFrameRate: number | null;
  cineRate: number | null;
  /** [row spacing, column spacing] in mm. */
  pixelSpacing: [number, number] | null;
  imagerPixelSpacing: [number, number] | null;
  estimatedRadiographicMagnificationFactor: number | null;
  burnedInAnnotation: string | null;
  imageType: string[];
}

/** Reads typed values and records why a present value was not usable. */
class Reader {
  constructor(
    private readonly ds: DicomDataset,
    readonly warnings: string[],
  ) {}

  text(tag: string): string {
    return (getString(this.ds, tag) ?? '').trim();
  }

  optionalText(tag: string): string | null {
    const v = this.text(tag);
    return v === '' ? null : v;
  }

  uid(tag: string): string {
    return this.text(tag).replace(/\0/g, '');
  }

  integer(tag: string): number | null {
    const raw = this.optionalText(tag);
    if (raw === null) return null;
    const el = findElement(this.ds, tag);
    if (el && el.vr !== 'IS') return getNumbers(this.ds, tag)[0] ?? null;
    const n = parseIntegerString(raw.split('\\')[0] ?? '');
    if (n === null) this.warnings.push(`${describeTag(tag)} "${raw}" is not an integer; ignored`);
    return n;
  }

  decimal(tag: string): number | null {
    return this.decimals(tag, 1)?.[0] ?? null;
  }

  /** All values of a DS (or binary) element; null when absent, or when any value is not a number. */
  decimals(tag: string, expected?: number): number[] | null {
    const el = findElement(this.ds, tag);
    if (!el) return null;
    if (el.vr !== 'DS' && el.vr !== 'IS') {
      const nums = getNumbers(this.ds, tag);
      return nums.length ? nums : null;
    }
    const raw = this.text(tag);
    if (raw === '') return null;
    const values = raw.split('\\').map((v) => parseDecimalString(v));
    if (values.some((v) => v === null) || (expected !== undefined && values.length < expected)) {
      this.warnings.push(`${describeTag(tag)} "${raw}" is not ${expected === 2 ? 'a pair of numbers' : 'numeric'}; ignored`);
      return null;
    }
    return values.filter((v): v is number => v !== null);
  }

  pair(tag: string): [number, number] | null {
    const v = this.decimals(tag, 2);
    if (!v) return null;
    const [a, b] = v;
    if (a === undefined || b === undefined || a <= 0 || b <= 0) {
      this.warnings.push(`${describeTag(tag)} "${this.text(tag)}" is not a pair of positive spacings; ignored`);
      return null;
    }
    return [a, b];
  }

  date(tag: string): string | null {
    const raw = this.optionalText(tag);
    if (raw === null) return null;
    const iso = dicomDateToIso(raw);
    if (iso === null) this.warnings.push(`${describeTag(tag)} "${raw}" is not a valid date; ignored`);
    return iso;
  }

  us(tag: string): number | null {
    return getUint16(this.ds, tag);
  }
}

/** Enhanced multi-frame IODs keep Pixel Spacing in the shared functional groups (PS3.3 C.7.6.16). */
function sharedPixelSpacing(ds: DicomDataset): DicomDataset | null {
  const shared = getSequenceItems(ds, '52009229')[0];
  const measures = shared ? getSequenceItems(shared, '00289110')[0] : undefined;
  return measures && findElement(measures, Tag.PixelSpacing) ? measures : null;
}

export function extractAttributes(ds: DicomDataset, warnings: string[]): DicomAttributes {
  const r = new Reader(ds, warnings);

  const charset = r.optionalText(Tag.SpecificCharacterSet);
  if (charset !== null) {
    for (const term of parseCharsetTerms(charset)) {
      if (term && charsetLabel(term) === null) {
        warnings.push(`Specific Character Set term "${term}" is not supported; text is read as ISO 8859-1`);
      }
    }
  }

  const measures = sharedPixelSpacing(ds);
  const pixelSpacing = r.pair(Tag.PixelSpacing) ?? (measures ? new Reader(measures, warnings).pair(Tag.PixelSpacing) : null);
  const vector = r.decimals(Tag.FrameTimeVector);

  return {
    specificCharacterSet: charset,
    patientId: r.text(Tag.PatientID),
    patientName: r.text(Tag.PatientName),
    patientBirthDate: r.date(Tag.PatientBirthDate),
    patientSex: r.optionalText(Tag.PatientSex),
    studyInstanceUid: r.uid(Tag.StudyInstanceUID),
    studyDate: r.date(Tag.StudyDate),
    studyTime: r.optionalText(Tag.StudyTime),
    studyDescription: r.text(Tag.StudyDescription),
    accessionNumber: r.text(Tag.AccessionNumber),
    seriesInstanceUid: r.uid(Tag.SeriesInstanceUID),
    seriesNumber: r.integer(Tag.SeriesNumber),
    seriesDescription: r.text(Tag.SeriesDescription),
    modality: r.text(Tag.Modality),
    sopClassUid: r.uid(Tag.SOPClassUID),
    sopInstanceUid: r.uid(Tag.SOPInstanceUID),
    instanceNumber: r.integer(Tag.InstanceNumber),
    rows: r.us(Tag.Rows) ?? 0,
    columns: r.us(Tag.Columns) ?? 0,
    // NumberOfFrames is resolved against the pixel data by the reader (see read.ts).
    frames: 1,
    samplesPerPixel: r.us(Tag.SamplesPerPixel) ?? 1,
    photometricInterpretation: r.text(Tag.PhotometricInterpretation).toUpperCase(),
    bitsAllocated: r.us(Tag.BitsAllocated) ?? 0,
    bitsStored: r.us(Tag.BitsStored) ?? r.us(Tag.BitsAllocated) ?? 0,
    pixelRepresentation: r.us(Tag.PixelRepresentation) ?? 0,
    planarConfiguration: r.us(Tag.PlanarConfiguration),
    frameTimeMs: r.decimal(Tag.FrameTime),
    frameTimeVectorMs: vector && vector.length > 0 ? vector : null,
    recommendedDisplayFrameRate: r.decimal(Tag.RecommendedDisplayFrameRate),
    cineRate: r.decimal(Tag.CineRate),
    pixelSpacing,
    imagerPixelSpacing: r.pair(Tag.ImagerPixelSpacing),
    estimatedRadiographicMagnificationFactor: r.decimal(Tag.EstimatedRadiographicMagnificationFactor),
    burnedInAnnotation: r.optionalText(Tag.BurnedInAnnotation)?.toUpperCase() ?? null,
    imageType: getStrings(ds, Tag.ImageType).map((s) => s.trim().toUpperCase()),
  };
}

/** Raw NumberOfFrames text (for the reader to resolve against the pixel data), or null. */
export function numberOfFramesText(ds: DicomDataset): string | null {
  const v = (getString(ds, Tag.NumberOfFrames) ?? '').trim();
  return v === '' ? null : v;
}
