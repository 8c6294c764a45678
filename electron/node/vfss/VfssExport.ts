import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ApiError, type InstanceInfo } from '../../../common/api';
import { eventInfo } from '../../../common/vfss/events';
import { computeMeasures } from '../../../common/vfss/measures';
import { PAS_TABLE } from '../../../common/vfss/pas';
import { VFSS_EVENTS, type ExportFormat, type VfssEventName, type VfssReview } from '../../../common/vfss/schema';
import type { StudyService } from '../cases/StudyService';
import { readDicom } from '../dicom/read';
import { frameToGray8 } from '../inference/framePixels';
import { measuresCsv, trackCsv } from '../export/vfssCsv';
import { renderKeyFramePng, renderVfssReport } from '../export/vfssReport';
import { buildVfssSeg, type SegSegment } from '../export/vfssSeg';
import type { ModelRegistry } from '../models/ModelRegistry';
import type { AuditLog } from '../services/AuditLog';
import type { VfssService } from './VfssService';

export interface ExportResult {
  fileName: string;
  /** Relative to the transport's base URL (files/exports/<name>). */
  url: string;
  bytes: number;
  path: string;
}

export interface ExportContext {
  appName: string;
  appVersion: string;
  author: string;
}

const EXT: Record<ExportFormat, string> = { trackCsv: 'track.csv', measuresCsv: 'measures.csv', seg: 'seg.dcm', pdf: 'report.pdf' };

/**
 * Writes the review's exports into <data>/exports: the per-frame track and the measures as CSV, the
 * bolus masks as a DICOM SEG that references the source cine frame by frame, and the PDF report.
 * Files are written to a temporary name and renamed, so a failure never leaves a half file.
 */
export class VfssExport {
  constructor(
    private readonly dir: string,
    private readonly vfss: VfssService,
    private readonly studies: StudyService,
    private readonly registry: ModelRegistry,
    private readonly audit: AuditLog,
  ) {}

