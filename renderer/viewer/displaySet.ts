import type { Calibration, FrameTiming, SeriesInfo } from '../../common/api';

/** One stack the viewer shows: every frame of every instance of a series, in order. */
export interface DisplaySet {
  seriesId: number;
  imageIds: string[];
  /** For each stack position: which instance and which of its frames. */
  frames: Array<{ instanceId: number; frame: number }>;
  /** Timing when the stack is one multi-frame instance (a cine); null for a stack of stills. */
  timing: FrameTiming | null;
  cineInstanceId: number | null;
  calibrationOf(instanceId: number): Calibration;
  kindLabel: string;
}

export function buildDisplaySet(series: SeriesInfo, fileUrl: (relative: string) => string): DisplaySet {
  const imageIds: string[] = [];
  const frames: DisplaySet['frames'] = [];
  const calibrations = new Map<number, Calibration>();
  for (const inst of series.instances) {
    calibrations.set(inst.id, inst.calibration);
    const url = fileUrl(inst.url);
    if (inst.frames > 1) {
      for (let f = 0; f < inst.frames; f++) {
        imageIds.push(`wadouri:${url}?frame=${f + 1}`);
        frames.push({ instanceId: inst.id, frame: f });
      }
    } else {
      imageIds.push(`wadouri:${url}`);
      frames.push({ instanceId: inst.id, frame: 0 });
    }
  }
  const only = series.instances.length === 1 ? series.instances[0] : undefined;
  const cine = only && only.frames > 1 ? only : undefined;
  return {
    seriesId: series.id,
    imageIds,
    frames,
    timing: cine ? cine.timing : null,
    cineInstanceId: cine ? cine.id : null,
    calibrationOf: (id) => calibrations.get(id) ?? { rowMm: null, colMm: null, source: 'none' },
    kindLabel: `${series.modality} ${series.description}`.trim(),
  };
}

/** Stack position of (instance, frame), or -1. */
export function positionOf(set: DisplaySet, instanceId: number, frame: number): number {
  return set.frames.findIndex((f) => f.instanceId === instanceId && f.frame === frame);
}
