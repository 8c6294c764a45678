/** What createInstance needs to build a new image instance (see create.ts). */
import type { DicomElement } from './model';

export interface CodedConcept {
  value: string;
  scheme: string;
  meaning: string;
}

export interface NewInstanceSpec {
  patientId: string;
  patientName: string;
  patientSex?: string;
  patientBirthDate?: string;
  studyInstanceUid: string;
  /** YYYYMMDD */
  studyDate: string;
  studyTime?: string;
  studyDescription: string;
  accessionNumber?: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: string;
  sopClassUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  photometricInterpretation: 'MONOCHROME2' | 'MONOCHROME1' | 'RGB';
  bitsAllocated: 8 | 16;
  bitsStored: number;
  /** One array per frame, rows*columns*samplesPerPixel values (RGB interleaved). */
  frames: Array<Uint8Array | Uint16Array>;
  frameTimeMs?: number;
  frameTimeVectorMs?: number[];
  recommendedDisplayFrameRate?: number;
  cineRate?: number;
  pixelSpacing?: [number, number];
  imagerPixelSpacing?: [number, number];
  estimatedRadiographicMagnificationFactor?: number;
  /** Required by DX (type 1) and absent by default elsewhere. */
  burnedInAnnotation?: 'YES' | 'NO';
  imageType?: string[];
  /** SC Equipment Conversion Type: 'WSD' workstation, 'DV' digitised video, 'DI' digital interface, ... */
  conversionType?: string;
  windowCenter?: number;
  windowWidth?: number;
  /** Patient Orientation (0020,0020), row then column direction, e.g. ['A', 'F']; type 1 for DX. */
  patientOrientation?: [string, string];
  /** DX Anatomy Imaged: the region shown (e.g. SCT 122496007 "Lumbar spine"). */
  anatomicRegion?: CodedConcept;
  /** Image Laterality (0020,0062) for DX: 'R', 'L', 'B' or 'U' (unpaired, the default). */
  imageLaterality?: 'R' | 'L' | 'B' | 'U';
  /** Added last; replace anything above with the same tag. */
  extra?: DicomElement[];
}
