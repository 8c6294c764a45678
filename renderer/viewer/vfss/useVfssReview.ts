import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Job } from '../../../common/api';
import type { VfssReview } from '../../../common/vfss/schema';
import type { Api } from '../../api/client';
import { ReadScheduler } from './readScheduler';

/**
 * How often the track is re-read while frames stream in from the model (ms): at least this, and at
 * least LOAD_SHARE times the last read's duration, so re-reading (the main side decodes every
 * frame's masks) takes at most about a fifth of a core away from the analysis.
 */
const REFRESH_WHILE_RUNNING_MS = 1500;
const LOAD_SHARE = 5;

export interface VfssReviewState {
  review: VfssReview | null;
  job: Job | null;
  error: string | null;
  reload(): Promise<void>;
  setReview(next: VfssReview): void;
}

/**
 * The swallow review of one cine, kept current: reloaded when boluses, events or masks change,
 * and at a bounded rate while the analysis job streams frames in (so the track grows as the user
 * reviews).
 */
export function useVfssReview(api: Api, instanceId: number | null, studyId: number): VfssReviewState {
  const [review, setReview] = useState<VfssReview | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const again = useRef(false);
  const lastReadMs = useRef(0);
  const reload = useCallback(async () => {
    if (instanceId === null) return;
    // One request at a time; a change that arrives meanwhile asks for one more read afterwards, so
    // the last change is never lost to a response that left the server before it.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const t0 = performance.now();
        const next = await api.call['vfss.review']({ instanceId });
        lastReadMs.current = performance.now() - t0;
        if (!again.current) setReview(next);
      } while (again.current);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      inFlight.current = false;
    }
  }, [api, instanceId]);

  const latestReload = useRef(reload);
  latestReload.current = reload;
  const scheduler = useRef<ReadScheduler | null>(null);
  scheduler.current ??= new ReadScheduler(() => void latestReload.current());
  const schedule = useCallback((delay: number) => scheduler.current?.request(delay), []);

  useEffect(() => {
    setReview(null);
    setJob(null);
    if (instanceId === null) return;
    void reload();
    void api.call['jobs.list']({ studyId }).then((jobs) => setJob(jobs.find((j) => j.instanceId === instanceId) ?? null));
    const off = api.onEvent((e) => {
      if ((e.type === 'job.progress' || e.type === 'job.finished') && e.job.instanceId === instanceId) {
        setJob(e.job);
        if (e.type === 'job.finished') schedule(0);
      } else if (e.type === 'results.frames' && e.instanceId === instanceId) {
        schedule(e.source === 'edit' ? 0 : Math.max(REFRESH_WHILE_RUNNING_MS, LOAD_SHARE * lastReadMs.current));
      } else if (e.type === 'vfss.changed' && e.instanceId === instanceId) {
        schedule(0);
      } else if (e.type === 'models.changed') {
        schedule(0);
      }
    });
    return () => {
      off();
      scheduler.current?.cancel();
    };
  }, [api, instanceId, studyId, reload, schedule]);

  return useMemo(() => ({ review, job, error, reload, setReview }), [review, job, error, reload]);
}
