/**
 * UIDs Kestrel makes itself, under the 2.25 root (PS3.5 B.2: a UUID written as a decimal integer),
 * so no registered organisation root is needed.
 */
import { createHash, randomUUID } from 'node:crypto';

function uuidHexToUid(hex: string): string {
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** A new random UID. */
export function newUid(): string {
  return uuidHexToUid(randomUUID().replace(/-/g, ''));
}

/**
 * A UID derived from `source` and `purpose`: the same inputs always give the same UID (so that
 * re-importing a file repeats the result), different purposes never collide.
 */
export function derivedUid(purpose: string, source: string): string {
  const hex = createHash('sha256').update(`kestrel:${purpose}:${source}`).digest('hex').slice(0, 32);
  // Mark it as an RFC 4122 version 8 (custom) UUID so the 2.25 value is a well-formed UUID.
  const v = `${hex.slice(0, 12)}8${hex.slice(13, 16)}${((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17)}`;
  return uuidHexToUid(v);
}

/** Implementation Class UID (0002,0012) of files Kestrel writes. */
export const IMPLEMENTATION_CLASS_UID = derivedUid('implementation', 'kestrel-dicom-writer-1');

/** Implementation Version Name (0002,0013), SH: 16 characters at most. */
export const IMPLEMENTATION_VERSION_NAME = 'KESTREL_0_1';
