/**
 * When to warn that pixels may carry burned-in identifying text (CLINICAL.md §4). De-identification
 * never changes pixel data, so the warning is the only protection and errs on the side of warning:
 *
 * 1. Burned In Annotation (0028,0301) = YES                      -> warn (the file says so).
 * 2. Burned In Annotation = NO                                    -> no warning (the file says so).
 * 3. Attribute absent or empty, and the image is of a kind where
 *    burned-in text is common: modality US, SC, OT, XA, RF, ES, XC, GM, DOC, or any Secondary
 *    Capture SOP class (screen grabs, digitised video)             -> warn.
 * 4. Otherwise (e.g. CR, DX, CT, MR without the attribute)         -> no warning.
 */
import { isSecondaryCapture } from './sopClasses';

const TEXT_PRONE_MODALITIES: ReadonlySet<string> = new Set([
  'US', 'SC', 'OT', 'XA', 'RF', 'ES', 'XC', 'GM', 'DOC',
]);

export interface BurnedInInput {
  burnedInAnnotation: string | null;
  modality: string;
  sopClassUid: string;
}

export function burnedInAnnotationWarning(a: BurnedInInput): string | null {
  const flag = (a.burnedInAnnotation ?? '').trim().toUpperCase();
  const advice = 'Pixel data are not altered by de-identification: check the frames for names, dates or IDs before sharing.';
  if (flag === 'YES') return `Burned In Annotation (0028,0301) is YES. ${advice}`;
  if (flag === 'NO') return null;
  const modality = a.modality.trim().toUpperCase();
  if (TEXT_PRONE_MODALITIES.has(modality) || isSecondaryCapture(a.sopClassUid)) {
    const kind = isSecondaryCapture(a.sopClassUid) ? 'Secondary Capture' : `modality ${modality}`;
    return `Burned In Annotation (0028,0301) is not stated and ${kind} images often carry burned-in text. ${advice}`;
  }
  return null;
}
