/**
 * proposeEvents on scripted tracks (a held bolus, its transit through the mouth, pharynx and UES),
 * facing left and right, noisy heads, missing data, ranges; the hyoid onset on scripted centroid
 * tracks with noise; hyoidCentroid on masks with speckle.
 */
import { describe, expect, it } from 'vitest';
import { hyoidCentroid, proposeEvents, type HyoidPosition } from '../../../common/vfss/proposals';
import { EventProposal, type TrackPoint, type VfssAnatomy, type VfssEventName } from '../../../common/vfss/schema';
import { testAnatomy, trackPoint } from './fixtures';

const W = 512;
const anatomy = (facing: 'left' | 'right'): VfssAnatomy => testAnatomy(facing);


type Point = [number, number];

function point(frame: number, head: Point | null, tail: Point | null): TrackPoint {
  return trackPoint(frame, { areaPx: head ? 1000 : 0, areaNorm: head ? 0.1 : 0, head, tail, confidence: 0.9 });
}

/**
 * A scripted swallow (facing left): no bolus until 5, held in the mouth (head at x 250, y 160) until
 * 19; the head moves back 5 px a frame from 20 (first posterior movement), turns down at x 280 and
 * descends 10 px a frame from 26, so it is below the ramus line (y 220) from 32, in the UES band
 * (below y 350) from 45 and below it (y 400) from 50; the tail follows 12 frames behind and is below
 * y 400 at 62; nothing is left from 63.
 */
function scriptedSwallow(facing: 'left' | 'right', jitter = 0): TrackPoint[] {
  const headAt = (f: number): Point => {
    const x = Math.min(280, 250 + 5 * Math.max(0, f - 19));
    const y = 160 + (x >= 280 ? 10 * Math.max(0, f - 25) : 0);
    return [x, y];
  };
  const flip = (p: Point): Point => (facing === 'left' ? p : [W - p[0], p[1]]);
  const noise = (f: number): number => (jitter ? jitter * Math.sin(f * 2.3) : 0);
  const track: TrackPoint[] = [];
  for (let f = 0; f < 80; f++) {
    if (f < 5 || f >= 63) {
      track.push(point(f, null, null));
      continue;
    }
    const [hx, hy] = headAt(f);
    const [tx, ty] = f >= 12 ? headAt(f - 12) : [150, 160];
    track.push(point(f, flip([hx + noise(f), hy]), flip([tx - 100 + noise(f + 1), ty])));
  }
  return track;
}

function frames(proposals: EventProposal[]): Partial<Record<VfssEventName, number>> {
  return Object.fromEntries(proposals.map((p) => [p.event, p.frame]));
}

const WHOLE = { start: 0, end: 79 };

describe('proposeEvents on a scripted swallow', () => {
  for (const facing of ['left', 'right'] as const) {
    it(`proposes the bolus events in swallow order (facing ${facing})`, () => {
      const proposals = proposeEvents(scriptedSwallow(facing), anatomy(facing), WHOLE);
      expect(frames(proposals)).toEqual({
        firstPosteriorMovement: 20,
        bolusPassesRamus: 32,
        uesOpening: 45,
        tailThroughUes: 62,
        uesClosure: 63,
      });
      expect(proposals.map((p) => p.event)).toEqual(['firstPosteriorMovement', 'bolusPassesRamus', 'uesOpening', 'tailThroughUes', 'uesClosure']);
      for (const p of proposals) expect(p.reason.length).toBeGreaterThan(10);
      expect(() => EventProposal.array().parse(proposals)).not.toThrow();
    });
  }

  it('says why, with the line it used', () => {
    const proposals = proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE);
    expect(proposals.find((p) => p.event === 'bolusPassesRamus')?.reason).toMatch(/ramus line \(y 220\)/);
    expect(proposals.find((p) => p.event === 'uesOpening')?.reason).toMatch(/UES band \(y 350\)/);
  });

  it('is not fooled by a jittering head while the bolus is held', () => {
    expect(frames(proposeEvents(scriptedSwallow('left', 0.7), anatomy('left'), WHOLE)).firstPosteriorMovement).toBe(20);
  });

  it('counts "no moving bolus left" as the tail through the UES', () => {
    const track = scriptedSwallow('left');
    for (let f = 55; f < 63; f++) track[f] = point(f, null, null);
    expect(frames(proposeEvents(track, anatomy('left'), WHOLE)).tailThroughUes).toBe(55);
  });

  it('proposes only what lies in the range', () => {
    const result = frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), { start: 0, end: 45 }));
    expect(result).toEqual({ firstPosteriorMovement: 20, bolusPassesRamus: 32, uesOpening: 45 });
    // Starting after the crossing: the crossing itself was not filmed, so nothing is proposed.
    expect(proposeEvents(scriptedSwallow('left'), anatomy('left'), { start: 35, end: 79 })).toEqual([]);
  });

  it('leaves out the closure when the frame after the tail is outside the range', () => {
    const result = frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), { start: 0, end: 62 }));
    expect(result.tailThroughUes).toBe(62);
    expect(result.uesClosure).toBeUndefined();
  });
});

