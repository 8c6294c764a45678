/** Value Representation rules from PS3.5 6.2 and 7.1, as data the reader and writer share. */

/** Every VR of the current standard; anything else in an explicit-VR header is corruption. */
export const KNOWN_VRS: ReadonlySet<string> = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL',
  'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US',
  'UT', 'UV',
]);

/** Explicit VR: these VRs have 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
const LONG_LENGTH_VRS: ReadonlySet<string> = new Set([
  'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV',
]);

export function hasLongLength(vr: string): boolean {
  return LONG_LENGTH_VRS.has(vr);
}

/** Character-string VRs: padded with a space (UI with NUL) to even length. */
const STRING_VRS: ReadonlySet<string> = new Set([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR',
  'UT',
]);

export function isStringVr(vr: string): boolean {
  return STRING_VRS.has(vr);
}

/** Text VRs: one value, backslash allowed, leading spaces significant. */
const TEXT_VRS: ReadonlySet<string> = new Set(['LT', 'ST', 'UT', 'UR']);

export function isTextVr(vr: string): boolean {
  return TEXT_VRS.has(vr);
}

/** VRs whose bytes are decoded with Specific Character Set (the others are ASCII by definition). */
const CHARSET_VRS: ReadonlySet<string> = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

export function usesCharacterSet(vr: string): boolean {
  return CHARSET_VRS.has(vr);
}

export function paddingByte(vr: string): number {
  return vr === 'UI' || !isStringVr(vr) ? 0x00 : 0x20;
}

/**
 * Size of one binary number for byte swapping (big endian to little endian); 1 for byte data and
 * strings, which are never swapped.
 */
export function binaryUnitSize(vr: string): number {
  switch (vr) {
    case 'US':
    case 'SS':
    case 'OW':
      return 2;
    case 'UL':
    case 'SL':
    case 'FL':
    case 'OF':
    case 'OL':
      return 4;
    case 'FD':
    case 'OD':
    case 'SV':
    case 'UV':
    case 'OV':
      return 8;
    case 'AT':
      return 2; // a tag is two 16-bit numbers
    default:
      return 1;
  }
}

/** Maximum value length in bytes for fixed-limit string VRs (PS3.5 Table 6.2-1); null = no limit. */
const MAX_LENGTH: Readonly<Record<string, number>> = {
  AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, IS: 12, LO: 64, LT: 10240, SH: 16, ST: 1024, TM: 14, UI: 64,
};

export function maxValueLength(vr: string): number | null {
  return MAX_LENGTH[vr] ?? null;
}
