/**
 * De-identification rules (PS3.15 Annex E, Basic Application Level Confidentiality Profile) as a
 * pure planning function: given an element's tag and VR, what happens to it. The Node side applies
 * the plan to real bytes; keeping the decisions here makes every rule testable in plain Node.
 *
 * Choices the standard leaves to the de-identifier, made once here:
 * - Compound codes: X/Z -> Z, X/D -> X, X/Z/D -> Z, Z/D -> Z, X/Z/U* -> keep the sequence, clean
 *   its items and replace the UIDs in it (links such as Source Image Sequence stay usable), C -> D
 *   (Kestrel cannot clean free text safely, so it replaces it).
 * - Private attributes are removed (no "Retain Safe Private" option).
 * - Curves (50xx) are removed; for overlays (60xx) the whole group goes, not just Overlay Data and
 *   Overlay Comments, because the remaining overlay attributes would describe data that is gone.
 * - Patient's Name and Patient ID (Z) are replaced by the pseudonyms the caller gives.
 * - dateShiftDays !== null applies the "Retain Longitudinal Temporal Information with Modified
 *   Dates" option: every DA/DT the profile would empty, replace or remove is shifted by the same
 *   number of days, and TM values are kept (a whole-day shift does not change the time of day).
 *   Patient's Birth Date is emptied in both modes.
 */
import { BASIC_PROFILE_TABLE, type DeidAction, type DeidRule } from './deidTable';
import { isGroupLengthTag, isPrivateTag, repeatingGroupBase, Tag, tagMatches } from './tags';

export { BASIC_PROFILE_TABLE, type DeidAction, type DeidRule } from './deidTable';

export interface DeidOptions {
  pseudoPatientId: string;
  pseudoPatientName: string;
  /** null = Basic profile (dates emptied or removed); a number = dates shifted by that many days. */
  dateShiftDays: number | null;
}

export type DeidOperation =
  | { op: 'keep' }
  | { op: 'remove' }
  | { op: 'empty' }
  | { op: 'replace'; value: string }
  | { op: 'zero' }
  | { op: 'mapUid' }
  | { op: 'shiftDate'; days: number }
  | { op: 'cleanSequence' }
  | { op: 'emptySequence' };

export interface DeidDecision {
  tag: string;
  /** The table row name, or why a rule outside the table applied. */
  reason: string;
  /** The table's code (null for rules outside the table). */
  action: DeidAction | null;
  operation: DeidOperation;
}

