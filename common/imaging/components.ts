/**
 * Removal of small connected components from a binary mask (8-connectivity: pixels that touch
 * at a corner belong together). Iterative flood fill with one preallocated queue, so a 4096² mask
 * cannot overflow the stack.
 */

export function removeSmallComponents(mask: Uint8Array, width: number, height: number, minArea: number): Uint8Array {
  const n = width * height;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} pixels, ${width}×${height} expected`);
  const out = new Uint8Array(n);
  if (minArea <= 1) {
    for (let i = 0; i < n; i++) out[i] = mask[i] ? 1 : 0;
    return out;
  }
  // 0: background or not yet visited; 1: visited. The queue doubles as the component's pixel list.
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (!mask[start] || seen[start]) continue;
    const tail = floodFill8(mask, width, height, start, seen, queue, 0);
    if (tail >= minArea) for (let i = 0; i < tail; i++) out[queue[i]!] = 1;
  }
  return out;
}

/**
 * 8-connected flood fill from `seed`: marks every pixel it reaches in `seen` and appends its index
 * to `out` from position `at`; returns the new end. Iterative over the caller's buffer (as long as
 * the mask), so a large component cannot overflow the stack. Shared by every labelling of a pixel
 * mask (small-component removal here, the bolus pieces and the anatomy's largest pieces).
 */
export function floodFill8(mask: Uint8Array, width: number, height: number, seed: number, seen: Uint8Array, out: Int32Array, at: number): number {
  let tail = at;
  out[tail++] = seed;
  seen[seed] = 1;
  for (let head = at; head < tail; head++) {
    const p = out[head]!;
    const x = p % width;
    const y = (p - x) / width;
    const x0 = x > 0 ? x - 1 : x;
    const x1 = x < width - 1 ? x + 1 : x;
    const y0 = y > 0 ? y - 1 : y;
    const y1 = y < height - 1 ? y + 1 : y;
    for (let yy = y0; yy <= y1; yy++) {
      for (let q = yy * width + x0, end = yy * width + x1; q <= end; q++) {
        if (mask[q] && !seen[q]) {
          seen[q] = 1;
          out[tail++] = q;
        }
      }
    }
  }
  return tail;
}
