import { describe, expect, it } from 'vitest';
import type { Bolus, EventMark, VfssAnatomy, VfssEventName } from '../../../common/vfss/schema';
import { buildTimeline, frameAtX, xOfFrame, type TimelineInputs } from '../../../renderer/viewer/vfss/timelineData';
import { trackPoint as point } from '../vfss/fixtures';

const SHORT: Record<VfssEventName, string> = {
  firstPosteriorMovement: 'FPM',
  bolusPassesRamus: 'BPM',
  hyoidBurstOnset: 'HBO',
  uesOpening: 'UESO',
  lvcOnset: 'LVC',
  lvcOffset: 'LVCoff',
  tailThroughUes: 'TTU',
  uesClosure: 'UESC',
};


function mark(frame: number, source: EventMark['source'] = 'user'): EventMark {
  return { frame, source, proposedFrame: source === 'ai' ? frame : null, author: 'tester', at: '2026-01-01T00:00:00Z' };
}

function bolus(over: Partial<Bolus> = {}): Bolus {
  return {
    id: 1,
    instanceId: 1,
    ordinal: 1,
    startFrame: 1,
    endFrame: 4,
    consistency: 'thin',
    volumeMl: 5,
    residue: null,
    events: {},
    pas: null,
    pasFrame: null,
    notes: '',
    ...over,
  };
}

const ANATOMY: VfssAnatomy = {
  bands: {
    oralCavity: { y0: 100, y1: 200 },
    ramus: { y0: 200, y1: 220 },
    vallecula: { y0: 250, y1: 220 }, // given bottom-up: read as 220..250
    pyriformSinus: { y0: 250, y1: 330 },
    ues: { y0: 330, y1: 380 },
    esophagus: { y0: 380, y1: 480 },
  },
  c2c4LengthPx: 100,
  facing: 'left',
  source: 'ai',
};

function inputs(over: Partial<TimelineInputs> = {}): TimelineInputs {
  return {
    track: [0, 1, 2, 3, 4, 5].map((f) => point(f, { areaPx: f * 1000 })),
    timestampsMs: null,
    originFrame: 0,
    boluses: [],
    proposals: [],
    anatomy: null,
    eventShort: SHORT,
    normalised: false,
    ...over,
  };
}

