/**
 * Just enough TIFF to tell a slide from a broken file with a specific reason: byte order, magic
 * number, and the chain of image file directories with each page's size and description.
 */
export interface TiffPage {
  width: number;
  height: number;
  tiled: boolean;
  compression: number;
  description: string;
}

export class TiffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TiffError';
  }
}

const MAX_PAGES = 256;

export function readTiffInfo(bytes: Uint8Array): { bigTiff: boolean; pages: TiffPage[] } {
  if (bytes.length < 8) throw new TiffError(`not a TIFF file: only ${bytes.length} bytes long.`);
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (order !== 'II' && order !== 'MM') {
    const shown = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new TiffError(`not a TIFF file: it starts with bytes ${shown}, not the "II" or "MM" byte-order mark.`);
  }
  const le = order === 'II';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint16(2, le);
  if (magic !== 42 && magic !== 43) throw new TiffError(`not a TIFF file: magic number ${magic}, expected 42 or 43.`);
  const big = magic === 43;
  const u64 = (o: number): number => Number(view.getBigUint64(o, le));
  let offset = big ? u64(8) : view.getUint32(4, le);
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  while (offset !== 0) {
    if (seen.has(offset)) throw new TiffError('broken TIFF: its directory chain loops.');
    seen.add(offset);
    if (pages.length >= MAX_PAGES) throw new TiffError(`broken TIFF: more than ${MAX_PAGES} pages.`);
    const entrySize = big ? 20 : 12;
    const countSize = big ? 8 : 2;
    if (offset + countSize > bytes.length) {
      throw new TiffError(`truncated TIFF: directory ${pages.length + 1} at byte ${offset} is past the end (${bytes.length} bytes).`);
    }
    const count = big ? u64(offset) : view.getUint16(offset, le);
    const end = offset + countSize + count * entrySize + (big ? 8 : 4);
    if (end > bytes.length) throw new TiffError(`truncated TIFF: directory ${pages.length + 1} runs past the end of the file.`);
    const page: TiffPage = { width: 0, height: 0, tiled: false, compression: 1, description: '' };
    for (let i = 0; i < count; i++) {
      const e = offset + countSize + i * entrySize;
      const tag = view.getUint16(e, le);
      const type = view.getUint16(e + 2, le);
      const n = big ? u64(e + 4) : view.getUint32(e + 4, le);
      const valueAt = e + (big ? 12 : 8);
      const scalar = type === 3 ? view.getUint16(valueAt, le) : type === 4 ? view.getUint32(valueAt, le) : big && type === 16 ? u64(valueAt) : 0;
      if (tag === 256) page.width = scalar;
      else if (tag === 257) page.height = scalar;
      else if (tag === 259) page.compression = scalar;
      else if (tag === 322) page.tiled = true;
      else if (tag === 270 && type === 2) {
        const inline = n <= (big ? 8 : 4);
        const at = inline ? valueAt : big ? u64(valueAt) : view.getUint32(valueAt, le);
        if (at + n <= bytes.length) page.description = new TextDecoder('latin1').decode(bytes.subarray(at, at + Math.min(n, 2048))).replace(/\0+$/, '');
      }
    }
    if (page.width <= 0 || page.height <= 0) throw new TiffError(`broken TIFF: page ${pages.length + 1} has no image size.`);
    pages.push(page);
    offset = big ? u64(end - 8) : view.getUint32(end - 4, le);
  }
  if (pages.length === 0) throw new TiffError('broken TIFF: it contains no image.');
  return { bigTiff: big, pages };
}

/** Aperio and other slide formats write "label" and "macro" pages that often show patient names. */
export function isLabelOrMacro(page: TiffPage): boolean {
  return /\b(label|macro)\b/i.test(page.description);
}
