/**
 * 1-bit pixel data of a BINARY Segmentation: first pixel in the least significant bit of the first
 * byte (PS3.5 8.1.1, D.2), frames concatenated bit by bit with no padding between them.
 */

/**
 * Packs 0/1 masks into one bit stream: pixel p of frame f is bit (f*rows*cols + p), the first pixel in
 * the least significant bit of the first byte. Any non-zero mask value is foreground. Even length.
 */
export function packBits(masks: readonly Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const totalBits = masks.length * pixelsPerFrame;
  const bytes = Math.ceil(totalBits / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  let bit = 0;
  for (const mask of masks) {
    for (let p = 0; p < pixelsPerFrame; p++, bit++) {
      if (mask[p]) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
    }
  }
  return out;
}

/** Frame `index` (0-based) of a packed bit stream as a 0/1 mask. */
export function unpackFrame(packed: Uint8Array, index: number, pixelsPerFrame: number): Uint8Array {
  const out = new Uint8Array(pixelsPerFrame);
  let bit = index * pixelsPerFrame;
  for (let p = 0; p < pixelsPerFrame; p++, bit++) out[p] = ((packed[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  return out;
}
