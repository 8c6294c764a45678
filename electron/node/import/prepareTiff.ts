import { classifyInstance } from '../../../common/cases/workflow';
import { decodeRaster, type RasterImage } from './prepareImage';
import { ImportRefusal, type PrepareContext, type PreparedInstance } from './prepared';
import { prepareSecondaryCapture } from './secondaryCapture';
import { isLabelOrMacro, readTiffInfo, TiffError } from './tiffInfo';

const OVERVIEW_MAX_SIDE = 2048;

/**
 * A TIFF image or whole-slide file (SVS). The original is kept untouched in the store; what the
 * viewer opens is an overview of the full-resolution page (at most 2048 px a side) as a Secondary
 * Capture. Label and macro pages are never converted: they often carry the patient's name.
 */
export async function prepareTiff(
  bytes: Uint8Array,
  name: string,
  sha256: string,
  groupKey: string,
  ctx: PrepareContext,
): Promise<PreparedInstance> {
  let info;
  try {
    info = readTiffInfo(bytes);
  } catch (error) {
    if (error instanceof TiffError) throw new ImportRefusal(`${name.split('/').pop()}: ${error.message}`);
    throw error;
  }
  const pageIndex = info.pages.findIndex((p) => !isLabelOrMacro(p));
  const page = info.pages[pageIndex];
  if (!page) throw new ImportRefusal('The TIFF has only label/macro pages, no image.');
  const isSlide = info.pages.length > 1 && (page.tiled || /aperio|slide/i.test(page.description));
  let raster: RasterImage;
  try {
    raster = await decodeRaster(bytes, pageIndex, OVERVIEW_MAX_SIDE);
  } catch (error) {
    throw new ImportRefusal(`The TIFF image data cannot be decoded (page ${pageIndex + 1}, compression ${page.compression}): ${(error as Error).message}`);
  }
  const kind = isSlide ? ('wsi' as const) : ('image' as const);
  const scale = page.width / raster.width;
  return prepareSecondaryCapture({
    raster,
    name,
    sha256,
    groupKey,
    ctx,
    kind,
    seriesNumber: isSlide ? 2 : 1,
    seriesDescription: isSlide ? `Slide overview ${page.width}×${page.height}` : 'Imported images',
    autoWorkflow: classifyInstance({ kind, modality: 'OT', frames: 1, samplesPerPixel: raster.channels }),
    original: isSlide ? { bytes, extension: 'svs' } : null,
    warnings: isSlide ? [`Slide ${page.width}×${page.height} stored; the viewer shows an overview downsampled ${scale.toFixed(1)}×.`] : [],
  });
}
