/**
 * computeTrack on hand-drawn bolus masks: empty and unanalysed frames, a single frame, facing left
 * and right, the turn from the mouth into the pharynx, resting residue, speckle, the per-frame
 * fields. (Its speed is a benchmark figure: `npm run bench -- vfss`.)
 */
import { describe, expect, it } from 'vitest';
import { computeTrack, estimateBolusPath, pathPosition, type FrameMasks } from '../../../common/vfss/track';
import { TrackPoint, type VfssAnatomy } from '../../../common/vfss/schema';
import { testAnatomy } from './fixtures';

const W = 512;
const H = 512;
const anatomy = (facing: 'left' | 'right', c2c4: number | null = 100): VfssAnatomy => testAnatomy(facing, c2c4, H);


type Shape = { kind: 'rect'; x0: number; y0: number; x1: number; y1: number } | { kind: 'disc'; cx: number; cy: number; r: number };

function frame(shapes: Shape[], extra: Partial<FrameMasks> = {}): FrameMasks {
  const bolus = new Uint8Array(W * H);
  for (const s of shapes) {
    if (s.kind === 'rect') {
      for (let y = s.y0; y < s.y1; y++) bolus.fill(1, y * W + s.x0, y * W + s.x1);
    } else {
      for (let y = Math.floor(s.cy - s.r); y <= Math.ceil(s.cy + s.r); y++) {
        for (let x = Math.floor(s.cx - s.r); x <= Math.ceil(s.cx + s.r); x++) {
          if ((x + 0.5 - s.cx) ** 2 + (y + 0.5 - s.cy) ** 2 <= s.r * s.r) bolus[y * W + x] = 1;
        }
      }
    }
  }
  return { width: W, height: H, bolus, confidence: 0.9, edited: false, ...extra };
}

const rect = (x0: number, y0: number, x1: number, y1: number): Shape => ({ kind: 'rect', x0, y0, x1, y1 });
const disc = (cx: number, cy: number, r: number): Shape => ({ kind: 'disc', cx, cy, r });

/** x mirrored for a patient facing right (anatomy is drawn for facing left: anterior = small x). */
function mirror(shapes: Shape[]): Shape[] {
  return shapes.map((s) => (s.kind === 'rect' ? { ...s, x0: W - s.x1, x1: W - s.x0 } : { ...s, cx: W - s.cx }));
}

describe('computeTrack: frames without bolus', () => {
  it('marks null entries as not analysed, with zeros and nulls', () => {
    const track = computeTrack([null, null], anatomy('left'));
    expect(track).toEqual([0, 1].map((f) => ({
      frame: f,
      analyzed: false,
      areaPx: 0,
      areaNorm: null,
      head: null,
      tail: null,
      headBand: null,
      tailBand: null,
      confidence: null,
      edited: false,
    })));
  });

  it('gives an analysed empty frame zero area and no head or tail', () => {
    const [p] = computeTrack([frame([], { confidence: null, edited: true })], anatomy('left'));
    expect(p).toMatchObject({ analyzed: true, areaPx: 0, areaNorm: 0, head: null, tail: null, confidence: null, edited: true });
  });

  it('handles an empty list', () => {
    expect(computeTrack([], null)).toEqual([]);
  });

  it('rejects a mask of the wrong size', () => {
    expect(() => computeTrack([{ width: W, height: H, bolus: new Uint8Array(10), confidence: null, edited: false }], null)).toThrow(/10 pixels/);
  });
});

describe('computeTrack: head and tail', () => {
  it('in a single frame held in the mouth, the head is the posterior end (facing left)', () => {
    const [p] = computeTrack([frame([rect(150, 150, 250, 170)])], anatomy('left'));
    expect(p?.head?.[0]).toBe(249.5);
    expect(p?.tail?.[0]).toBe(150.5);
    expect(p?.headBand).toBe('oralCavity');
    expect(p?.areaPx).toBe(2000);
    expect(p?.areaNorm).toBeCloseTo(0.2, 10);
    expect(p?.confidence).toBe(0.9);
  });

  it('facing right, the posterior end is the left end', () => {
    const [p] = computeTrack([frame(mirror([rect(150, 150, 250, 170)]))], anatomy('right'));
    expect(p?.head?.[0]).toBe(W - 249.5);
    expect(p?.tail?.[0]).toBe(W - 150.5);
  });

  for (const facing of ['left', 'right'] as const) {
    it(`follows the bolus round the bend into the pharynx (facing ${facing})`, () => {
      // Held bolus, then a bolus from the mouth down the pharynx (x 270–290), then one in the pharynx.
      const oral = rect(150, 150, 250, 172);
      const swallow = [rect(150, 150, 282, 172), rect(262, 150, 290, 330)];
      const low = [rect(266, 280, 288, 420)];
      const f = (shapes: Shape[]): FrameMasks => frame(facing === 'left' ? shapes : mirror(shapes));
      const track = computeTrack([f([oral]), f([oral]), f(swallow), f(swallow), f(low), f(low)], anatomy(facing));
      const x = (v: number): number => (facing === 'left' ? v : W - v);
      expect(track[2]?.head?.[1]).toBe(329.5);
      expect(track[2]?.tail?.[0]).toBe(x(150.5));
      expect(track[2]?.headBand).toBe('pyriformSinus');
      expect(track[2]?.tailBand).toBe('oralCavity');
      expect(track[4]?.head?.[1]).toBe(419.5);
      expect(track[4]?.tail?.[1]).toBe(280.5);
      expect(track[4]?.headBand).toBe('esophagus');
      expect(() => TrackPoint.array().parse(track)).not.toThrow();
    });
  }

  it('without anatomy, orders the bolus by row only', () => {
    const [p] = computeTrack([frame([rect(100, 100, 110, 200)])], null);
    expect(p?.head).toEqual([100.5, 199.5]);
    expect(p?.tail?.[1]).toBe(100.5);
    expect(p?.headBand).toBeNull();
    expect(p?.areaNorm).toBeNull();
  });

  it('leaves areaNorm null when the C2–C4 length is unknown', () => {
    const [p] = computeTrack([frame([rect(150, 150, 250, 170)])], anatomy('left', null));
    expect(p?.areaNorm).toBeNull();
    expect(p?.areaPx).toBe(2000);
  });
});

