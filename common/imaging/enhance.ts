/**
 * One PECI-Net enhancement (steps.ts) applied to an 8-bit frame. Composite steps chain the same
 * functions: doubleClahe = clahe(clahe(x)), claheSharpen = sharpen(clahe(x)).
 */
import { clahe } from './clahe';
import { outBuffer, type Gray8 } from './image';
import { laplacianSharpen } from './sharpen';
import type { ClaheParams, EnhancementStep } from './steps';

/** Intermediate result of the composite steps, reused (enhance is synchronous). */
let scratch = new Uint8Array(0);

function scratchFor(length: number): Uint8Array {
  if (scratch.length !== length) scratch = new Uint8Array(length);
  return scratch;
}

/** The enhanced frame; `out` (width·height bytes, not src.data) is filled and returned when given. */
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

/**
 * Every step of an ensemble into consecutive planes of `out` (C·width·height bytes, C×H×W). CLAHE
 * with the same parameters is computed once and reused by clahe, doubleClahe and claheSharpen, so
 * PECI-Net's five channels cost two CLAHE passes instead of four; each plane holds exactly the
 * bytes enhance() gives for its step.
 */
export function enhanceChannels(src: Gray8, steps: readonly EnhancementStep[], out?: Uint8Array): Uint8Array {
  const { width, height } = src;
  const n = width * height;
  const dst = outBuffer(out, steps.length * n);
  const claheOf = new Map<string, Gray8>();
  const claheOnce = (p: ClaheParams): Gray8 => {
    const key = `${p.clipLimit}|${p.tilesX}|${p.tilesY}`;
    let c = claheOf.get(key);
    if (!c) {
      c = clahe(src, p);
      claheOf.set(key, c);
    }
    return c;
  };
  steps.forEach((step, i) => {
    const plane = dst.subarray(i * n, (i + 1) * n);
    if (step.name === 'clahe') plane.set(claheOnce(step.params).data);
    else if (step.name === 'doubleClahe') clahe(claheOnce(step.params), step.params, plane);
    else if (step.name === 'claheSharpen') laplacianSharpen(claheOnce(step.params.clahe), step.params.sharpen, plane);
    else enhance(src, step, plane);
  });
  return dst;
}