  async export(instanceId: number, format: ExportFormat, originFrame: number, ctx: ExportContext): Promise<ExportResult> {
    const review = await this.vfss.review(instanceId);
    const info = this.instanceInfo(instanceId);
    const timestamps = info.instance.timing.timestampsMs;
    let body: Uint8Array;
    switch (format) {
      case 'trackCsv':
        body = Buffer.from(trackCsv(review.track, timestamps, originFrame), 'utf8');
        break;
      case 'measuresCsv':
        body = Buffer.from(
          measuresCsv(
            review.boluses.map((b) => ({
              bolusOrdinal: b.ordinal,
              consistency: b.consistency,
              volumeMl: b.volumeMl,
              pas: b.pas,
              pasFrame: b.pasFrame,
              residue: b.residue,
              measures: computeMeasures(b.events, timestamps),
            })),
            { fps: info.instance.timing.fps, source: info.instance.timing.source },
          ),
          'utf8',
        );
        break;
      case 'seg':
        body = await this.seg(instanceId, review, ctx);
        break;
      case 'pdf':
        body = await this.pdf(instanceId, review, info, originFrame, ctx);
        break;
    }
    await fsp.mkdir(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const fileName = `${info.pseudoId}_${info.instance.id}_${stamp}_${EXT[format]}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const target = path.join(this.dir, fileName);
    const tmp = `${target}.tmp`;
    await fsp.writeFile(tmp, body);
    await fsp.rename(tmp, target);
    this.audit.record(ctx.author, `vfss.export.${format}`, 'instance', instanceId, { fileName, bytes: body.byteLength });
    return { fileName, url: `files/exports/${encodeURIComponent(fileName)}`, bytes: body.byteLength, path: target };
  }

  /** Absolute path of an export by its file name (no directory parts accepted). */
  resolve(fileName: string): string | null {
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(fileName) || fileName.includes('..')) return null;
    return path.join(this.dir, fileName);
  }

  private async seg(instanceId: number, review: VfssReview, ctx: ExportContext): Promise<Uint8Array> {
    const frames = this.vfss.effectiveFrames(instanceId, review.modelKey).filter((f) => f.bolus && hasForeground(f.bolus));
    if (frames.length === 0) throw new ApiError('conflict', 'There are no bolus masks to export: analyse the swallow or draw masks first.');
    const edited = frames.some((f) => f.edited);
    const ai = frames.some((f) => !f.edited);
    const segment: SegSegment = {
      label: 'Bolus',
      description: edited && ai ? 'Model masks, corrected by a person where edited' : edited ? 'Drawn by a person' : 'Model masks',
      algorithmType: edited && !ai ? 'MANUAL' : edited ? 'SEMIAUTOMATIC' : 'AUTOMATIC',
      ...(ai && review.modelKey ? { algorithmName: review.modelKey.split('@')[0], algorithmVersion: review.modelKey.split('@')[1] } : {}),
      category: 'bolus',
      frames: frames.map((f) => ({ frame: f.frame, mask: f.bolus as Uint8Array })),
    };
    const source = await fsp.readFile(this.studies.instanceFile(instanceId));
    return buildVfssSeg(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), [segment], {
      seriesDescription: 'Bolus segmentation (Kestrel)',
      contentLabel: 'BOLUS',
      creator: ctx.author,
      manufacturer: ctx.appName,
      softwareVersion: ctx.appVersion,
    });
  }

  private async pdf(instanceId: number, review: VfssReview, info: { instance: InstanceInfo; pseudoId: string; sex: string | null; studyDate: string | null; description: string; modality: string }, originFrame: number, ctx: ExportContext): Promise<Uint8Array> {
    const timestamps = info.instance.timing.timestampsMs;
    const model = review.modelKey ? (await this.registry.list()).find((m) => m.key === review.modelKey) ?? null : null;
    const effective = this.vfss.effectiveFrames(instanceId, review.modelKey);
    const keyFrameList = keyFrames(review);
    const bytes = await fsp.readFile(this.studies.instanceFile(instanceId));
    const parsed = readDicom(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const rendered: Array<{ frame: number; caption: string; png: Uint8Array }> = [];
    for (const k of keyFrameList) {
      const gray = await frameToGray8(parsed, k.frame);
      const f = effective[k.frame];
      const overlays = f?.bolus ? [{ mask: f.bolus, rgb: [0, 200, 255] as [number, number, number], alpha: 0.45, outline: true }] : [];
      rendered.push({ frame: k.frame, caption: k.caption, png: await renderKeyFramePng(gray.data, gray.width, gray.height, overlays, 360) });
    }
    const eventLabels = Object.fromEntries(VFSS_EVENTS.map((e) => [e, eventInfo(e).label])) as Record<VfssEventName, string>;
    const pasDescriptions = Object.fromEntries(PAS_TABLE.map((p) => [p.score, p.description])) as Record<number, string>;
    return renderVfssReport({
      generatedAt: new Date(),
      appName: ctx.appName,
      appVersion: ctx.appVersion,
      author: ctx.author,
      patient: { pseudoId: info.pseudoId, sex: info.sex },
      study: { date: info.studyDate, description: info.description, modality: info.modality },
      instance: {
        frames: info.instance.frames,
        rows: info.instance.rows,
        columns: info.instance.columns,
        fps: info.instance.timing.fps,
        rateSource: info.instance.timing.source,
        variable: info.instance.timing.variable,
      },
      model: model ? { id: model.id, version: model.version, executionProvider: (review.modelKey && this.vfss.analysisProvider(instanceId, review.modelKey)) ?? 'not recorded', clinicalUse: model.clinicalUse } : null,
      boluses: review.boluses.map((b) => ({ bolus: b, measures: computeMeasures(b.events, timestamps) })),
      track: review.track,
      timestampsMs: timestamps,
      originFrame,
      eventLabels,
      pasDescriptions,
      keyFrames: rendered,
    });
  }

  private instanceInfo(instanceId: number): { instance: InstanceInfo; pseudoId: string; sex: string | null; studyDate: string | null; description: string; modality: string } {
    const studyId = this.studies.studyOfInstance(instanceId);
    const study = this.studies.get(studyId, null);
    for (const s of study.series) {
      const instance = s.instances.find((i) => i.id === instanceId);
      if (instance) return { instance, pseudoId: study.patientPseudoId, sex: this.studies.sexOf(studyId), studyDate: study.studyDate, description: study.description, modality: s.modality };
    }
    throw new ApiError('not_found', `No instance with id ${instanceId}.`);
  }
}

function hasForeground(mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i]) return true;
  return false;
}

/** Frames worth printing: each bolus's PAS evidence frame and its ramus / UES events, else the largest bolus. */
export function keyFrames(review: VfssReview): Array<{ frame: number; caption: string }> {
  const out: Array<{ frame: number; caption: string }> = [];
  const seen = new Set<number>();
  const add = (frame: number | null | undefined, caption: string) => {
    if (frame === null || frame === undefined || seen.has(frame) || out.length >= 6) return;
    seen.add(frame);
    out.push({ frame, caption: `${caption} — frame ${frame + 1}` });
  };
  for (const b of review.boluses) {
    add(b.pasFrame, `Bolus ${b.ordinal}: PAS ${b.pas ?? '—'} evidence`);
    add(b.events.bolusPassesRamus?.frame, `Bolus ${b.ordinal}: passes ramus`);
    add(b.events.uesOpening?.frame, `Bolus ${b.ordinal}: UES opening`);
  }
  if (out.length === 0) {
    const largest = [...review.track].sort((a, b) => b.areaPx - a.areaPx)[0];
    if (largest && largest.areaPx > 0) add(largest.frame, 'Largest bolus area');
  }
  return out;
}