describe('computeTrack: residue and noise', () => {
  /** A bolus flowing down the pharynx past a small pool resting in the vallecula. */
  function swallowWithResidue(): FrameMasks[] {
    const residue = disc(255, 245, 5);
    const frames: FrameMasks[] = [];
    for (let f = 0; f < 24; f++) {
      const shapes: Shape[] = [residue];
      const top = 180 + 16 * f;
      if (top < H - 10) shapes.push(rect(266, top, 288, Math.min(H, top + 120)));
      frames.push(frame(shapes));
    }
    return frames;
  }

  it('leaves small resting residue out of the head and tail', () => {
    const track = computeTrack(swallowWithResidue(), anatomy('left'));
    // While the bolus passes, the tail is the top of the moving column, not the residue.
    expect(track[10]?.tail?.[1]).toBe(340.5);
    expect(track[10]?.tail?.[0]).toBeGreaterThan(266);
    // When it has gone, only residue is left: no moving bolus, but its area still counts.
    const last = track[track.length - 1];
    expect(last?.head).toBeNull();
    expect(last?.tail).toBeNull();
    expect(last?.areaPx).toBeGreaterThan(60);
  });

  it('keeps a small piece that is still moving', () => {
    const frames = Array.from({ length: 12 }, (_, f) => frame([disc(277, 230 + 12 * f, 4)]));
    const track = computeTrack(frames, anatomy('left'));
    expect(track[3]?.head).not.toBeNull();
    expect(track[3]?.head?.[1]).toBeGreaterThan(262);
  });

  it('follows a noisy outline to within its noise', () => {
    // A column flowing down; every other frame's outline is a pixel larger, specks come and go.
    const frames = Array.from({ length: 20 }, (_, f) => {
      const grow = f % 2;
      const top = 230 + 8 * f;
      const specks = f % 3 === 0 ? [rect(30 + 7 * f, 60, 33 + 7 * f, 63), rect(470, 20 + 9 * f, 472, 22 + 9 * f)] : [];
      return frame([rect(266 - grow, top - grow, 288 + grow, top + 100 + grow), ...specks]);
    });
    const track = computeTrack(frames, anatomy('left'));
    track.forEach((p, f) => {
      expect(p.head?.[1], `frame ${f}`).toBeGreaterThanOrEqual(230 + 8 * f + 99);
      expect(p.head?.[1], `frame ${f}`).toBeLessThanOrEqual(230 + 8 * f + 101);
      expect(p.tail?.[1], `frame ${f}`).toBeLessThanOrEqual(230 + 8 * f + 0.5);
    });
  });

  it('ignores speckle away from the bolus', () => {
    const frames = Array.from({ length: 5 }, (_, f) => frame([rect(266, 250 + 10 * f, 288, 300 + 10 * f), ...(f === 2 ? [rect(40, 480, 43, 483)] : [])]));
    const track = computeTrack(frames, anatomy('left'));
    expect(track[2]?.head?.[1]).toBe(319.5);
    expect(track[2]?.areaPx).toBe(22 * 50 + 9);
  });
});

describe('bolus path', () => {
  it('increases along the swallow: front of the mouth, back of the mouth, pharynx, oesophagus', () => {
    const frames = [frame([rect(150, 150, 250, 172)]), frame([rect(150, 150, 282, 172), rect(262, 150, 290, 330)]), frame([rect(266, 280, 288, 460)])];
    const path = estimateBolusPath(frames, anatomy('left'));
    expect(path).not.toBeNull();
    const s = [[150, 160], [240, 160], [277, 230], [277, 330], [277, 450]].map(([x, y]) => pathPosition(path, x as number, y as number));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1] as number);
  });

  it('is the oral leg alone until bolus is seen below the ramus', () => {
    const path = estimateBolusPath([frame([rect(150, 150, 250, 172)])], anatomy('left'));
    expect(path?.points).toHaveLength(2);
    expect(pathPosition(path, 249, 160)).toBeGreaterThan(pathPosition(path, 151, 160));
  });
});
