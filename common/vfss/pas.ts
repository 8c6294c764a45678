/**
 * The Penetration–Aspiration Scale (Rosenbek et al., Dysphagia 1996) as data, from
 * ../shared/CLINICAL.md §1. A bolus is scored by its worst event, stored with the frame that shows it.
 */

export type PasScoreValue = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** How deep the material went. */
export type PasDepth = 'none' | 'aboveVocalFolds' | 'contactsVocalFolds' | 'belowVocalFolds';

/** The categories commonly reported: 1 normal, 2–5 penetration, 6–8 aspiration. */
export type PasCategory = 'normal' | 'penetration' | 'aspiration';

export interface PasLevel {
  score: PasScoreValue;
  depth: PasDepth;
  /** Whether the material was ejected; null for PAS 1, where nothing entered the airway. */
  ejected: boolean | null;
  /** The table's ejection column in words ("—" for PAS 1). */
  ejection: string;
  /** Short description for menus and reports. */
  description: string;
  category: PasCategory;
  /** PAS 8: aspiration with no effort to eject. */
  silent: boolean;
}

export const PAS_CATEGORY_LABEL: Readonly<Record<PasCategory, string>> = {
  normal: 'Normal (no airway entry)',
  penetration: 'Penetration',
  aspiration: 'Aspiration',
};

const level = (
  score: PasScoreValue,
  depth: PasDepth,
  ejected: boolean | null,
  ejection: string,
  description: string,
): PasLevel =>
  Object.freeze({
    score,
    depth,
    ejected,
    ejection,
    description,
    category: score === 1 ? 'normal' : score <= 5 ? 'penetration' : 'aspiration',
    silent: score === 8,
  });

/** PAS 1–8, index = score − 1. */
export const PAS_TABLE: readonly PasLevel[] = Object.freeze([
  level(1, 'none', null, '—', 'Material does not enter the airway'),
  level(2, 'aboveVocalFolds', true, 'ejected', 'Enters the airway, stays above the vocal folds, ejected'),
  level(3, 'aboveVocalFolds', false, 'not ejected', 'Enters the airway, stays above the vocal folds, not ejected'),
  level(4, 'contactsVocalFolds', true, 'ejected', 'Contacts the vocal folds, ejected'),
  level(5, 'contactsVocalFolds', false, 'not ejected', 'Contacts the vocal folds, not ejected'),
  level(6, 'belowVocalFolds', true, 'ejected into larynx or out of airway', 'Passes below the vocal folds, ejected into the larynx or out of the airway'),
  level(7, 'belowVocalFolds', false, 'not ejected despite effort', 'Passes below the vocal folds, not ejected despite effort'),
  level(8, 'belowVocalFolds', false, 'no effort to eject', 'Passes below the vocal folds, no effort to eject (silent aspiration)'),
]);

export function isValidPas(score: unknown): score is PasScoreValue {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 8;
}

/** The table row for a score, or null when the score is not an integer 1–8. */
export function pasInfo(score: number): PasLevel | null {
  return isValidPas(score) ? (PAS_TABLE[score - 1] as PasLevel) : null;
}

/** 'normal' (1), 'penetration' (2–5) or 'aspiration' (6–8); null for an invalid score. */
export function pasCategory(score: number): PasCategory | null {
  return pasInfo(score)?.category ?? null;
}