describe('proposeEvents without the data', () => {
  it('proposes nothing for an empty track, a single frame or frames without bolus', () => {
    expect(proposeEvents([], anatomy('left'), WHOLE)).toEqual([]);
    expect(proposeEvents([point(0, [250, 160], [150, 160])], anatomy('left'), { start: 0, end: 0 })).toEqual([]);
    expect(proposeEvents(Array.from({ length: 30 }, (_, f) => point(f, null, null)), anatomy('left'), WHOLE)).toEqual([]);
  });

  it('proposes nothing for a bolus that stays in the mouth', () => {
    const held = Array.from({ length: 40 }, (_, f) => point(f, [250, 160], [150, 160]));
    expect(proposeEvents(held, anatomy('left'), WHOLE)).toEqual([]);
  });

  it('skips frames that are not analysed yet', () => {
    const track = scriptedSwallow('left').map((p) => (p.frame >= 40 ? { ...point(p.frame, null, null), analyzed: false } : p));
    expect(frames(proposeEvents(track, anatomy('left'), WHOLE))).toEqual({ firstPosteriorMovement: 20, bolusPassesRamus: 32 });
  });

  it('does not take a one-frame blip below the ramus line for the crossing', () => {
    const track = scriptedSwallow('left');
    track[10] = point(10, [250, 240], [150, 160]);
    expect(frames(proposeEvents(track, anatomy('left'), WHOLE)).bolusPassesRamus).toBe(32);
  });
});

/**
 * Hyoid centroids at rest (with optional noise) that rise by 30 px from `onset` over 8 frames, hold
 * for `hold` frames and return over 10.
 */
function hyoidTrack(onset: number, noise: number, hold = 15, length = 80): Array<HyoidPosition | null> {
  const out: Array<HyoidPosition | null> = [];
  for (let f = 0; f < length; f++) {
    const up = f < onset ? 0 : Math.sin(Math.min(1, (f - onset + 1) / 8) * (Math.PI / 2));
    const rise = up * (1 - Math.min(1, Math.max(0, (f - onset - 8 - hold) / 10)));
    const e = noise * Math.sin(f * 12.9898) * (f % 3 === 0 ? 1 : 0.3);
    out.push({ centroid: [230 - 18 * rise + e, 280 - 24 * rise - e] });
  }
  return out;
}

describe('hyoid burst onset', () => {
  it('is the first frame that shows the hyoid moved', () => {
    const proposals = proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, hyoidTrack(33, 0));
    expect(frames(proposals).hyoidBurstOnset).toBe(33);
    expect(proposals.find((p) => p.event === 'hyoidBurstOnset')?.reason).toMatch(/hyoid starts moving/);
  });

  it('survives a jittering outline', () => {
    expect(frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, hyoidTrack(33, 1.5))).hyoidBurstOnset).toBe(33);
  });

  it('finds the rest position before the bolus moves, even when the hyoid stays up to the end', () => {
    expect(frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, hyoidTrack(33, 0, 1000))).hyoidBurstOnset).toBe(33);
  });

  it('survives a single wild frame and missing frames', () => {
    const track = hyoidTrack(33, 0);
    track[20] = { centroid: [260, 300] };
    track[10] = null;
    track[50] = null;
    expect(frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, track)).hyoidBurstOnset).toBe(33);
  });

  it('proposes nothing when the hyoid does not move, or is never seen', () => {
    const still = hyoidTrack(1000, 0.5);
    expect(frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, still)).hyoidBurstOnset).toBeUndefined();
    const unseen = Array.from({ length: 80 }, () => null);
    expect(frames(proposeEvents(scriptedSwallow('left'), anatomy('left'), WHOLE, unseen)).hyoidBurstOnset).toBeUndefined();
  });
});

describe('hyoidCentroid', () => {
  function mask(points: Array<[number, number, number, number]>): Uint8Array {
    const m = new Uint8Array(64 * 64);
    for (const [x0, y0, x1, y1] of points) for (let y = y0; y < y1; y++) m.fill(1, y * 64 + x0, y * 64 + x1);
    return m;
  }

  it('is the centroid of the largest piece, in pixel-centre coordinates', () => {
    expect(hyoidCentroid(mask([[10, 20, 20, 24]]), 64, 64)).toEqual({ centroid: [15, 22] });
  });

  it('ignores speckle', () => {
    expect(hyoidCentroid(mask([[10, 20, 20, 24], [60, 60, 62, 62], [0, 0, 1, 1]]), 64, 64)).toEqual({ centroid: [15, 22] });
  });

  it('is null for an empty mask and rejects a mask of the wrong size', () => {
    expect(hyoidCentroid(new Uint8Array(64 * 64), 64, 64)).toBeNull();
    expect(() => hyoidCentroid(new Uint8Array(10), 64, 64)).toThrow(/10 pixels/);
  });
});
