import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FrameTiming } from '../../../common/api';
import { createInstance } from '../dicom/create';
import { decodeGreyFrames, probeVideo } from './ffmpeg';
import { EXPLICIT_VR_LITTLE_ENDIAN, groupLabel } from './secondaryCapture';
import { dicomDate, ImportRefusal, syntheticIdentity, type PrepareContext, type PreparedInstance } from './prepared';

export const MULTIFRAME_GREY_BYTE_SC = '1.2.840.10008.5.1.4.1.1.7.2';
const MAX_DECODED_BYTES = 2 * 1024 ** 3;

/**
 * Frame times from the container's timestamps. A constant rate is kept exactly (FrameTime); a
 * variable rate keeps every interval (FrameTimeVector) — never resampled, because the rate changes
 * clinical timing scores.
 */
export function timingFromTimestamps(timestampsS: readonly number[], nominalFps: number | null, frames: number): FrameTiming & { vectorMs: number[] | null } {
  const ts = timestampsS.slice(0, frames);
  if (ts.length === frames && frames > 1) {
    const t0 = ts[0] ?? 0;
    const startsMs = ts.map((t) => (t - t0) * 1000);
    const deltas = startsMs.slice(1).map((t, i) => t - (startsMs[i] ?? 0));
    const sorted = [...deltas].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const variable = deltas.some((d) => Math.abs(d - median) > Math.max(0.5, median * 0.02));
    if (variable) {
      const duration = (startsMs[startsMs.length - 1] ?? 0) + median;
      return { fps: duration > 0 ? (frames * 1000) / duration : null, timestampsMs: startsMs, source: 'container', variable: true, vectorMs: [0, ...deltas] };
    }
    const fps = nominalFps ?? (median > 0 ? 1000 / median : null);
    if (fps) return { fps, timestampsMs: Array.from({ length: frames }, (_, i) => (i * 1000) / fps), source: 'container', variable: false, vectorMs: null };
  }
  if (nominalFps) {
    return { fps: nominalFps, timestampsMs: Array.from({ length: frames }, (_, i) => (i * 1000) / nominalFps), source: 'container', variable: false, vectorMs: null };
  }
  return { fps: null, timestampsMs: null, source: 'none', variable: false, vectorMs: null };
}

export async function prepareVideo(
  bytes: Uint8Array,
  filePath: string | null,
  name: string,
  sha256: string,
  groupKey: string,
  ctx: PrepareContext,
): Promise<PreparedInstance> {
  if (!ctx.ffmpeg) {
    throw new ImportRefusal('Video import needs ffmpeg, which was not found: install it (Debian/Ubuntu: sudo apt-get install ffmpeg) or set KESTREL_FFMPEG and KESTREL_FFPROBE.');
  }
  let file = filePath;
  let tmp: string | null = null;
  if (!file) {
    tmp = path.join(ctx.tmpDir, `video-${randomBytes(6).toString('hex')}${path.extname(name)}`);
    await fsp.writeFile(tmp, bytes);
    file = tmp;
  }
  try {
    let probe;
    let frames;
    try {
      probe = await probeVideo(ctx.ffmpeg, file);
      frames = await decodeGreyFrames(ctx.ffmpeg, file, probe, MAX_DECODED_BYTES);
    } catch (error) {
      throw new ImportRefusal(`Video cannot be decoded: ${(error as Error).message}`);
    }
    if (frames.length === 0) throw new ImportRefusal('Video contains no decodable frames.');
    const timing = timingFromTimestamps(probe.timestampsS, probe.nominalFps, frames.length);
    const folder = groupLabel(name);
    const { identity, studyUid } = syntheticIdentity(ctx, `${groupKey}|${name}`, folder);
    const seriesUid = ctx.identity.mapUid(`series:${groupKey}|${name}:video`);
    const sopUid = ctx.identity.mapUid(`sop:${sha256}`);
    const fileName = name.split('/').pop() ?? name;
    const modality = ctx.workflow === 'auto' || ctx.workflow === 'vfss' ? 'RF' : 'OT';
    const storeBytes = createInstance({
      patientId: identity.pseudoId,
      patientName: identity.pseudoId,
      studyInstanceUid: studyUid,
      studyDate: ctx.today,
      studyDescription: fileName,
      seriesInstanceUid: seriesUid,
      seriesNumber: 1,
      seriesDescription: `Video ${probe.codec}`,
      modality,
      sopClassUid: MULTIFRAME_GREY_BYTE_SC,
      sopInstanceUid: sopUid,
      instanceNumber: 1,
      rows: probe.height,
      columns: probe.width,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 8,
      bitsStored: 8,
      frames,
      ...(timing.vectorMs ? { frameTimeVectorMs: timing.vectorMs } : timing.fps ? { frameTimeMs: 1000 / timing.fps } : {}),
      ...(timing.fps ? { recommendedDisplayFrameRate: Math.round(timing.fps), cineRate: Math.round(timing.fps) } : {}),
      conversionType: 'WSD',
      burnedInAnnotation: 'YES',
    });
    const { vectorMs: _drop, ...frameTiming } = timing;
    return {
      sourceName: name,
      sourceSha256: sha256,
      storeBytes,
      original: null,
      kind: 'video',
      identity,
      study: { uid: studyUid, date: dicomDate(ctx.today), time: null, description: fileName },
      series: { uid: seriesUid, modality, number: 1, description: `Video ${probe.codec}` },
      instance: {
        sopUid,
        sopClassUid: MULTIFRAME_GREY_BYTE_SC,
        number: 1,
        transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
        rows: probe.height,
        columns: probe.width,
        frames: frames.length,
        photometric: 'MONOCHROME2',
        bitsStored: 8,
        samplesPerPixel: 1,
        timing: frameTiming,
        calibration: { rowMm: null, colMm: null, source: 'none' },
      },
      workflow: ctx.workflow === 'auto' ? 'vfss' : ctx.workflow,
      deidentified: ctx.deidentify,
      warnings: ['Video frames may show burned-in text (names, dates): check before sharing.'],
    };
  } finally {
    if (tmp) await fsp.rm(tmp, { force: true });
  }
}
