/** Parsing of DICOM text values (PS3.5 6.2) into numbers and ISO dates, strictly. */

/** IS: optional sign and digits, no fraction (PS3.5 Table 6.2-1). Null when not an integer string. */
export function parseIntegerString(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** DS: fixed or floating point decimal. Null when not a decimal string. */
export function parseDecimalString(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * DA 'YYYYMMDD' (or the retired ACR-NEMA 'YYYY.MM.DD') to 'YYYY-MM-DD'; null when empty or not a
 * real calendar date.
 */
export function dicomDateToIso(da: string): string | null {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** 'YYYY-MM-DD' or 'YYYYMMDD' to DA 'YYYYMMDD'; null when not a date. */
export function isoDateToDicom(date: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.trim());
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
}

/** UI: dot-separated numeric components without leading zeros, at most 64 characters. */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/.test(uid);
}
