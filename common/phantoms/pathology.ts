/**
 * Synthetic H&E patches for patch browsing and the RCKD classifier: five tissue classes with
 * nuclei masks (the nuclei-segmentation teacher's target) and instance counts.
 */
import { createRng } from './random';
import { gaussianBlur } from './raster';
import { valueNoise, gaussianBank } from './noise';
import { drawNuclei } from './pathology/nuclei';
import { densityToRgb, sampleStain } from './pathology/stain';
import { composeTissue, PATHOLOGY_CLASSES, type PathologyClass } from './pathology/tissue';

export { PATHOLOGY_CLASSES, type PathologyClass } from './pathology/tissue';

export interface PathologyPatch {
  size: number;
  /** size*size*3, interleaved RGB. */
  rgb: Uint8Array;
  /** 0/1 per pixel: stained nuclei, including nuclear fragments of necrosis, not ghost nuclei. */
  nucleiMask: Uint8Array;
  /** Labelled nuclei with at least 4 pixels inside the patch. */
  nucleiInstances: number;
  label: PathologyClass;
}

export interface PathologyPatchOptions {
  seed: number;
  /** Default 224. */
  size?: number;
  /** Default: drawn from the seed. */
  label?: PathologyClass;
}

export function createPathologyPatch(options: PathologyPatchOptions): PathologyPatch {
  const size = options.size ?? 224;
  if (!Number.isInteger(size) || size < 32) throw new RangeError('pathology patch size must be an integer >= 32');
  const rng = createRng(options.seed, 'pathology');
  const label = options.label ?? rng.fork('label').pick(PATHOLOGY_CLASSES);
  // Tissue is described at 224 px (about 0.5 um per px); other sizes are rendered at that scale,
  // showing more or less tissue, so nuclei keep their size in pixels.
  const layers = composeTissue(label, rng.fork('tissue', label), size);
  const nucleiMask = new Uint8Array(size * size);
  const chromatin = valueNoise(rng.fork('chromatin'), size, size, 2.5, 2, 0.6);
  const nucleiInstances = drawNuclei(layers.nuclei, rng.fork('draw'), layers.h, nucleiMask, size, chromatin);

  // Focus and section thickness vary: a little blur, different per patch.
  const focus = rng.range(0.4, 1.1);
  gaussianBlur(layers.h, size, size, focus);
  gaussianBlur(layers.e, size, size, focus);
  const stain = sampleStain(rng.fork('stain'));
  const noise = gaussianBank(rng.fork('noise'), size * size);
  const rgb = densityToRgb(layers.h, layers.e, stain, noise, rng.range(1.5, 4));
  return { size, rgb, nucleiMask, nucleiInstances, label };
}
