/** Overlap of two binary masks of the same frame (any non-zero byte is foreground). */

function counts(a: Uint8Array, b: Uint8Array): { inter: number; sumA: number; sumB: number } {
  if (a.length !== b.length) throw new RangeError(`masks differ in size: ${a.length} vs ${b.length}`);
  let inter = 0;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    sumA += x;
    sumB += y;
    inter += x & y;
  }
  return { inter, sumA, sumB };
}

/** 2|A∩B| / (|A| + |B|); two empty masks agree perfectly (1). */
export function dice(a: Uint8Array, b: Uint8Array): number {
  const { inter, sumA, sumB } = counts(a, b);
  return sumA + sumB === 0 ? 1 : (2 * inter) / (sumA + sumB);
}

/** |A∩B| / |A∪B|; two empty masks agree perfectly (1). */
export function iou(a: Uint8Array, b: Uint8Array): number {
  const { inter, sumA, sumB } = counts(a, b);
  const union = sumA + sumB - inter;
  return union === 0 ? 1 : inter / union;
}
