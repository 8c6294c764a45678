/**
 * Coded concepts of the VFSS SEG: Segmented Property Category and Type of each segment, its
 * recommended display colour, and the codes of the derivation and algorithm identification.
 */
import { VfssSegError } from './errors';
import type { SegSegment } from './types';

export interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

function code(value: string, scheme: string, meaning: string): Code {
  return { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning };
}

/**
 * Segmented Property Category / Type (CID 7150 and its type context groups). The bolus is barium
 * (or another radiographic contrast) seen in the swallow: category Substance, type Contrast media.
 * Structures are anatomy: category Anatomical Structure, type the SNOMED CT body structure.
 */
const CATEGORY = {
  bolus: code('105590001', 'SCT', 'Substance'),
  structure: code('91723000', 'SCT', 'Anatomical Structure'),
} as const;

const BOLUS_TYPE = code('385420005', 'SCT', 'Contrast media');

/** Structure labels Kestrel uses (common/phantoms/vfss.ts VfssStructure) and readable variants. */
const STRUCTURE_TYPES: ReadonlyArray<{ keys: readonly string[]; type: Code }> = [
  { keys: ['cervicalspine', 'cspine'], type: code('122494005', 'SCT', 'Cervical spine') },
  { keys: ['mandible'], type: code('91609006', 'SCT', 'Mandible') },
  { keys: ['hyoid', 'hyoidbone'], type: code('21387005', 'SCT', 'Hyoid bone') },
];

/** Recommended display colours, CIELab scaled to 0..65535 (PS3.3 C.10.7.1.1): bolus yellow, each bone its own hue. */
export const DISPLAY_LAB: Readonly<Record<string, [number, number, number]>> = {
  bolus: [60000, 30000, 60000],
  '122494005': [45000, 36000, 24000],
  '91609006': [40000, 45000, 46000],
  '21387005': [40000, 38000, 56000],
};

export const PURPOSE_SOURCE_IMAGE = code('121322', 'DCM', 'Source image for image processing operation');
export const DERIVATION_SEGMENTATION = code('113076', 'DCM', 'Segmentation');
export const FAMILY_AI = code('123110', 'DCM', 'Artificial Intelligence');

function structureType(label: string): Code | null {
  const key = label.toLowerCase().replace(/[^a-z]/g, '');
  return STRUCTURE_TYPES.find((s) => s.keys.includes(key))?.type ?? null;
}

/** The Segmented Property Type of a segment, or a specific error. */
export function segmentPropertyCodes(segment: Pick<SegSegment, 'label' | 'category'>): { category: Code; type: Code } {
  if (segment.category === 'bolus') return { category: CATEGORY.bolus, type: BOLUS_TYPE };
  const type = structureType(segment.label);
  if (!type) {
    throw new VfssSegError(
      'bad_segment',
      `Structure "${segment.label}" has no coded anatomy; known structures: cervical spine, mandible, hyoid`,
    );
  }
  return { category: CATEGORY.structure, type };
}
