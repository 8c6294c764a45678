/** Events pushed from the main side to the renderer (WebSocket in web mode, IPC in Electron). */
import { z } from 'zod';
import { Id, ImportReport, Job } from './domain';

export const ApiEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('import.progress'),
    importId: Id,
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    file: z.string(),
  }),
  z.object({ type: z.literal('import.finished'), report: ImportReport }),
  z.object({ type: z.literal('worklist.changed') }),
  z.object({ type: z.literal('job.progress'), job: Job }),
  z.object({ type: z.literal('job.finished'), job: Job }),
  z.object({ type: z.literal('models.changed') }),
]);
export type ApiEvent = z.infer<typeof ApiEvent>;
export type ApiEventType = ApiEvent['type'];
