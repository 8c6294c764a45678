import sharp from 'sharp';
import { classifyInstance } from '../../../common/cases/workflow';
import { ImportRefusal, type PrepareContext, type PreparedInstance } from './prepared';
import { prepareSecondaryCapture, type RasterImage } from './secondaryCapture';

export type { RasterImage } from './secondaryCapture';


/** Decodes PNG/JPEG/TIFF pages with libvips (sharp); alpha is dropped, equal RGB channels become grey. */
export async function decodeRaster(input: Uint8Array | string, page = 0, maxSide: number | null = null): Promise<RasterImage> {
  let pipeline = sharp(input, { failOn: 'error', page, limitInputPixels: 1_000_000_000 });
  const meta = await pipeline.metadata();
  const sixteen = meta.depth === 'ushort';
  if (maxSide) pipeline = pipeline.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const grey = (meta.channels ?? 3) <= 2;
  pipeline = grey ? pipeline.toColourspace(sixteen ? 'grey16' : 'b-w') : pipeline.removeAlpha().toColourspace('srgb');
  const { data, info } = await pipeline.raw({ depth: sixteen ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
  const channels = info.channels === 1 ? 1 : 3;
  if (channels === 1 && info.channels !== 1) throw new ImportRefusal('Unsupported channel layout in image.');
  const typed = sixteen
    ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2).slice()
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (channels === 3 && !sixteen && isGreyRgb(typed as Uint8Array)) {
    const g = new Uint8Array(info.width * info.height);
    for (let i = 0; i < g.length; i++) g[i] = (typed as Uint8Array)[i * 3] ?? 0;
    return { width: info.width, height: info.height, channels: 1, bits: 8, data: g };
  }
  if (sixteen && channels === 3) {
    // 16-bit colour is rare outside scanners; keep 8 bits per channel for display.
    const c8 = new Uint8Array(typed.length);
    for (let i = 0; i < typed.length; i++) c8[i] = (typed[i] ?? 0) >> 8;
    return { width: info.width, height: info.height, channels, bits: 8, data: c8 };
  }
  return { width: info.width, height: info.height, channels, bits: sixteen ? 16 : 8, data: typed };
}

function isGreyRgb(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
  }
  return true;
}

function baseName(name: string): string {
  return name.split('/').pop() ?? name;
}

/** A PNG or JPEG becomes a Secondary Capture instance in a study made for its folder. */
export async function prepareImage(
  bytes: Uint8Array,
  name: string,
  sha256: string,
  groupKey: string,
  ctx: PrepareContext,
): Promise<PreparedInstance> {
  let raster: RasterImage;
  try {
    raster = await decodeRaster(bytes);
  } catch (error) {
    if (error instanceof ImportRefusal) throw error;
    throw new ImportRefusal(`Image cannot be decoded: ${(error as Error).message}`);
  }
  return prepareSecondaryCapture({
    raster,
    name,
    sha256,
    groupKey,
    ctx,
    kind: 'image',
    seriesNumber: 1,
    seriesDescription: 'Imported images',
    autoWorkflow: classifyInstance({ kind: 'image', modality: 'OT', frames: 1, samplesPerPixel: raster.channels }),
    original: null,
    warnings: [`${baseName(name)}: no pixel spacing in a non-DICOM image; lengths are in pixels.`],
  });
}
