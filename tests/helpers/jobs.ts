import type { ApiEvent, Job } from '../../common/api';
import type { Services } from '../../electron/node/app/createServices';

/** Resolves with the first state of the job that satisfies `until` (checked now and on every job event). */
export function waitForJob(s: Services, jobId: number, until: (job: Job) => boolean, timeoutMs = 180_000): Promise<Job> {
  return new Promise((resolve, reject) => {
    const current = s.jobs.get(jobId);
    if (until(current)) return resolve(current);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`job ${jobId} is still ${JSON.stringify(s.jobs.get(jobId))}`));
    }, timeoutMs);
    const off = s.events.subscribe((e: ApiEvent) => {
      if ((e.type === 'job.finished' || e.type === 'job.progress') && e.job.id === jobId && until(e.job)) {
        clearTimeout(timer);
        off();
        resolve(e.job);
      }
    });
  });
}

export const finished = (job: Job): boolean => job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
