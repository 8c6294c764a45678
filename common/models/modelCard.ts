/**
 * The model card: everything Kestrel needs to run a model and everything a clinician needs to judge
 * it. `models/<id>.model.json` next to `models/<id>.onnx`; validated on registration.
 */
import { z } from 'zod';
import { Preprocessing } from '../imaging/steps';

export const ModelTask = z.enum(['vfss.bolus', 'spine.segment', 'spine.restore', 'pathology.classify', 'pathology.nuclei']);
export type ModelTask = z.infer<typeof ModelTask>;

export const TensorSpec = z.object({
  name: z.string().min(1),
  /** Dimensions; a string names a dynamic axis (e.g. "batch"). */
  shape: z.array(z.union([z.number().int().positive(), z.string().min(1)])).min(1).max(8),
  dtype: z.enum(['float32', 'float16', 'uint8', 'int64', 'int32']),
});
export type TensorSpec = z.infer<typeof TensorSpec>;

export const SegmentationDecoding = z.object({
  type: z.literal('segmentation'),
  /** Per-pixel probabilities already (sigmoid/softmax in the graph) or logits to activate here. */
  activation: z.enum(['none', 'sigmoid', 'softmax']),
  classes: z
    .array(
      z.object({
        name: z.string().min(1),
        output: z.string().min(1),
        channel: z.number().int().nonnegative(),
        threshold: z.number().min(0).max(1),
        /** Connected components smaller than this (in pixels of the original frame) are removed. */
        minComponentPx: z.number().int().nonnegative().default(0),
      }),
    )
    .min(1),
});

export const ClassificationDecoding = z.object({
  type: z.literal('classification'),
  activation: z.enum(['none', 'sigmoid', 'softmax']),
  output: z.string().min(1),
  classes: z.array(z.string().min(1)).min(2),
});

export const Metric = z.object({
  name: z.string().min(1),
  value: z.number(),
  dataset: z.string().min(1),
  /** The command that measured it, so anyone can measure it again. */
  command: z.string().min(1),
});

export const ModelCard = z
  .object({
    schema: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case letters, digits, ".", "_" or "-"'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
    name: z.string().min(1).max(120),
    task: ModelTask,
    file: z.string().regex(/^[^/\\]+\.onnx$/, 'an .onnx file name next to the card'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    inputs: z.array(TensorSpec).min(1),
    outputs: z.array(TensorSpec).min(1),
    preprocessing: Preprocessing,
    decoding: z.discriminatedUnion('type', [SegmentationDecoding, ClassificationDecoding]),
    training: z.object({
      data: z.string().min(1),
      command: z.string().min(1),
      date: z.string().min(1),
      notes: z.string().optional(),
    }),
    metrics: z.array(Metric),
    licence: z.string().min(1),
    intendedUse: z.string().min(1),
    clinicalUse: z.boolean(),
    authors: z.string().optional(),
    references: z.array(z.string()).default([]),
    ablation: z
      .array(z.object({ variant: z.string(), description: z.string(), metrics: z.record(z.string(), z.number()) }))
      .optional(),
  })
  .strict();
export type ModelCard = z.infer<typeof ModelCard>;
