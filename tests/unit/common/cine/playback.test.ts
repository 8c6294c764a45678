import { describe, expect, it } from 'vitest';
import {
  advance,
  clampRange,
  frameAtTime,
  frameDurationMs,
  rangeSpanMs,
  skippedBetween,
  timeFromOriginMs,
} from '../../../../common/cine/playback';

const at30 = Array.from({ length: 300 }, (_, i) => (i * 1000) / 30);
const variable = [0, 40, 80, 100, 180, 200];

describe('cine playback arithmetic', () => {
  it('keeps each frame on screen for its own interval', () => {
    expect(frameDurationMs(at30, 0)).toBeCloseTo(33.333, 3);
    expect(frameDurationMs(variable, 3)).toBe(80);
    expect(frameDurationMs(variable, 5)).toBe(20);
  });

  it('finds the frame showing at a media time, including variable intervals', () => {
    const all = { start: 0, end: 5 };
    expect(frameAtTime(variable, all, 0)).toBe(0);
    expect(frameAtTime(variable, all, 99.9)).toBe(2);
    expect(frameAtTime(variable, all, 100)).toBe(3);
    expect(frameAtTime(variable, all, 179)).toBe(3);
    expect(frameAtTime(variable, all, 10_000)).toBe(5);
    expect(frameAtTime(at30, { start: 0, end: 299 }, 1000)).toBe(30);
  });

  it('plays at the real rate times the speed factor', () => {
    const r = { start: 0, end: 299 };
    expect(frameAtTime(at30, r, advance(at30, r, 0, 1000, 1, true).mediaMs)).toBe(30);
    expect(frameAtTime(at30, r, advance(at30, r, 0, 1000, 0.25, true).mediaMs)).toBe(7);
    expect(frameAtTime(at30, r, advance(at30, r, 0, 1000, 2, true).mediaMs)).toBe(60);
  });

  it('wraps inside the loop range and stops at its end without looping', () => {
    const r = { start: 10, end: 19 };
    const { t0, t1 } = rangeSpanMs(at30, r);
    expect(t1 - t0).toBeCloseTo(333.33, 1);
    const looped = advance(at30, r, t0, 410, 1, true); // 76.7 ms into the second pass
    expect(frameAtTime(at30, r, looped.mediaMs)).toBe(12);
    const stopped = advance(at30, r, t0, 400, 1, false);
    expect(stopped.ended).toBe(true);
    expect(frameAtTime(at30, r, stopped.mediaMs)).toBe(19);
  });

  it('counts skipped frames across a wrap', () => {
    const r = { start: 10, end: 19 };
    expect(skippedBetween(11, 12, r)).toBe(0);
    expect(skippedBetween(11, 14, r)).toBe(2);
    expect(skippedBetween(19, 10, r)).toBe(0);
    expect(skippedBetween(18, 11, r)).toBe(2);
  });

  it('clamps ranges and reports time relative to an origin', () => {
    expect(clampRange({ start: -5, end: 400 }, 300)).toEqual({ start: 0, end: 299 });
    expect(clampRange({ start: 50, end: 20 }, 300)).toEqual({ start: 50, end: 50 });
    expect(timeFromOriginMs(at30, 45, 30)).toBeCloseTo(500);
    expect(timeFromOriginMs(at30, 15, 30)).toBeCloseTo(-500);
    expect(timeFromOriginMs(null, 1, 0)).toBeNull();
  });
});
