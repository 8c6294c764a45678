/**
 * Preprocessing as typed data: a model card lists its steps by name with parameters, and the same
 * functions (common/imaging) write the training tensors and run at inference.
 */
import { z } from 'zod';

export const ClaheParams = z.object({
  /** OpenCV's clipLimit (relative to the mean bin height, as cv2.createCLAHE defines it). */
  clipLimit: z.number().positive().max(100),
  /** OpenCV's tileGridSize: tiles across (x) and down (y). */
  tilesX: z.number().int().min(1).max(64),
  tilesY: z.number().int().min(1).max(64),
});
export type ClaheParams = z.infer<typeof ClaheParams>;

export const SharpenParams = z.object({
  /** Centre weight of the Laplacian sharpening kernel [[0,-1,0],[-1,c,-1],[0,-1,0]] / (c-4); 5 is PECI-Net's. */
  centre: z.number().min(5).max(20).default(5),
});
export type SharpenParams = z.input<typeof SharpenParams>;

/** One enhanced channel of PECI-Net's preprocessing ensemble. */
export const EnhancementStep = z.discriminatedUnion('name', [
  z.object({ name: z.literal('identity') }),
  z.object({ name: z.literal('sharpen'), params: SharpenParams }),
  z.object({ name: z.literal('clahe'), params: ClaheParams }),
  z.object({ name: z.literal('doubleClahe'), params: ClaheParams }),
  z.object({ name: z.literal('claheSharpen'), params: z.object({ clahe: ClaheParams, sharpen: SharpenParams }) }),
]);
export type EnhancementStep = z.infer<typeof EnhancementStep>;

/** How a frame becomes the model's input tensor. */
export const Preprocessing = z.object({
  /** Frames are converted to 8-bit grey first (window from the file, or min–max) — the models see 8-bit. */
  channels: z.array(EnhancementStep).min(1).max(16),
  /** Model input size; the frame is resized with its aspect kept and padded ('pad') or stretched. */
  width: z.number().int().min(16).max(4096),
  height: z.number().int().min(16).max(4096),
  fit: z.enum(['pad', 'stretch']),
  /** Channel values are scaled from 0–255 to 0–1 and then (x - mean) / std. */
  mean: z.number().default(0),
  std: z.number().positive().default(1),
  /** Whether enhancement runs before (at frame size) or after resizing (at model size). */
  order: z.enum(['enhanceThenResize', 'resizeThenEnhance']).default('resizeThenEnhance'),
});
export type Preprocessing = z.infer<typeof Preprocessing>;

/** PECI-Net's five enhancements: identity, Laplacian sharpening, CLAHE, double CLAHE, CLAHE + sharpening. */
export function peciEnsemble(clahe: ClaheParams = { clipLimit: 2, tilesX: 8, tilesY: 8 }): EnhancementStep[] {
  return [
    { name: 'identity' },
    { name: 'sharpen', params: { centre: 5 } },
    { name: 'clahe', params: clahe },
    { name: 'doubleClahe', params: clahe },
    { name: 'claheSharpen', params: { clahe, sharpen: { centre: 5 } } },
  ];
}
