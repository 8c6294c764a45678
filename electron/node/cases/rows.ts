import type { Calibration, FrameTiming, InstanceInfo, StudySummary, Workflow } from '../../../common/api';

export interface StudyRow {
  id: number;
  patient_id: number;
  pseudo_id: string;
  study_uid: string;
  study_date: string | null;
  description: string;
  modalities: string;
  workflow: Workflow;
  num_series: number;
  num_instances: number;
  num_frames: number;
  deidentified: number;
  demo: number;
  created_at: string;
}

export const STUDY_COLUMNS = `s.id, s.patient_id, p.pseudo_id, s.study_uid, s.study_date, s.description, s.modalities, s.workflow,
  s.num_series, s.num_instances, s.num_frames, s.deidentified, s.demo, s.created_at`;

/** DICOM person names are "Family^Given^Middle^Prefix^Suffix"; show "Family, Given". */
export function formatPersonName(pn: string): string {
  const [family = '', given = ''] = pn.split('=')[0]?.split('^') ?? [];
  return [family.trim(), given.trim()].filter((s) => s.length > 0).join(', ') || pn.trim();
}

export function toStudySummary(row: StudyRow, names: ReadonlyMap<string, string> | null): StudySummary {
  const name = names?.get(row.pseudo_id);
  return {
    id: row.id,
    patientId: row.patient_id,
    patientPseudoId: row.pseudo_id,
    patientLabel: name ? formatPersonName(name) : row.pseudo_id,
    studyUid: row.study_uid,
    studyDate: row.study_date,
    description: row.description,
    modalities: row.modalities ? row.modalities.split(',') : [],
    workflow: row.workflow,
    numSeries: row.num_series,
    numInstances: row.num_instances,
    numFrames: row.num_frames,
    deidentified: row.deidentified === 1,
    demo: row.demo === 1,
    importedAt: row.created_at,
  };
}

export interface InstanceRow {
  id: number;
  series_id: number;
  sop_uid: string;
  sop_class_uid: string;
  instance_number: number | null;
  kind: InstanceInfo['kind'];
  transfer_syntax: string;
  rows: number;
  columns: number;
  frames: number;
  photometric: string;
  bits_stored: number;
  timing: string;
  calibration: string;
  store_path: string;
  source_name: string;
}

export function instanceUrl(id: number): string {
  return `files/instances/${id}.dcm`;
}

export function toInstanceInfo(row: InstanceRow): InstanceInfo {
  return {
    id: row.id,
    seriesId: row.series_id,
    sopInstanceUid: row.sop_uid,
    sopClassUid: row.sop_class_uid,
    instanceNumber: row.instance_number,
    kind: row.kind,
    rows: row.rows,
    columns: row.columns,
    frames: row.frames,
    photometric: row.photometric,
    bitsStored: row.bits_stored,
    transferSyntax: row.transfer_syntax,
    timing: JSON.parse(row.timing) as FrameTiming,
    calibration: JSON.parse(row.calibration) as Calibration,
    sourceName: row.source_name,
    url: instanceUrl(row.id),
  };
}
