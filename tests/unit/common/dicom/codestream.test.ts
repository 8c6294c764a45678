import { describe, expect, it } from 'vitest';
import { jpegWithRgbMarker, parseJ2kHeader, parseJpegHeader } from '../../../../common/dicom/codestream';
import { correctJpeg12LevelShift, signedViewForPixelRepresentation } from '../../../../common/dicom/loaderFixes';

/** A minimal J2K main header: SOC, SIZ (1 component), then one tile-part of `psot` bytes. */
function j2k(width: number, height: number, ssiz: number, psot: number, bodyBytes: number): Uint8Array {
  const siz = [0xff, 0x51, 0x00, 0x29, 0x00, 0x00];
  const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  const header = [0xff, 0x4f, ...siz, ...u32(width), ...u32(height), ...u32(0), ...u32(0), ...u32(width), ...u32(height), ...u32(0), ...u32(0), 0x00, 0x01, ssiz, 1, 1];
  const sot = [0xff, 0x90, 0x00, 0x0a, 0x00, 0x00, ...u32(psot), 0x00, 0x01];
  return new Uint8Array([...header, ...sot, ...new Array<number>(bodyBytes).fill(0x11), 0xff, 0xd9]);
}

describe('JPEG 2000 header', () => {
  it('reads size, precision and signedness from SIZ', () => {
    expect(parseJ2kHeader(j2k(64, 32, 0x8c, 14 + 10, 10))).toMatchObject({ width: 64, height: 32, components: 1, precision: 13, signed: true, truncatedTilePart: false });
    expect(parseJ2kHeader(j2k(64, 32, 0x07, 14 + 10, 10))).toMatchObject({ precision: 8, signed: false });
  });

  it('detects a tile-part that declares more bytes than the stream holds', () => {
    expect(parseJ2kHeader(j2k(8, 8, 7, 14 + 500, 10))?.truncatedTilePart).toBe(true);
  });

  it('returns null for non-J2K bytes', () => {
    expect(parseJ2kHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
  });
});

/** SOI, optional APPn segments, SOF0 for 3 components with the given IDs, SOS, EOI. */
function jpeg(ids: number[], segments: number[][] = []): Uint8Array {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, ...ids.flatMap((id) => [id, 0x11, 0x00])];
  const sos = [0xff, 0xda, 0x00, 0x0c, 0x03, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  return new Uint8Array([0xff, 0xd8, ...segments.flat(), ...sof, ...sos, 0x00, 0xff, 0xd9]);
}

const JFIF = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];

describe('JPEG header and the RGB marker', () => {
  it('reads SOF dimensions and component IDs', () => {
    expect(parseJpegHeader(jpeg([1, 2, 3]))).toMatchObject({ width: 32, height: 16, components: 3, precision: 8, sof: 0xc0, adobeTransform: null, componentIds: [1, 2, 3] });
  });

  it('adds an Adobe transform-0 marker (and drops JFIF) only where libjpeg would assume YCbCr', () => {
    const fixed = jpegWithRgbMarker(jpeg([1, 2, 3], [JFIF]));
    expect(fixed).not.toBeNull();
    const h = parseJpegHeader(fixed ?? new Uint8Array());
    expect(h?.adobeTransform).toBe(0);
    expect(Buffer.from(fixed ?? []).includes(Buffer.from('JFIF'))).toBe(false);
    expect(jpegWithRgbMarker(fixed ?? new Uint8Array())).toBeNull();
    expect(jpegWithRgbMarker(jpeg([0x52, 0x47, 0x42]))).toBeNull();
  });

  it('ignores an incomplete Adobe segment, as libjpeg does', () => {
    const shortAdobe = [0xff, 0xee, 0x00, 0x0c, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00];
    expect(parseJpegHeader(jpeg([0, 1, 2], [shortAdobe]))?.adobeTransform).toBeNull();
  });
});

describe('12-bit JPEG level-shift correction', () => {
  it('subtracts the loader bias of 15 and clamps at 0', () => {
    const px = new Uint16Array([0, 10, 15, 16, 1039, 4095]);
    correctJpeg12LevelShift(px);
    expect(Array.from(px)).toEqual([0, 0, 0, 1, 1024, 4080]);
  });
});

describe('signed view for Pixel Representation 1', () => {
  it('re-views two\'s complement bits held in an unsigned array, without copying', () => {
    const u16 = new Uint16Array([0, 64536, 1000]);
    const s16 = signedViewForPixelRepresentation(u16, 1, 16);
    expect(Array.from(s16)).toEqual([0, -1000, 1000]);
    expect(s16.buffer).toBe(u16.buffer);
    expect(Array.from(signedViewForPixelRepresentation(new Uint8Array([255, 1]), 1, 8))).toEqual([-1, 1]);
    expect(signedViewForPixelRepresentation(u16, 0, 16)).toBe(u16);
  });
});
