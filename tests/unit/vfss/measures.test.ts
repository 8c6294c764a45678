import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURES, MeasureDefList, computeMeasures, type MeasureDef, type MarkedEvents } from '../../../common/vfss/measures';
import { MeasureValue, type Bolus } from '../../../common/vfss/schema';

const at30 = Array.from({ length: 120 }, (_, i) => (i * 1000) / 30);
/** A FrameTimeVector-style cine: 40 ms frames, then 20 ms frames from frame 5, then 100 ms. */
const variable = [0, 40, 80, 120, 160, 200, 220, 240, 260, 280, 300, 400, 500, 600];

const marks = (frames: Partial<Record<string, number>>): MarkedEvents =>
  Object.fromEntries(Object.entries(frames).map(([k, f]) => [k, { frame: f }])) as MarkedEvents;

const byKey = (values: MeasureValue[], key: string): MeasureValue => {
  const v = values.find((m) => m.key === key);
  if (!v) throw new Error(`no measure ${key}`);
  return v;
};

const allMarked = marks({
  firstPosteriorMovement: 3,
  bolusPassesRamus: 12,
  hyoidBurstOnset: 18,
  uesOpening: 21,
  lvcOnset: 22,
  lvcOffset: 40,
  tailThroughUes: 33,
  uesClosure: 36,
});

describe('default VFSS timing measures', () => {
  it('are the CLINICAL.md §1 pairs, with the one published threshold only', () => {
    expect(DEFAULT_MEASURES.map((m) => [m.key, m.set, m.from, m.to])).toEqual([
      ['swallowReactionTime', 'ASPEKT', 'bolusPassesRamus', 'hyoidBurstOnset'],
      ['hyoidBurstToUesOpening', 'ASPEKT', 'hyoidBurstOnset', 'uesOpening'],
      ['uesOpeningDuration', 'ASPEKT', 'uesOpening', 'uesClosure'],
      ['timeToLvc', 'ASPEKT', 'hyoidBurstOnset', 'lvcOnset'],
      ['lvcDuration', 'ASPEKT', 'lvcOnset', 'lvcOffset'],
      ['oralTransitTime', 'Logemann', 'firstPosteriorMovement', 'bolusPassesRamus'],
      ['pharyngealTransitTime', 'Logemann', 'bolusPassesRamus', 'tailThroughUes'],
      ['pharyngealDelay', 'Logemann', 'bolusPassesRamus', 'hyoidBurstOnset'],
    ]);
    expect(DEFAULT_MEASURES.filter((m) => m.threshold).map((m) => [m.key, m.threshold?.aboveMs])).toEqual([['swallowReactionTime', 540]]);
    expect(DEFAULT_MEASURES.find((m) => m.key === 'pharyngealDelay')?.label).toMatch(/laryngeal elevation/);
    expect(MeasureDefList.safeParse(DEFAULT_MEASURES).success).toBe(true);
  });

  it('validates configured lists: distinct keys, known events', () => {
    const one = DEFAULT_MEASURES[0] as MeasureDef;
    expect(MeasureDefList.safeParse([one, one]).success).toBe(false);
    expect(MeasureDefList.safeParse([{ ...one, to: 'swallowEnd' }]).success).toBe(false);
    expect(MeasureDefList.safeParse([{ ...one, key: 'custom', from: 'uesOpening', to: 'tailThroughUes', threshold: null }]).success).toBe(true);
  });
});

