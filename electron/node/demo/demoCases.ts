import sharp from 'sharp';
import { createPathologyPatch, createSpinePhantom, createVfssPhantom, PATHOLOGY_CLASSES } from '../../../common/phantoms';
import { createInstance } from '../dicom/create';
import { memorySource, type SourceFile } from '../import/sources';

const RF_IMAGE = '1.2.840.10008.5.1.4.1.1.12.2';
const DX_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.1';
/** Demo UIDs live under the 2.25 root with fixed values, so every installation has the same demo. */
const uid = (n: number, part: number): string => `2.25.${(BigInt(0x4b657374) << 64n) + BigInt(n * 1000 + part)}`;

/** The VFSS demo: ~10 s lateral swallow cine, 512×512 at 30 fps, as a multi-frame RF image. */
export function vfssDemo(seed: number, frames: number, fps: number, caseNo: number, description: string): SourceFile {
  const phantom = createVfssPhantom({ seed, frames, fps, width: 512, height: 512, difficulty: 'standard' });
  const pixels: Uint8Array[] = [];
  for (let i = 0; i < phantom.frames; i++) pixels.push(phantom.renderFrame(i).image);
  const bytes = createInstance({
    patientId: `DEMO-VFSS-${caseNo}`,
    patientName: `Demo^Swallow ${caseNo}`,
    patientSex: 'F',
    patientBirthDate: '19480312',
    studyInstanceUid: uid(caseNo, 1),
    studyDate: '20260114',
    studyTime: '101500',
    studyDescription: description,
    accessionNumber: `DEMO${caseNo}`,
    seriesInstanceUid: uid(caseNo, 2),
    seriesNumber: 1,
    seriesDescription: 'Lateral VFSS',
    modality: 'RF',
    sopClassUid: RF_IMAGE,
    sopInstanceUid: uid(caseNo, 3),
    instanceNumber: 1,
    rows: phantom.height,
    columns: phantom.width,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 8,
    bitsStored: 8,
    frames: pixels,
    frameTimeMs: 1000 / fps,
    cineRate: fps,
    recommendedDisplayFrameRate: fps,
    burnedInAnnotation: 'NO',
    windowCenter: 128,
    windowWidth: 256,
  });
  return memorySource(`demo/vfss-${caseNo}.dcm`, `demo:vfss:${caseNo}`, bytes);
}

/** Lateral lumbar radiographs (DX, 12-bit): one pre-op, one post-op with pedicle screws. */
export function spineDemo(seed: number, screws: boolean, caseNo: number, patientNo: number): SourceFile {
  const phantom = createSpinePhantom({ seed, screws, width: 1024, height: 1280, pixelSpacingMm: 0.25 });
  const ermf = 1.1;
  const bytes = createInstance({
    patientId: `DEMO-SPINE-${patientNo}`,
    patientName: `Demo^Spine ${patientNo}`,
    patientSex: 'M',
    patientBirthDate: '19570921',
    studyInstanceUid: uid(caseNo, 1),
    studyDate: screws ? '20260302' : '20251110',
    studyTime: '090000',
    studyDescription: screws ? 'L-spine lateral, post-op' : 'L-spine lateral, pre-op',
    accessionNumber: `DEMO${caseNo}`,
    seriesInstanceUid: uid(caseNo, 2),
    seriesNumber: 1,
    seriesDescription: 'Lateral standing',
    modality: 'DX',
    sopClassUid: DX_FOR_PRESENTATION,
    sopInstanceUid: uid(caseNo, 3),
    instanceNumber: 1,
    rows: phantom.height,
    columns: phantom.width,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: phantom.bitsStored,
    frames: [phantom.image],
    imagerPixelSpacing: [phantom.pixelSpacingMm * ermf, phantom.pixelSpacingMm * ermf],
    patientOrientation: ['A', 'F'],
    anatomicRegion: { value: '122496007', scheme: 'SCT', meaning: 'Lumbar spine' },
    burnedInAnnotation: 'NO',
    windowCenter: 2048,
    windowWidth: 4096,
    estimatedRadiographicMagnificationFactor: ermf,
  });
  return memorySource(`demo/spine-${caseNo}.dcm`, `demo:spine:${caseNo}`, bytes);
}

/** A folder of H&E-like PNG patches, imported the way a user drops a folder of images. */
export async function pathologyDemo(perClass: number, seed: number): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const label of PATHOLOGY_CLASSES) {
    for (let i = 0; i < perClass; i++) {
      const patch = createPathologyPatch({ seed: seed * 10_000 + PATHOLOGY_CLASSES.indexOf(label) * 1000 + i, label, size: 224 });
      const png = await sharp(Buffer.from(patch.rgb), { raw: { width: patch.size, height: patch.size, channels: 3 } })
        .png()
        .toBuffer();
      out.push(memorySource(`demo-patches/${label}_${String(i + 1).padStart(3, '0')}.png`, 'demo:patches', new Uint8Array(png)));
    }
  }
  return out;
}
