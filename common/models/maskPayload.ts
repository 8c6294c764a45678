/**
 * The binary form of one frame's AI masks, stored in the database and served to the viewer:
 *   "KMSK" | u16 version=1 | u16 classCount | u32 width | u32 height |
 *   per class: u8 nameLength | name (UTF-8) | u32 areaPx | f32 meanProbability | u32 runCount | u32 runs[runCount]
 * Runs alternate 0s and 1s starting with 0s (see common/imaging/mask rleEncode). Little endian.
 */
export interface PayloadClass {
  name: string;
  areaPx: number;
  meanProbability: number;
  rle: Uint32Array;
}

export interface MaskPayload {
  width: number;
  height: number;
  classes: PayloadClass[];
}

const MAGIC = 0x4b534d4b; // "KMSK" read as little-endian u32

/** UTF-8 without TextEncoder (common/ has no DOM or Node typings); class names are short. */
function utf8Encode(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(bytes);
}

function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | ((bytes[i + k] ?? 0) & 63);
    out += String.fromCodePoint(c);
    i += n;
  }
  return out;
}

export function encodeMaskPayload(p: MaskPayload): Uint8Array {
  const names = p.classes.map((c) => utf8Encode(c.name.slice(0, 60)));
  let size = 16;
  p.classes.forEach((c, i) => {
    size += 1 + (names[i]?.length ?? 0) + 12 + c.rle.length * 4;
  });
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, p.classes.length, true);
  v.setUint32(8, p.width, true);
  v.setUint32(12, p.height, true);
  let o = 16;
  p.classes.forEach((c, i) => {
    const name = names[i] ?? new Uint8Array(0);
    v.setUint8(o, name.length);
    out.set(name, o + 1);
    o += 1 + name.length;
    v.setUint32(o, c.areaPx, true);
    v.setFloat32(o + 4, c.meanProbability, true);
    v.setUint32(o + 8, c.rle.length, true);
    o += 12;
    for (let k = 0; k < c.rle.length; k++, o += 4) v.setUint32(o, c.rle[k] ?? 0, true);
  });
  return out;
}

export class MaskPayloadError extends Error {}

export function decodeMaskPayload(bytes: Uint8Array): MaskPayload {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number, o: number) => {
    if (o + n > bytes.length) throw new MaskPayloadError(`mask payload truncated at byte ${o}`);
  };
  need(16, 0);
  if (v.getUint32(0, true) !== MAGIC) throw new MaskPayloadError('not a Kestrel mask payload');
  if (v.getUint16(4, true) !== 1) throw new MaskPayloadError(`unsupported mask payload version ${v.getUint16(4, true)}`);
  const count = v.getUint16(6, true);
  const width = v.getUint32(8, true);
  const height = v.getUint32(12, true);
  const classes: PayloadClass[] = [];
  let o = 16;
  for (let i = 0; i < count; i++) {
    need(1, o);
    const len = v.getUint8(o);
    need(1 + len + 12, o);
    const name = utf8Decode(bytes.subarray(o + 1, o + 1 + len));
    o += 1 + len;
    const areaPx = v.getUint32(o, true);
    const meanProbability = v.getFloat32(o + 4, true);
    const runs = v.getUint32(o + 8, true);
    o += 12;
    need(runs * 4, o);
    const rle = new Uint32Array(runs);
    for (let k = 0; k < runs; k++, o += 4) rle[k] = v.getUint32(o, true);
    classes.push({ name, areaPx, meanProbability, rle });
  }
  return { width, height, classes };
}
