/**
 * Run-length encoding of binary masks, the compact form masks travel and are stored in: alternating
 * run lengths starting with a run of 0s (possibly 0 long), any non-zero byte counting as 1.
 */

export function rleEncode(mask: Uint8Array): Uint32Array {
  const n = mask.length;
  let runs = 1;
  let cur = 0;
  for (let i = 0; i < n; i++) {
    const v = mask[i] ? 1 : 0;
    if (v !== cur) {
      runs++;
      cur = v;
    }
  }
  const out = new Uint32Array(runs);
  let k = 0;
  let len = 0;
  cur = 0;
  for (let i = 0; i < n; i++) {
    const v = mask[i] ? 1 : 0;
    if (v !== cur) {
      out[k++] = len;
      len = 0;
      cur = v;
    }
    len++;
  }
  out[k] = len;
  return out;
}

/** Throws when the runs do not add up to `length` exactly (a truncated or foreign blob). */
export function rleDecode(rle: Uint32Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let pos = 0;
  for (let k = 0; k < rle.length; k++) {
    const run = rle[k]!;
    if (pos + run > length) throw new RangeError(`RLE runs exceed the mask length ${length}`);
    if (k % 2 === 1) out.fill(1, pos, pos + run);
    pos += run;
  }
  if (pos !== length) throw new RangeError(`RLE runs cover ${pos} pixels, mask has ${length}`);
  return out;
}
