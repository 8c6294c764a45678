/**
 * Which clinical workflow a study belongs to, guessed at import from what the images are.
 * Only a default: the user can reclassify a study, and an import can force a workflow.
 */
import type { InstanceKind, Workflow } from '../api/domain';

export interface WorkflowEvidence {
  kind: InstanceKind;
  modality: string;
  frames: number;
  samplesPerPixel: number;
}

export function classifyInstance(e: WorkflowEvidence): Workflow {
  const modality = e.modality.toUpperCase();
  if (e.kind === 'wsi' || modality === 'SM') return 'pathology';
  if (e.kind === 'video') return 'vfss';
  if ((modality === 'XA' || modality === 'RF') && e.frames > 1) return 'vfss';
  if (modality === 'CR' || modality === 'DX') return 'spine';
  if (e.frames === 1 && (modality === 'OT' || modality === 'SC' || e.kind === 'image')) {
    // Non-DICOM stills: colour is the H&E patch case, grey the radiograph case.
    return e.samplesPerPixel === 3 ? 'pathology' : 'spine';
  }
  return 'other';
}

/** A study's workflow is the most frequent among its instances; ties go to the clinical ones. */
export function classifyStudy(instances: readonly Workflow[]): Workflow {
  const order: Workflow[] = ['vfss', 'spine', 'pathology', 'other'];
  let best: Workflow = 'other';
  let bestCount = 0;
  for (const w of order) {
    const count = instances.filter((x) => x === w).length;
    if (count > bestCount) {
      best = w;
      bestCount = count;
    }
  }
  return best;
}
