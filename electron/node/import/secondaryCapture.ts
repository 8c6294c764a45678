import type { InstanceKind, Workflow } from '../../../common/api';
import { createInstance } from '../dicom/create';
import { dicomDate, syntheticIdentity, type PrepareContext, type PreparedInstance } from './prepared';

/** Decoded pixels of a still image: 8- or 16-bit grey, or 8-bit RGB interleaved. */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  bits: 8 | 16;
  data: Uint8Array | Uint16Array;
}

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** The folder the user chose (or the file itself), used as the study description. */
export function groupLabel(name: string): string {
  const parts = name.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : name;
}

export interface SecondaryCaptureArgs {
  raster: RasterImage;
  name: string;
  sha256: string;
  groupKey: string;
  ctx: PrepareContext;
  kind: InstanceKind;
  seriesNumber: number;
  seriesDescription: string;
  /** The workflow when the import asks for automatic classification. */
  autoWorkflow: Workflow;
  original: PreparedInstance['original'];
  warnings: string[];
}

/**
 * A still image from a non-DICOM file (PNG, JPEG, a slide overview) as a Secondary Capture
 * instance in the study made for its folder: identifiers derived from the folder and the content
 * hash, so importing the same folder again finds the same study.
 */
export function prepareSecondaryCapture(a: SecondaryCaptureArgs): PreparedInstance {
  const folder = groupLabel(a.name);
  const { identity, studyUid } = syntheticIdentity(a.ctx, a.groupKey, folder);
  const seriesUid = a.ctx.identity.mapUid(`series:${a.groupKey}:${a.kind}`);
  const sopUid = a.ctx.identity.mapUid(`sop:${a.sha256}`);
  const photometric = a.raster.channels === 3 ? 'RGB' : 'MONOCHROME2';
  const storeBytes = createInstance({
    patientId: identity.pseudoId,
    patientName: identity.pseudoId,
    studyInstanceUid: studyUid,
    studyDate: a.ctx.today,
    studyDescription: folder,
    seriesInstanceUid: seriesUid,
    seriesNumber: a.seriesNumber,
    seriesDescription: a.seriesDescription,
    modality: 'OT',
    sopClassUid: SECONDARY_CAPTURE,
    sopInstanceUid: sopUid,
    instanceNumber: 1,
    rows: a.raster.height,
    columns: a.raster.width,
    samplesPerPixel: a.raster.channels,
    photometricInterpretation: photometric,
    bitsAllocated: a.raster.bits,
    bitsStored: a.raster.bits,
    frames: [a.raster.data],
    conversionType: 'WSD',
    burnedInAnnotation: 'NO',
  });
  return {
    sourceName: a.name,
    sourceSha256: a.sha256,
    storeBytes,
    original: a.original,
    kind: a.kind,
    identity,
    study: { uid: studyUid, date: dicomDate(a.ctx.today), time: null, description: folder },
    series: { uid: seriesUid, modality: 'OT', number: a.seriesNumber, description: a.seriesDescription },
    instance: {
      sopUid,
      sopClassUid: SECONDARY_CAPTURE,
      number: null,
      transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
      rows: a.raster.height,
      columns: a.raster.width,
      frames: 1,
      photometric,
      bitsStored: a.raster.bits,
      samplesPerPixel: a.raster.channels,
      timing: { fps: null, timestampsMs: null, source: 'none', variable: false },
      calibration: { rowMm: null, colMm: null, source: 'none' },
    },
    workflow: a.ctx.workflow === 'auto' ? a.autoWorkflow : a.ctx.workflow,
    deidentified: a.ctx.deidentify,
    warnings: a.warnings,
  };
}
