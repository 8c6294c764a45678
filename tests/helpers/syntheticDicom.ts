import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInstance } from '../../electron/node/dicom/create';

const CT_LIKE_SC = '1.2.840.10008.5.1.4.1.1.7';

/**
 * Writes `studies` synthetic studies of `perStudy` small single-frame instances each into
 * `dir/study-NNN/`, with distinct UIDs under `root`. Returns the file count per study UID.
 */
export function writeSyntheticStudies(dir: string, studies: number, perStudy: number, root = '2.25.777', size = 128): Map<string, number> {
  const out = new Map<string, number>();
  for (let s = 0; s < studies; s++) {
    const studyUid = `${root}.${s + 1}`;
    const folder = path.join(dir, `study-${String(s + 1).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < perStudy; i++) {
      const px = new Uint8Array(size * size);
      for (let k = 0; k < px.length; k++) px[k] = (k + s * 13 + i * 7) & 0xff;
      const bytes = createInstance({
        patientId: `P${s % 7}`,
        patientName: `Synthetic^Patient${s % 7}`,
        studyInstanceUid: studyUid,
        studyDate: `2025${String((s % 12) + 1).padStart(2, '0')}15`,
        studyDescription: `Synthetic study ${s + 1}`,
        seriesInstanceUid: `${studyUid}.1`,
        seriesNumber: 1,
        seriesDescription: 'synthetic',
        modality: 'OT',
        sopClassUid: CT_LIKE_SC,
        sopInstanceUid: `${studyUid}.1.${i + 1}`,
        instanceNumber: i + 1,
        rows: size,
        columns: size,
        samplesPerPixel: 1,
        photometricInterpretation: 'MONOCHROME2',
        bitsAllocated: 8,
        bitsStored: 8,
        frames: [px],
        conversionType: 'WSD',
      });
      writeFileSync(path.join(folder, `img-${String(i + 1).padStart(4, '0')}.dcm`), bytes);
    }
    out.set(studyUid, perStudy);
  }
  return out;
}
