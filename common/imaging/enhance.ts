/**
 * One PECI-Net enhancement (steps.ts) applied to an 8-bit frame. Composite steps chain the same
 * functions: doubleClahe = clahe(clahe(x)), claheSharpen = sharpen(clahe(x)).
 */
import { clahe } from './clahe';
import { outBuffer, type Gray8 } from './image';
import { laplacianSharpen } from './sharpen';
import type { EnhancementStep } from './steps';

/** Intermediate result of the composite steps, reused (enhance is synchronous). */
let scratch = new Uint8Array(0);

function scratchFor(length: number): Uint8Array {
  if (scratch.length !== length) scratch = new Uint8Array(length);
  return scratch;
}

/** The enhanced frame; `out` (width·height bytes) is filled and returned when given. */
export function enhance(src: Gray8, step: EnhancementStep, out?: Uint8Array): Gray8 {
  const n = src.width * src.height;
  switch (step.name) {
    case 'identity': {
      const dst = outBuffer(out, n);
      dst.set(src.data);
      return { width: src.width, height: src.height, data: dst };
    }
    case 'sharpen':
      return laplacianSharpen(src, step.params, out);
    case 'clahe':
      return clahe(src, step.params, out);
    case 'doubleClahe':
      return clahe(clahe(src, step.params, scratchFor(n)), step.params, out);
    case 'claheSharpen':
      return laplacianSharpen(clahe(src, step.params.clahe, scratchFor(n)), step.params.sharpen, out);
  }
}
