/** Shared hand-made VFSS fixtures for the unit tests (track, proposals, anatomy, timeline). */
import type { TrackPoint, VfssAnatomy } from '../../../common/vfss/schema';

/**
 * Reference bands for a 512-row frame (oral cavity 100–200, ramus 200–220, vallecula 220–260,
 * pyriform sinus 260–350, UES 350–400, oesophagus 400–bottom), C2–C4 100 px unless given.
 */
export function testAnatomy(facing: 'left' | 'right' = 'left', c2c4: number | null = 100, bottom = 512): VfssAnatomy {
  return {
    bands: {
      oralCavity: { y0: 100, y1: 200 },
      ramus: { y0: 200, y1: 220 },
      vallecula: { y0: 220, y1: 260 },
      pyriformSinus: { y0: 260, y1: 350 },
      ues: { y0: 350, y1: 400 },
      esophagus: { y0: 400, y1: bottom },
    },
    c2c4LengthPx: c2c4,
    facing,
    source: 'ai',
  };
}

/** An analysed frame's track point with nothing in it, overridden by `over`. */
export function trackPoint(frame: number, over: Partial<TrackPoint> = {}): TrackPoint {
  return {
    frame,
    analyzed: true,
    areaPx: 0,
    areaNorm: null,
    head: null,
    tail: null,
    headBand: null,
    tailBand: null,
    confidence: null,
    edited: false,
    ...over,
  };
}
