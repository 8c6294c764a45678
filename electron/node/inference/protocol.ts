/**
 * Messages between the main side and the inference host process. Both directions are validated:
 * a host that crashed half-way through writing, or a mismatched build, shows up as a clear error.
 * Masks travel as typed arrays (structured clone), never as JSON number lists.
 */
import { z } from 'zod';
import { ModelCard } from '../../../common/models/modelCard';

export const ExecutionProvider = z.enum(['cuda', 'dml', 'coreml', 'cpu']);
export type ExecutionProvider = z.infer<typeof ExecutionProvider>;

const Tensor = z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])), type: z.string() });
export type TensorInfo = z.infer<typeof Tensor>;

export const ToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inspect'), requestId: z.number().int(), modelPath: z.string() }),
  z.object({
    type: z.literal('run'),
    jobId: z.number().int(),
    modelPath: z.string(),
    card: ModelCard,
    instancePath: z.string(),
    frames: z.array(z.number().int().nonnegative()),
    providers: z.array(ExecutionProvider).min(1),
    batchSize: z.number().int().min(1).max(64),
    threads: z.number().int().min(1).max(64),
  }),
  z.object({ type: z.literal('cancel'), jobId: z.number().int() }),
]);
export type ToHost = z.infer<typeof ToHost>;

export const ClassMask = z.object({
  name: z.string(),
  rle: z.custom<Uint32Array>((v) => v instanceof Uint32Array, 'expected a Uint32Array of runs'),
  areaPx: z.number().int().nonnegative(),
  /** Mean probability inside the mask (0 when empty): the frame's confidence for that class. */
  meanProbability: z.number().min(0).max(1),
});
export type ClassMask = z.infer<typeof ClassMask>;

export const FromHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({
    type: z.literal('inspected'),
    requestId: z.number().int(),
    ok: z.boolean(),
    inputs: z.array(Tensor),
    outputs: z.array(Tensor),
    error: z.string().nullable(),
  }),
  z.object({ type: z.literal('started'), jobId: z.number().int(), provider: ExecutionProvider, fallbacks: z.array(z.string()) }),
  z.object({
    type: z.literal('frames'),
    jobId: z.number().int(),
    results: z.array(
      z.object({ frame: z.number().int(), width: z.number().int(), height: z.number().int(), masks: z.array(ClassMask), ms: z.number() }),
    ),
  }),
  z.object({ type: z.literal('done'), jobId: z.number().int(), ms: z.number() }),
  z.object({ type: z.literal('cancelled'), jobId: z.number().int() }),
  z.object({ type: z.literal('failed'), jobId: z.number().int(), error: z.string() }),
]);
export type FromHost = z.infer<typeof FromHost>;
export type FrameResult = Extract<FromHost, { type: 'frames' }>['results'][number];
