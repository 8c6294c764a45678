import type { Calibration, FrameTiming, InstanceKind, Workflow } from '../../common/api';
import type { PreparedInstance } from '../../electron/node/import/prepared';

export interface FakeStudy {
  patient: string;
  studyUid: string;
  date: string | null;
  description: string;
  modality: string;
  workflow: Workflow;
  frames: number;
  instances?: number;
  kind?: InstanceKind;
  calibration?: Calibration;
  timing?: FrameTiming;
}

/** Row values for commitStudy without any file behind them (the worklist and measurement tests). */
export function preparedInstances(s: FakeStudy): PreparedInstance[] {
  const n = s.instances ?? 1;
  return Array.from({ length: n }, (_, i) => ({
    sourceName: `${s.studyUid}-${i}.dcm`,
    sourceSha256: `${s.studyUid}-${i}`.padEnd(64, '0').slice(0, 64),
    storeBytes: new Uint8Array(0),
    original: null,
    kind: s.kind ?? 'dicom',
    identity: { pseudoId: s.patient, originalId: s.patient, name: `Name^${s.patient}`, birthDate: null, sex: null },
    study: { uid: s.studyUid, date: s.date, time: null, description: s.description },
    series: { uid: `${s.studyUid}.1`, modality: s.modality, number: 1, description: 'series' },
    instance: {
      sopUid: `${s.studyUid}.1.${i + 1}`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
      number: i + 1,
      transferSyntax: '1.2.840.10008.1.2.1',
      rows: 512,
      columns: 512,
      frames: s.frames,
      photometric: 'MONOCHROME2',
      bitsStored: 8,
      samplesPerPixel: 1,
      timing: s.timing ?? { fps: null, timestampsMs: null, source: 'none', variable: false },
      calibration: s.calibration ?? { rowMm: null, colMm: null, source: 'none' },
    },
    workflow: s.workflow,
    deidentified: false,
    warnings: [],
  }));
}
