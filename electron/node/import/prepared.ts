import type { Calibration, FrameTiming, InstanceKind, Workflow } from '../../../common/api';
import type { PatientIdentity } from '../identity/IdentityStore';
import type { IdentityStore } from '../identity/IdentityStore';

/** An instance ready to be stored: the bytes to keep and every row value the database needs. */
export interface PreparedInstance {
  sourceName: string;
  sourceSha256: string;
  storeBytes: Uint8Array;
  /** The untouched original when the stored file is derived from it (a slide's overview). */
  original: { bytes: Uint8Array; extension: string } | null;
  kind: InstanceKind;
  identity: PatientIdentity;
  study: { uid: string; date: string | null; time: string | null; description: string };
  series: { uid: string; modality: string; number: number | null; description: string };
  instance: {
    sopUid: string;
    sopClassUid: string;
    number: number | null;
    transferSyntax: string;
    rows: number;
    columns: number;
    frames: number;
    photometric: string;
    bitsStored: number;
    samplesPerPixel: number;
    timing: FrameTiming;
    calibration: Calibration;
  };
  workflow: Workflow;
  deidentified: boolean;
  warnings: string[];
}

/** A file that cannot be imported, with the reason the user will read in the import report. */
export class ImportRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusal';
  }
}

/** A file that is not medical data at all (a README next to the images): skipped, not refused. */
export class ImportSkip extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSkip';
  }
}

export interface PrepareContext {
  identity: IdentityStore;
  deidentify: boolean;
  workflow: Workflow | 'auto';
  /** Today's date as YYYYMMDD, for instances created from non-DICOM files. */
  today: string;
  ffmpeg: { ffmpeg: string; ffprobe: string } | null;
  tmpDir: string;
}

export function dicomDate(value: string | null): string | null {
  if (!value) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** UIDs and the patient for files that carry none (images, videos): derived from the folder. */
export function syntheticIdentity(ctx: PrepareContext, groupKey: string, label: string): {
  identity: PatientIdentity;
  studyUid: string;
} {
  const pseudoId = ctx.identity.pseudoPatientId(`group:${groupKey}`);
  return {
    identity: { pseudoId, originalId: groupKey, name: label, birthDate: null, sex: null },
    studyUid: ctx.identity.mapUid(`study:${groupKey}`),
  };
}