/** Codes written to De-identification Method Code Sequence (0012,0064), PS3.16 CID 7050. */
export const DEID_METHOD_CODES = {
  basic: { value: '113100', scheme: 'DCM', meaning: 'Basic Application Confidentiality Profile' },
  modifiedDates: {
    value: '113107',
    scheme: 'DCM',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
} as const;

/** Human text for De-identification Method (0012,0063), which is LO (64 characters). */
export function deidMethodText(options: Pick<DeidOptions, 'dateShiftDays'>): string {
  return options.dateShiftDays === null
    ? 'Kestrel: PS3.15 Basic Profile'
    : 'Kestrel: PS3.15 Basic Profile, Modified Dates Option';
}

const EXACT = new Map<string, DeidRule>();
const PATTERNS: DeidRule[] = [];
for (const rule of BASIC_PROFILE_TABLE) {
  if (rule.tag.includes('x')) PATTERNS.push(rule);
  else EXACT.set(rule.tag, rule);
}

/** The table row for `tag`, including repeating-group rows. */
export function profileRuleFor(tag: string): DeidRule | null {
  const exact = EXACT.get(tag);
  if (exact) return exact;
  return PATTERNS.find((r) => tagMatches(r.tag, tag)) ?? null;
}

/** Attributes the de-identifier writes itself after applying the plan. */
const WRITTEN_BY_DEIDENTIFIER: ReadonlySet<string> = new Set([
  Tag.PatientIdentityRemoved,
  Tag.DeidentificationMethod,
  Tag.DeidentificationMethodCodeSequence,
  Tag.LongitudinalTemporalInformationModified,
]);

const DATE_VRS: ReadonlySet<string> = new Set(['DA', 'DT']);

const DUMMY_TEXT = 'ANONYMIZED';

/** A dummy value of the right VR for action D (PS3.15 E.3.1: "non-zero length"). */
function dummyOperation(vr: string): DeidOperation {
  switch (vr) {
    case 'SQ':
      return { op: 'cleanSequence' };
    case 'UI':
      return { op: 'mapUid' };
    case 'DA':
      return { op: 'replace', value: '19000101' };
    case 'DT':
      return { op: 'replace', value: '19000101000000' };
    case 'TM':
      return { op: 'replace', value: '000000' };
    case 'IS':
    case 'DS':
      return { op: 'replace', value: '0' };
    case 'AS':
      return { op: 'replace', value: '000D' };
    case 'PN':
    case 'LO':
    case 'SH':
    case 'LT':
    case 'ST':
    case 'UT':
    case 'UC':
    case 'CS':
    case 'AE':
      return { op: 'replace', value: DUMMY_TEXT };
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
    case 'SV':
    case 'UV':
    case 'AT':
      return { op: 'zero' };
    default:
      return { op: 'empty' };
  }
}

type Resolved = 'D' | 'Z' | 'X' | 'K' | 'U' | 'U*';

function resolve(action: DeidAction): Resolved {
  switch (action) {
    case 'X/Z':
    case 'X/Z/D':
    case 'Z/D':
      return 'Z';
    case 'X/D':
      return 'X';
    case 'X/Z/U*':
      return 'U*';
    case 'C':
      return 'D';
    default:
      return action;
  }
}

function operationFor(resolved: Resolved, vr: string): DeidOperation {
  switch (resolved) {
    case 'X':
      return { op: 'remove' };
    case 'Z':
      return vr === 'SQ' ? { op: 'emptySequence' } : { op: 'empty' };
    case 'D':
      return dummyOperation(vr);
    case 'U':
      return vr === 'SQ' ? { op: 'cleanSequence' } : { op: 'mapUid' };
    case 'U*':
      return vr === 'SQ' ? { op: 'cleanSequence' } : { op: 'mapUid' };
    case 'K':
      return vr === 'SQ' ? { op: 'cleanSequence' } : { op: 'keep' };
  }
}

/** The decision for one element; sequences that are kept are cleaned item by item by the caller. */
export function decideElement(el: { tag: string; vr: string }, options: DeidOptions): DeidDecision {
  const { tag, vr } = el;
  if (tag === Tag.PatientName) {
    return { tag, reason: "Patient's Name: pseudonym", action: 'Z', operation: { op: 'replace', value: options.pseudoPatientName } };
  }
  if (tag === Tag.PatientID) {
    return { tag, reason: 'Patient ID: pseudonym', action: 'Z', operation: { op: 'replace', value: options.pseudoPatientId } };
  }
  if (WRITTEN_BY_DEIDENTIFIER.has(tag)) {
    return { tag, reason: 'rewritten by the de-identifier', action: null, operation: { op: 'remove' } };
  }
  if (isPrivateTag(tag)) {
    return { tag, reason: 'private attribute', action: null, operation: { op: 'remove' } };
  }
  const group = repeatingGroupBase(tag);
  if (group !== null) {
    const rule = profileRuleFor(tag);
    return {
      tag,
      reason: rule?.name ?? (group === '60xx' ? 'overlay group (Overlay Data removed)' : 'curve group'),
      action: rule?.action ?? null,
      operation: { op: 'remove' },
    };
  }
  if (isGroupLengthTag(tag)) {
    return { tag, reason: 'group length (recomputed on write)', action: null, operation: { op: 'remove' } };
  }
  const rule = profileRuleFor(tag);
  if (!rule) {
    return { tag, reason: 'not in the profile', action: null, operation: vr === 'SQ' ? { op: 'cleanSequence' } : { op: 'keep' } };
  }
  const resolved = resolve(rule.action);
  if (options.dateShiftDays !== null && tag !== Tag.PatientBirthDate && resolved !== 'U' && resolved !== 'K') {
    if (DATE_VRS.has(vr)) {
      return { tag, reason: `${rule.name}: date shifted`, action: rule.action, operation: { op: 'shiftDate', days: options.dateShiftDays } };
    }
    if (vr === 'TM') {
      return { tag, reason: `${rule.name}: time kept with shifted dates`, action: rule.action, operation: { op: 'keep' } };
    }
  }
  return { tag, reason: rule.name, action: rule.action, operation: operationFor(resolved, vr) };
}

/** Decisions for a flat list of elements (one data set level). */
export function planDeidentification(
  elements: ReadonlyArray<{ tag: string; vr: string }>,
  options: DeidOptions,
): DeidDecision[] {
  return elements.map((el) => decideElement(el, options));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Shift a DA value 'YYYYMMDD' by whole days (UTC arithmetic, no DST); null when not a date. */
export function shiftDate(da: string, days: number): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t + days * 86_400_000);
  if (Number.isNaN(d.getTime())) return null;
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
}

/**
 * Shift a DT value: the leading YYYYMMDD moves, the time and any UTC offset stay (the offset is
 * removed by the profile separately if present as Timezone Offset From UTC). A DT with only a
 * year or year+month cannot be shifted by days and is emptied (null).
 */
export function shiftDateTime(dt: string, days: number): string | null {
  const v = dt.trim();
  if (v.length < 8) return null;
  const date = shiftDate(v.slice(0, 8), days);
  return date === null ? null : date + v.slice(8);
}

/** Shift every value of a possibly multi-valued DA/DT string; values that cannot be shifted become empty. */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string {
  return value
    .split('\\')
    .map((v) => (v.trim() === '' ? '' : ((vr === 'DA' ? shiftDate(v, days) : shiftDateTime(v, days)) ?? '')))
    .join('\\');
}