describe('computeMeasures', () => {
  it('gives exact ms at 30 fps (33.33… ms per frame)', () => {
    const v = computeMeasures(allMarked, at30);
    for (const m of v) expect(MeasureValue.parse(m)).toEqual(m);
    expect(byKey(v, 'swallowReactionTime').ms).toBeCloseTo(200, 9); // 6 frames
    expect(byKey(v, 'hyoidBurstToUesOpening').ms).toBeCloseTo(100, 9); // 3 frames
    expect(byKey(v, 'uesOpeningDuration').ms).toBeCloseTo(500, 9); // 15 frames
    expect(byKey(v, 'timeToLvc').ms).toBeCloseTo(133.333333333, 6); // 4 frames
    expect(byKey(v, 'lvcDuration').ms).toBeCloseTo(600, 9); // 18 frames
    expect(byKey(v, 'oralTransitTime').ms).toBeCloseTo(300, 9); // 9 frames
    expect(byKey(v, 'pharyngealTransitTime').ms).toBeCloseTo(700, 9); // 21 frames
    expect(byKey(v, 'pharyngealDelay').ms).toBeCloseTo(200, 9);
    for (const m of v) {
      expect(m.missing).toEqual([]);
      expect(m.flag).toBeNull();
    }
    expect(byKey(v, 'uesOpeningDuration')).toMatchObject({ fromFrame: 21, toFrame: 36 });
  });

  it('uses the real frame times of a variable-rate cine, not a frame count', () => {
    const v = computeMeasures(marks({ bolusPassesRamus: 2, hyoidBurstOnset: 7, firstPosteriorMovement: 0, tailThroughUes: 12 }), variable);
    // Frame 2 at 80 ms, frame 7 at 240 ms: 160 ms (5 frames; 5 × 40 = 200 would be wrong).
    expect(byKey(v, 'swallowReactionTime').ms).toBe(160);
    expect(byKey(v, 'oralTransitTime').ms).toBe(80);
    expect(byKey(v, 'pharyngealTransitTime').ms).toBe(420);
  });

  it('lists missing events and gives no value without them', () => {
    const v = computeMeasures(marks({ bolusPassesRamus: 4 }), at30);
    expect(byKey(v, 'swallowReactionTime')).toMatchObject({ ms: null, fromFrame: 4, toFrame: null, missing: ['hyoidBurstOnset'], flag: null });
    expect(byKey(v, 'lvcDuration')).toMatchObject({ ms: null, fromFrame: null, toFrame: null, missing: ['lvcOnset', 'lvcOffset'] });
    expect(computeMeasures({}, at30).every((m) => m.ms === null && m.missing.length === 2)).toBe(true);
  });

  it('reports a reversed pair as a negative interval, flagged with the order', () => {
    const v = computeMeasures(marks({ uesOpening: 30, uesClosure: 24 }), at30);
    const m = byKey(v, 'uesOpeningDuration');
    expect(m.ms).toBeCloseTo(-200, 9);
    expect(m.flag?.text).toBe('order: UES opening is after UES closure');
    // Even a reversed swallow reaction time is an order problem, not a threshold one.
    const srt = byKey(computeMeasures(marks({ bolusPassesRamus: 40, hyoidBurstOnset: 2 }), at30), 'swallowReactionTime');
    expect(srt.ms).toBeLessThan(0);
    expect(srt.flag?.text).toMatch(/^order: Bolus passes ramus \(BPM\) is after Hyoid burst onset$/);
  });

  it('flags swallow reaction time above 540 ms: 541 yes, 540 and 539 no', () => {
    const flagOf = (ms: number) =>
      byKey(computeMeasures(marks({ bolusPassesRamus: 1, hyoidBurstOnset: 2 }), [0, 100, 100 + ms]), 'swallowReactionTime');
    expect(flagOf(541).ms).toBe(541);
    expect(flagOf(541).flag).toEqual({
      text: 'above 540 ms (impaired above about 0.54 s)',
      source: 'CLINICAL.md §1: impaired above about 0.54 s in one clinical table',
    });
    expect(flagOf(540).flag).toBeNull();
    expect(flagOf(539).flag).toBeNull();
    // The pharyngeal delay uses the same events but has no published threshold.
    expect(byKey(computeMeasures(marks({ bolusPassesRamus: 1, hyoidBurstOnset: 2 }), [0, 100, 700]), 'pharyngealDelay').flag).toBeNull();
  });

  it('gives null ms when the rate is unknown or the timestamps do not cover a frame, but still checks order', () => {
    const v = computeMeasures(allMarked, null);
    expect(v.every((m) => m.ms === null && m.missing.length === 0)).toBe(true);
    expect(byKey(v, 'swallowReactionTime')).toMatchObject({ fromFrame: 12, toFrame: 18, flag: null });
    const reversed = byKey(computeMeasures(marks({ lvcOnset: 9, lvcOffset: 5 }), null), 'lvcDuration');
    expect(reversed.ms).toBeNull();
    expect(reversed.flag?.text).toMatch(/^order:/);
    expect(byKey(computeMeasures(marks({ bolusPassesRamus: 2, hyoidBurstOnset: 50 }), variable), 'swallowReactionTime').ms).toBeNull();
  });

  it("takes a bolus's stored event marks as they are", () => {
    const mark = (frame: number) => ({ frame, source: 'user' as const, proposedFrame: null, author: 'slp', at: '2025-01-01T00:00:00Z' });
    const events: Bolus['events'] = { bolusPassesRamus: mark(30), hyoidBurstOnset: mark(45) };
    expect(byKey(computeMeasures(events, at30), 'swallowReactionTime').ms).toBeCloseTo(500, 9);
  });

  it('computes custom definitions, ignoring extra fields on the marks', () => {
    const defs: MeasureDef[] = [{ key: 'x', set: 'ASPEKT', label: 'X', from: 'uesOpening', to: 'tailThroughUes', threshold: { aboveMs: 10, text: 'long', source: 'test' } }];
    const events = { uesOpening: { frame: 1, source: 'user' }, tailThroughUes: { frame: 3, source: 'ai' } };
    const [m] = computeMeasures(events, [0, 5, 10, 20], defs);
    expect(m).toEqual({ key: 'x', set: 'ASPEKT', label: 'X', from: 'uesOpening', to: 'tailThroughUes', fromFrame: 1, toFrame: 3, ms: 15, missing: [], flag: { text: 'long', source: 'test' } });
  });
});
