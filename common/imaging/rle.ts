/**
 * Run-length encoding of binary masks, the compact form masks travel and are stored in: alternating
 * run lengths starting with a run of 0s (possibly 0 long), any non-zero byte counting as 1.
 */

export function rleEncode(mask: Uint8Array): Uint32Array {
  const n = mask.length;
  let runs = new Uint32Array(64);
  let k = 0;
  let cur = 0;
  let start = 0;
  // Masks are long runs: when the mask is 4-byte aligned, whole words of 0x00000000 (in a 0-run) or
  // 0x01010101 (in a 1-run) are skipped at once; any other word is looked at byte by byte.
  const words = mask.byteOffset % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, n >> 2) : null;
  let i = 0;
  while (i < n) {
    if (words && (i & 3) === 0 && i + 4 <= n) {
      const w = words[i >> 2]!;
      if (w === (cur ? 0x01010101 : 0)) {
        i += 4;
        continue;
      }
    }
    const v = mask[i] ? 1 : 0;
    if (v !== cur) {
      if (k + 2 > runs.length) {
        const grown = new Uint32Array(runs.length * 2);
        grown.set(runs);
        runs = grown;
      }
      runs[k++] = i - start;
      start = i;
      cur = v;
    }
    i++;
  }
  if (k + 1 > runs.length) {
    const grown = new Uint32Array(runs.length + 1);
    grown.set(runs);
    runs = grown;
  }
  runs[k++] = n - start;
  return runs.slice(0, k);
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
