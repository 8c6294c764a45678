import { describe, expect, it } from 'vitest';
import { frameTimingFromAttributes } from '../../../../common/dicom/frameTiming';

describe('frameTimingFromAttributes', () => {
  it('uses FrameTime first: uniform timestamps, fps = 1000 / FrameTime', () => {
    const t = frameTimingFromAttributes({ frames: 4, frameTimeMs: 40, frameTimeVectorMs: [0, 10, 10, 10], cineRate: 99 });
    expect(t).toMatchObject({ fps: 25, timestampsMs: [0, 40, 80, 120], source: 'FrameTime', variable: false, warnings: [] });
  });

  it('FrameTimeVector: first value is frame 1 (0 or its own time), the rest are increments', () => {
    const t = frameTimingFromAttributes({ frames: 4, frameTimeVectorMs: [0, 33, 34, 33] });
    expect(t).toMatchObject({ timestampsMs: [0, 33, 67, 100], source: 'FrameTimeVector', variable: true });
    expect(t.fps).toBeCloseTo(3 / 0.1, 10);
    // A non-zero first value (the time of frame 1) does not move frame 0, the time origin.
    expect(frameTimingFromAttributes({ frames: 3, frameTimeVectorMs: [50, 20, 20] }).timestampsMs).toEqual([0, 20, 40]);
  });

  it('a vector of equal increments is not variable', () => {
    expect(frameTimingFromAttributes({ frames: 3, frameTimeVectorMs: [0, 40, 40] })).toMatchObject({ fps: 25, variable: false });
  });

  it('reads a vector one value short as increments without the leading 0, and says so', () => {
    const t = frameTimingFromAttributes({ frames: 4, frameTimeVectorMs: [40, 40, 40] });
    expect(t).toMatchObject({ timestampsMs: [0, 40, 80, 120], source: 'FrameTimeVector', fps: 25 });
    expect(t.warnings[0]).toMatch(/3 values for 4 frames; read as the increments after frame 1/);
  });

  it('ignores a vector of any other wrong length and falls back to the next source, never resampling', () => {
    const t = frameTimingFromAttributes({ frames: 5, frameTimeVectorMs: [0, 40], recommendedDisplayFrameRate: 15 });
    expect(t).toMatchObject({ source: 'RecommendedDisplayFrameRate', fps: 15 });
    expect(t.timestampsMs).toHaveLength(5);
    expect(t.timestampsMs?.[1]).toBeCloseTo(1000 / 15, 10);
    expect(t.warnings).toEqual(['FrameTimeVector (0018,1065) has 2 values for 5 frames; ignored']);
    const none = frameTimingFromAttributes({ frames: 5, frameTimeVectorMs: [0, 40, 40, 40, 40, 40, 40] });
    expect(none).toMatchObject({ fps: null, timestampsMs: null, source: 'none' });
  });

  it('ignores negative or all-zero vectors', () => {
    expect(frameTimingFromAttributes({ frames: 3, frameTimeVectorMs: [0, -5, 40] }).source).toBe('none');
    expect(frameTimingFromAttributes({ frames: 3, frameTimeVectorMs: [0, 0, 0], cineRate: 30 }).source).toBe('CineRate');
  });

  it('falls back RecommendedDisplayFrameRate -> CineRate, skipping unusable values with a warning', () => {
    expect(frameTimingFromAttributes({ frames: 2, recommendedDisplayFrameRate: 30, cineRate: 15 })).toMatchObject({ source: 'RecommendedDisplayFrameRate', fps: 30 });
    const t = frameTimingFromAttributes({ frames: 2, frameTimeMs: 0, recommendedDisplayFrameRate: -1, cineRate: 12 });
    expect(t).toMatchObject({ source: 'CineRate', fps: 12, timestampsMs: [0, 1000 / 12] });
    expect(t.warnings).toHaveLength(2);
  });

  it('says none when no timing attribute is present', () => {
    expect(frameTimingFromAttributes({ frames: 10 })).toEqual({ fps: null, timestampsMs: null, source: 'none', variable: false, warnings: [] });
    expect(frameTimingFromAttributes({ frames: 10, frameTimeMs: null, frameTimeVectorMs: null, recommendedDisplayFrameRate: null, cineRate: null }).source).toBe('none');
  });

  it('gives a single frame a timestamp when its frame time is known', () => {
    expect(frameTimingFromAttributes({ frames: 1, frameTimeMs: 33.3 })).toMatchObject({ timestampsMs: [0], source: 'FrameTime' });
  });
});
