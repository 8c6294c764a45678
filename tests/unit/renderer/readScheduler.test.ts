/** renderer/viewer/vfss/readScheduler.ts: throttled review re-reads that a sooner request overtakes. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadScheduler } from '../../../renderer/viewer/vfss/readScheduler';

describe('ReadScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const make = () => {
    const reads: number[] = [];
    const s = new ReadScheduler(() => reads.push(Date.now()), () => Date.now());
    return { s, reads };
  };

  it('folds requests into the read already waiting when it is due no later', () => {
    const { s, reads } = make();
    const t0 = Date.now();
    s.request(1500);
    vi.advanceTimersByTime(500);
    s.request(1500); // due at 2000: the waiting read (1500) covers it
    s.request(5000);
    vi.advanceTimersByTime(1000);
    expect(reads).toEqual([t0 + 1500]);
    vi.advanceTimersByTime(10_000);
    expect(reads).toHaveLength(1);
  });

  it('lets a sooner request (the job finished) replace a throttled read still waiting', () => {
    const { s, reads } = make();
    const t0 = Date.now();
    s.request(1500); // results arriving while the job runs
    vi.advanceTimersByTime(200);
    s.request(0); // job finished
    vi.advanceTimersByTime(0);
    expect(reads).toEqual([t0 + 200]);
    vi.advanceTimersByTime(5000);
    expect(reads).toHaveLength(1); // the replaced timer does not read again
  });

  it('reads nothing after cancel, and schedules again afterwards', () => {
    const { s, reads } = make();
    s.request(100);
    s.cancel();
    vi.advanceTimersByTime(1000);
    expect(reads).toEqual([]);
    s.request(50);
    vi.advanceTimersByTime(50);
    expect(reads).toHaveLength(1);
  });
});