describe('buildTimeline: the time axis', () => {
  it('uses the frame timestamps when there are some, variable intervals kept as they are', () => {
    const ts = [0, 33, 67, 100, 140, 200];
    const m = buildTimeline(inputs({ timestampsMs: ts }));
    expect(m.timeBase).toBe('ms');
    expect(m.frameCount).toBe(6);
    expect(m.x).toEqual(ts);
  });

  it('falls back to frame indices without timestamps (null or empty)', () => {
    for (const timestampsMs of [null, []]) {
      const m = buildTimeline(inputs({ timestampsMs }));
      expect(m.timeBase).toBe('frame');
      expect(m.x).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('without timestamps, covers every frame the track, boluses and proposals name', () => {
    const m = buildTimeline(
      inputs({
        track: [point(2)],
        boluses: [bolus({ startFrame: 3, endFrame: 6, events: { uesClosure: mark(8) } })],
        proposals: [{ event: 'lvcOnset', frame: 7, reason: '' }],
      }),
    );
    expect(m.frameCount).toBe(9);
    expect(m.area).toEqual([null, null, 0, null, null, null, null, null, null]);
  });

  it('the timestamps decide the frame count: track points beyond them are dropped', () => {
    const m = buildTimeline(inputs({ timestampsMs: [0, 40, 80] }));
    expect(m.frameCount).toBe(3);
    expect(m.area).toEqual([0, 1000, 2000]);
  });

  it('shifts x to the origin frame: negative before it, in ms or in frames', () => {
    const ts = [0, 33, 67, 100, 140, 200];
    expect(buildTimeline(inputs({ timestampsMs: ts, originFrame: 2 })).x).toEqual([-67, -34, 0, 33, 73, 133]);
    expect(buildTimeline(inputs({ originFrame: 2 })).x).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(xOfFrame(5, ts, 2)).toBe(133);
    expect(xOfFrame(5, null, 2)).toBe(3);
  });

  it('clamps an origin outside the cine', () => {
    expect(buildTimeline(inputs({ originFrame: 99 })).originFrame).toBe(5);
    expect(buildTimeline(inputs({ originFrame: -3 })).originFrame).toBe(0);
  });
});

describe('buildTimeline: series', () => {
  it('area in px, or divided by (C2–C4)² when asked for and known', () => {
    expect(buildTimeline(inputs({ anatomy: ANATOMY })).areaUnit).toBe('px');
    const norm = buildTimeline(inputs({ anatomy: ANATOMY, normalised: true }));
    expect(norm.areaUnit).toBe('c2c4');
    expect(norm.area).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    // Asked for but the length is unknown: stays in px and says so.
    for (const anatomy of [null, { ...ANATOMY, c2c4LengthPx: null }]) {
      const m = buildTimeline(inputs({ anatomy, normalised: true }));
      expect(m.areaUnit).toBe('px');
      expect(m.area[3]).toBe(3000);
    }
  });

  it('frames not analysed are gaps; analysed frames without a bolus have area 0 and no rows', () => {
    const m = buildTimeline(
      inputs({
        track: [
          point(0, { analyzed: false, areaPx: 0 }),
          point(1, { areaPx: 0 }),
          point(2, { areaPx: 50, head: [10, 210], tail: [12, 150], confidence: 0.9 }),
          point(3, { analyzed: false, edited: true, areaPx: 40, head: [10, 260], tail: [12, 240] }),
        ],
      }),
    );
    expect(m.area).toEqual([null, 0, 50, 40]);
    expect(m.headRow).toEqual([null, null, 210, 260]);
    expect(m.tailRow).toEqual([null, null, 150, 240]);
    expect(m.confidence).toEqual([null, null, 0.9, null]);
    expect(m.editedFrames).toEqual([3]);
    expect(m.editedX).toEqual([3]);
    expect(m.rowRange).toEqual([150, 260]);
    expect(m.areaData).toEqual([m.x, m.area, m.confidence]);
    expect(m.rowData).toEqual([m.x, m.headRow, m.tailRow]);
  });

  it('bands in anatomical order, each top to bottom, and the row range covers them', () => {
    const m = buildTimeline(inputs({ anatomy: ANATOMY, track: [point(0, { head: [0, 500], tail: [0, 90] })] }));
    expect(m.bands.map((b) => b.name)).toEqual(['oralCavity', 'ramus', 'vallecula', 'pyriformSinus', 'ues', 'esophagus']);
    expect(m.bands[2]).toEqual({ name: 'vallecula', y0: 220, y1: 250 });
    expect(m.rowRange).toEqual([90, 500]);
    expect(buildTimeline(inputs()).bands).toEqual([]);
    expect(buildTimeline(inputs()).rowRange).toBeNull();
  });
});

describe('buildTimeline: marks', () => {
  const ts = [0, 33, 67, 100, 140, 200];
  const boluses = [
    bolus({
      ordinal: 2,
      startFrame: 5,
      endFrame: 3, // reversed: read as 3..5
      events: { uesClosure: mark(5), uesOpening: mark(3, 'ai') },
      pas: 4,
      pasFrame: 4,
    }),
    bolus({ ordinal: 1, startFrame: 0, endFrame: 2, events: { bolusPassesRamus: mark(1), lvcOnset: mark(42) } }),
  ];

  it('event marks from the boluses: frame, x, short label, source, bolus; sorted by time', () => {
    const m = buildTimeline(inputs({ timestampsMs: ts, originFrame: 1, boluses }));
    expect(m.marks).toEqual([
      { event: 'bolusPassesRamus', frame: 1, x: 0, label: 'BPM', kind: 'user', bolus: 1, reason: null },
      { event: 'uesOpening', frame: 3, x: 67, label: 'UESO', kind: 'ai', bolus: 2, reason: null },
      { event: 'uesClosure', frame: 5, x: 167, label: 'UESC', kind: 'user', bolus: 2, reason: null },
    ]);
    // Frame 42 is outside the cine: not drawn.
    expect(m.marks.some((mk) => mk.event === 'lvcOnset')).toBe(false);
  });

  it('bolus segments and PAS evidence frames', () => {
    const m = buildTimeline(inputs({ timestampsMs: ts, boluses }));
    expect(m.segments).toEqual([
      { ordinal: 1, startFrame: 0, endFrame: 2, x0: 0, x1: 67 },
      { ordinal: 2, startFrame: 3, endFrame: 5, x0: 100, x1: 200 },
    ]);
    expect(m.pas).toEqual([{ ordinal: 2, pas: 4, frame: 4, x: 140 }]);
  });

  it('AI proposals (dashed) with their reason; one already marked at its frame is not repeated', () => {
    const m = buildTimeline(
      inputs({
        timestampsMs: ts,
        boluses,
        proposals: [
          { event: 'hyoidBurstOnset', frame: 2, reason: 'hyoid moves' },
          { event: 'uesOpening', frame: 3, reason: 'UES opens' },
          { event: 'uesClosure', frame: 4, reason: 'UES closes' },
          { event: 'lvcOffset', frame: 77, reason: 'outside the 6 timestamped frames' },
        ],
      }),
    );
    expect(m.proposals).toEqual([
      { event: 'hyoidBurstOnset', frame: 2, x: 67, label: 'HBO', kind: 'proposal', bolus: null, reason: 'hyoid moves' },
      { event: 'uesClosure', frame: 4, x: 140, label: 'UESC', kind: 'proposal', bolus: null, reason: 'UES closes' },
    ]);
  });
});

describe('frameAtX (seeking)', () => {
  const ts = [0, 33, 67, 100, 140, 200];

  it('finds the nearest frame by time with variable intervals; a tie goes to the later frame', () => {
    expect(frameAtX(0, ts, 0, 6)).toBe(0);
    expect(frameAtX(16, ts, 0, 6)).toBe(0);
    expect(frameAtX(17, ts, 0, 6)).toBe(1);
    expect(frameAtX(119, ts, 0, 6)).toBe(3);
    expect(frameAtX(120, ts, 0, 6)).toBe(4); // midway between 100 and 140
    expect(frameAtX(171, ts, 0, 6)).toBe(5);
  });

  it('x is relative to the origin frame', () => {
    expect(frameAtX(0, ts, 3, 6)).toBe(3);
    expect(frameAtX(-66, ts, 3, 6)).toBe(1);
    expect(frameAtX(40, ts, 3, 6)).toBe(4);
    expect(frameAtX(2.4, null, 2, 6)).toBe(4);
    expect(frameAtX(-1.6, null, 2, 6)).toBe(0);
  });

  it('before the first frame gives the first, after the last gives the last', () => {
    expect(frameAtX(-500, ts, 0, 6)).toBe(0);
    expect(frameAtX(10_000, ts, 0, 6)).toBe(5);
    expect(frameAtX(-500, ts, 3, 6)).toBe(0);
    expect(frameAtX(-10, null, 0, 6)).toBe(0);
    expect(frameAtX(99, null, 0, 6)).toBe(5);
    expect(frameAtX(99, null, 2, 6)).toBe(5);
  });

  it('only the first `frames` timestamps count; no frames gives 0', () => {
    expect(frameAtX(10_000, ts, 0, 4)).toBe(3);
    expect(frameAtX(5, null, 0, 0)).toBe(0);
    expect(frameAtX(Number.NaN, ts, 0, 6)).toBe(0);
  });

  it('every frame round-trips through its x', () => {
    const variable = Array.from({ length: 300 }, (_, i) => i * 33.3 + (i % 4 === 0 ? 5 : 0));
    for (const origin of [0, 97, 299]) {
      for (let f = 0; f < 300; f++) {
        expect(frameAtX(xOfFrame(f, variable, origin), variable, origin, 300)).toBe(f);
        expect(frameAtX(xOfFrame(f, null, origin), null, origin, 300)).toBe(f);
      }
    }
  });
});
