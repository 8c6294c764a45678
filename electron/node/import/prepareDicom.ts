import { classifyInstance } from '../../../common/cases/workflow';
import { calibrationFromAttributes } from '../../../common/dicom/calibration';
import { frameTimingFromAttributes } from '../../../common/dicom/frameTiming';
import { decodeFrame } from '../dicom/decode';
import { deidentifyDataset } from '../dicom/deidentify';
import { DicomReadError, readDicom, type ParsedDicom } from '../dicom/read';
import { normalizeToPart10, writePart10 } from '../dicom/write';
import { dicomDate, ImportRefusal, ImportSkip, type PrepareContext, type PreparedInstance } from './prepared';
import { looksLikeDicomName } from './sniff';

function patientKey(p: ParsedDicom): string {
  const a = p.attributes;
  if (a.patientId.trim()) return `id:${a.patientId.trim()}`;
  if (a.patientName.trim()) return `name:${a.patientName.trim()}|${a.patientBirthDate ?? ''}`;
  return `study:${a.studyInstanceUid}`;
}

/**
 * Reads, validates (decodes the first and last frame, so a stream that cannot be shown is refused
 * here rather than as a blank viewer later), pseudonymises and, when asked, de-identifies a DICOM
 * file. Returns the exact bytes to store.
 */
export async function prepareDicom(
  bytes: Uint8Array,
  name: string,
  sha256: string,
  ctx: PrepareContext,
  sniffedDicom: boolean,
): Promise<PreparedInstance> {
  let parsed: ParsedDicom;
  try {
    parsed = readDicom(bytes);
  } catch (error) {
    if (error instanceof DicomReadError) {
      if (error.code === 'not_dicom' && !sniffedDicom && !looksLikeDicomName(name)) {
        throw new ImportSkip('Not a DICOM, image or video file.');
      }
      throw new ImportRefusal(error.message);
    }
    throw new ImportRefusal(`Unreadable DICOM file: ${(error as Error).message}`);
  }
  await validatePixels(parsed);

  const original = parsed.attributes;
  const pseudoId = ctx.identity.pseudoPatientId(patientKey(parsed));
  const identity = {
    pseudoId,
    originalId: original.patientId,
    name: original.patientName,
    birthDate: original.patientBirthDate,
    sex: original.patientSex,
  };
  const warnings = [...parsed.warnings];

  let storeBytes: Uint8Array;
  let stored: ParsedDicom;
  if (ctx.deidentify) {
    const mapUid = (uid: string): string => ctx.identity.mapUid(uid);
    const result = deidentifyDataset(parsed, {
      pseudoPatientId: pseudoId,
      pseudoPatientName: pseudoId,
      dateShiftDays: ctx.identity.dateShiftDays(pseudoId),
      mapUid,
    });
    if (result.burnedInWarning) warnings.push(result.burnedInWarning);
    storeBytes = writePart10(result.dataset, {
      transferSyntaxUid: parsed.transferSyntaxUid,
      sopClassUid: original.sopClassUid,
      sopInstanceUid: mapUid(original.sopInstanceUid),
    });
    stored = readDicom(storeBytes);
  } else if (parsed.needsRewrite) {
    storeBytes = normalizeToPart10(parsed);
    stored = readDicom(storeBytes);
    warnings.push('The file was not a clean DICOM Part 10 file; a corrected copy was stored.');
  } else {
    storeBytes = bytes;
    stored = parsed;
  }

  const a = stored.attributes;
  const kind = 'dicom' as const;
  const auto = classifyInstance({ kind, modality: a.modality, frames: a.frames, samplesPerPixel: a.samplesPerPixel });
  return {
    sourceName: name,
    sourceSha256: sha256,
    storeBytes,
    original: null,
    kind,
    identity,
    study: {
      uid: a.studyInstanceUid,
      date: dicomDate(a.studyDate),
      time: a.studyTime,
      description: a.studyDescription,
    },
    series: {
      uid: a.seriesInstanceUid,
      modality: a.modality,
      number: a.seriesNumber,
      description: a.seriesDescription,
    },
    instance: {
      sopUid: a.sopInstanceUid,
      sopClassUid: a.sopClassUid,
      number: a.instanceNumber,
      transferSyntax: stored.transferSyntaxUid,
      rows: a.rows,
      columns: a.columns,
      frames: a.frames,
      photometric: a.photometricInterpretation,
      bitsStored: a.bitsStored,
      samplesPerPixel: a.samplesPerPixel,
      timing: frameTimingFromAttributes({
        frames: a.frames,
        frameTimeMs: a.frameTimeMs,
        frameTimeVectorMs: a.frameTimeVectorMs,
        recommendedDisplayFrameRate: a.recommendedDisplayFrameRate,
        cineRate: a.cineRate,
      }),
      calibration: calibrationFromAttributes({
        pixelSpacing: a.pixelSpacing,
        imagerPixelSpacing: a.imagerPixelSpacing,
        estimatedRadiographicMagnificationFactor: a.estimatedRadiographicMagnificationFactor,
        modality: a.modality,
      }),
    },
    workflow: ctx.workflow === 'auto' ? auto : ctx.workflow,
    deidentified: ctx.deidentify,
    warnings,
  };
}

async function validatePixels(parsed: ParsedDicom): Promise<void> {
  const frames = parsed.attributes.frames;
  const toCheck = frames > 1 ? [0, frames - 1] : [0];
  for (const index of toCheck) {
    try {
      await decodeFrame(parsed, index);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ImportRefusal(`Pixel data of frame ${index + 1} cannot be decoded: ${message}`);
    }
  }
}
