/**
 * Just enough parsing of compressed frame headers to check them against the DICOM attributes
 * before a codec sees them: a codec given a stream that lies about its size or signedness either
 * fails with an opaque message or, worse, returns a plausible wrong image.
 */

export interface J2kHeader {
  width: number;
  height: number;
  components: number;
  /** Bits per sample of component 0. */
  precision: number;
  signed: boolean;
  /**
   * A tile-part (SOT, ISO/IEC 15444-1 A.4.2) declares more bytes than the stream holds: the
   * codestream was cut. OpenJPEG decodes such streams partially without an error, so this is the
   * check that refuses them. (A missing EOC marker alone is tolerated: real files omit it.)
   */
  truncatedTilePart: boolean;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20];

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function u32(b: Uint8Array, at: number): number {
  return u16(b, at) * 0x10000 + u16(b, at + 2);
}

/** Offset of the SOC marker: 0 for a bare codestream, inside the jp2c box for a JP2 file. */
function codestreamStart(b: Uint8Array): number {
  if (b[0] === 0xff && b[1] === 0x4f) return 0;
  if (JP2_SIGNATURE.every((v, i) => b[i] === v)) {
    for (let i = 8; i + 1 < Math.min(b.length, 4096); i++) {
      if (b[i] === 0xff && b[i + 1] === 0x4f && b[i + 2] === 0xff && b[i + 3] === 0x51) return i;
    }
  }
  return -1;
}

/** SIZ marker fields (ISO/IEC 15444-1 A.5.1); null when the bytes are not a J2K codestream. */
export function parseJ2kHeader(b: Uint8Array): J2kHeader | null {
  const s = codestreamStart(b);
  if (s < 0 || b.length < s + 44) return null;
  if (u16(b, s + 2) !== 0xff51) return null;
  const xsiz = u32(b, s + 8);
  const ysiz = u32(b, s + 12);
  const xo = u32(b, s + 16);
  const yo = u32(b, s + 20);
  const components = u16(b, s + 40);
  const ssiz = b[s + 42];
  if (ssiz === undefined || components < 1) return null;
  return {
    width: xsiz - xo,
    height: ysiz - yo,
    components,
    precision: (ssiz & 0x7f) + 1,
    signed: (ssiz & 0x80) !== 0,
    truncatedTilePart: tilePartsTruncated(b, s),
  };
}

/** Walk main-header marker segments, then tile-parts by their Psot lengths. */
function tilePartsTruncated(b: Uint8Array, start: number): boolean {
  let p = start + 2; // after SOC
  for (let guard = 0; guard < 100_000 && p + 4 <= b.length; guard++) {
    const marker = u16(b, p);
    if (marker === 0xffd9) return false; // EOC
    if (marker === 0xff90) {
      const psot = u32(b, p + 6);
      if (psot === 0) return false; // last tile-part runs to the end of the stream
      if (psot < 14) return true;
      if (p + psot > b.length) return true;
      p += psot;
      continue;
    }
    if ((marker & 0xff00) !== 0xff00) return false; // not at a marker: cannot judge, let the codec decide
    const len = u16(b, p + 2);
    if (p + 2 + len > b.length) return true;
    p += 2 + len;
  }
  return false;
}

/** JPEG (10918) frame header: SOFn dimensions and components; null when not found. */
export interface JpegHeader {
  width: number;
  height: number;
  components: number;
  precision: number;
  /** SOF marker number: 0xC0 baseline, 0xC1 extended, 0xC3 lossless, 0xF7 JPEG-LS. */
  sof: number;
  /** Adobe APP14 colour transform flag (0 = none: RGB stored as is), null when absent. */
  adobeTransform: number | null;
  /** Component identifiers, e.g. [82, 71, 66] ('R','G','B') for untransformed RGB. */
  componentIds: number[];
}

export function parseJpegHeader(b: Uint8Array): JpegHeader | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  let p = 2;
  let adobeTransform: number | null = null;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1] ?? 0;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    const len = u16(b, p + 2);
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    // libjpeg honours an Adobe segment only when it is complete: "Adobe" + version(2) + flags0(2)
    // + flags1(2) + transform(1) = 12 data bytes; the last complete one wins.
    if (marker === 0xee && len >= 14 && b[p + 4] === 0x41 && b[p + 5] === 0x64 && b[p + 6] === 0x6f) {
      adobeTransform = b[p + 15] ?? null;
    }
    if (isSof) {
      const components = b[p + 9] ?? 0;
      const componentIds: number[] = [];
      for (let c = 0; c < components; c++) componentIds.push(b[p + 10 + c * 3] ?? 0);
      return {
        precision: b[p + 4] ?? 0,
        height: u16(b, p + 5),
        width: u16(b, p + 7),
        components,
        sof: marker,
        adobeTransform,
        componentIds,
      };
    }
    if (marker === 0xda || len < 2) return null;
    p += 2 + len;
  }
  return null;
}

/**
 * A JPEG whose three components are RGB (DICOM Photometric Interpretation RGB) but that carries
 * neither an Adobe APP14 marker nor 'R','G','B' component IDs is decoded as YCbCr by libjpeg (its
 * default for three components), turning white into magenta. Inserting an Adobe marker with
 * transform 0 after SOI states what the DICOM header already says; no coded data changes.
 * A JFIF APP0 marker (which forces YCbCr in libjpeg) is dropped for the same reason.
 * Returns null when the stream needs no change.
 */
export function jpegWithRgbMarker(b: Uint8Array): Uint8Array | null {
  const h = parseJpegHeader(b);
  if (!h || h.components !== 3 || h.adobeTransform === 0) return null;
  if (h.componentIds[0] === 0x52 && h.componentIds[1] === 0x47 && h.componentIds[2] === 0x42) return null;
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  // Adobe APP14: "Adobe", version 100, flags0 0, flags1 0, transform 0.
  parts.push(new Uint8Array([0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00]));
  let p = 2;
  let copyFrom = 2;
  while (p + 4 <= b.length && b[p] === 0xff) {
    const marker = b[p + 1] ?? 0;
    if (marker === 0xda || (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)) break;
    const len = u16(b, p + 2);
    const isJfif = marker === 0xe0 && b[p + 4] === 0x4a && b[p + 5] === 0x46 && b[p + 6] === 0x49 && b[p + 7] === 0x46;
    if (isJfif) {
      parts.push(b.subarray(copyFrom, p));
      copyFrom = p + 2 + len;
    }
    p += 2 + len;
  }
  parts.push(b.subarray(copyFrom));
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}
