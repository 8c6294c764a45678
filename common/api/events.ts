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
  /** New AI results or a person's masks for some frames of an instance (overlays and tracks refresh). */
  z.object({ type: z.literal('results.frames'), instanceId: Id, frames: z.array(z.number().int().nonnegative()), source: z.enum(['ai', 'edit']) }),
  z.object({ type: z.literal('vfss.changed'), instanceId: Id }),
]);
export type ApiEvent = z.infer<typeof ApiEvent>;
export type ApiEventType = ApiEvent['type'];
