import { metaData, registerImageLoader, utilities, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { correctJpeg12LevelShift, signedViewForPixelRepresentation } from '../../../common/dicom/loaderFixes';

const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';

interface PixelModule {
  bitsStored?: number;
  bitsAllocated?: number;
  pixelRepresentation?: number;
}

/**
 * Re-registers the wadouri scheme around Cornerstone's own loader to apply the corrections the main
 * side applies too (common/dicom/loaderFixes): the viewer and the AI pipeline see the same pixels.
 * Today: the 12-bit JPEG level-shift bias of the loader's JPEG decoder, and signed frames that the
 * loader returns in an unsigned array (a JPEG 2000 stream that contradicts Pixel Representation).
 */
export function installLoaderFixes(): void {
  const base = wadouri.loadImageFromNaturalizedMetadata as unknown as (imageId: string, options?: Record<string, unknown>) => Types.IImageLoadObject;
  registerImageLoader('wadouri', ((imageId: string, options?: Record<string, unknown>) => {
    const loaded = base(imageId, options);
    return { ...loaded, promise: loaded.promise.then((image) => fix(image, imageId)) };
  }) as unknown as Types.ImageLoaderFn);
}

function transferSyntaxOf(image: Types.IImage, imageId: string): string | undefined {
  const fromMeta = (metaData.get('transferSyntax', imageId) as { transferSyntaxUID?: string } | undefined)?.transferSyntaxUID;
  const natural = (image as unknown as { data?: { TransferSyntaxUID?: string } }).data;
  return fromMeta ?? natural?.TransferSyntaxUID;
}

function fix(image: Types.IImage, imageId: string): Types.IImage {
  const pixelModule = metaData.get('imagePixelModule', imageId) as PixelModule | undefined;
  const pixels = image.getPixelData();
  if (pixels instanceof Float64Array || pixels instanceof Uint8ClampedArray || image.color) return image;
  if (transferSyntaxOf(image, imageId) === JPEG_EXTENDED && (pixelModule?.bitsStored ?? 8) > 8) {
    correctJpeg12LevelShift(pixels);
    image.minPixelValue = Math.max(0, image.minPixelValue - 15);
    image.maxPixelValue = Math.max(0, image.maxPixelValue - 15);
  }
  const signed = signedViewForPixelRepresentation(pixels, pixelModule?.pixelRepresentation ?? 0, pixelModule?.bitsAllocated ?? 16);
  if (signed !== pixels) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < signed.length; i++) {
      const v = signed[i] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    image.getPixelData = () => signed;
    image.voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: signed, width: image.columns, height: image.rows, numberOfComponents: 1 });
    image.dataType = signed instanceof Int16Array ? 'Int16Array' : 'Int8Array';
    image.minPixelValue = min;
    image.maxPixelValue = max;
  }
  return image;
}
