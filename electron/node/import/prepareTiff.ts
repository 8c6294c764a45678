import { createInstance } from '../dicom/create';
import { decodeRaster, EXPLICIT_VR_LITTLE_ENDIAN, groupLabel, SECONDARY_CAPTURE, type RasterImage } from './prepareImage';
import { dicomDate, ImportRefusal, syntheticIdentity, type PrepareContext, type PreparedInstance } from './prepared';
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
  const folder = groupLabel(name);
  const { identity, studyUid } = syntheticIdentity(ctx, groupKey, folder);
  const kind = isSlide ? ('wsi' as const) : ('image' as const);
  const seriesUid = ctx.identity.mapUid(`series:${groupKey}:${kind}`);
  const sopUid = ctx.identity.mapUid(`sop:${sha256}`);
  const photometric = raster.channels === 3 ? 'RGB' : 'MONOCHROME2';
  const description = isSlide ? `Slide overview ${page.width}×${page.height}` : 'Imported images';
  const storeBytes = createInstance({
    patientId: identity.pseudoId,
    patientName: identity.pseudoId,
    studyInstanceUid: studyUid,
    studyDate: ctx.today,
    studyDescription: folder,
    seriesInstanceUid: seriesUid,
    seriesNumber: isSlide ? 2 : 1,
    seriesDescription: description,
    modality: 'OT',
    sopClassUid: SECONDARY_CAPTURE,
    sopInstanceUid: sopUid,
    instanceNumber: 1,
    rows: raster.height,
    columns: raster.width,
    samplesPerPixel: raster.channels,
    photometricInterpretation: photometric,
    bitsAllocated: raster.bits,
    bitsStored: raster.bits,
    frames: [raster.data],
    conversionType: 'WSD',
    burnedInAnnotation: 'NO',
  });
  const scale = page.width / raster.width;
  return {
    sourceName: name,
    sourceSha256: sha256,
    storeBytes,
    original: isSlide ? { bytes, extension: 'svs' } : null,
    kind,
    identity,
    study: { uid: studyUid, date: dicomDate(ctx.today), time: null, description: folder },
    series: { uid: seriesUid, modality: 'OT', number: isSlide ? 2 : 1, description },
    instance: {
      sopUid,
      sopClassUid: SECONDARY_CAPTURE,
      number: null,
      transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
      rows: raster.height,
      columns: raster.width,
      frames: 1,
      photometric,
      bitsStored: raster.bits,
      samplesPerPixel: raster.channels,
      timing: { fps: null, timestampsMs: null, source: 'none', variable: false },
      calibration: { rowMm: null, colMm: null, source: 'none' },
    },
    workflow: ctx.workflow === 'auto' ? 'pathology' : ctx.workflow,
    deidentified: ctx.deidentify,
    warnings: isSlide
      ? [`Slide ${page.width}×${page.height} stored; the viewer shows an overview downsampled ${scale.toFixed(1)}×.`]
      : [],
  };
}
