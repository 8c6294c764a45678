/** Formatting numbers as DICOM text values within their VR limits (PS3.5 Table 6.2-1). */

/** DS: at most 16 characters; the most precise representation that fits. */
export function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`DS value must be finite, got ${n}`);
  if (Number.isInteger(n) && String(n).length <= 16) return String(n);
  for (let digits = 15; digits >= 1; digits--) {
    const s = Number(n.toPrecision(digits)).toString();
    if (s.length <= 16) return s;
  }
  return n.toExponential(6);
}

/** IS: an integer within ±2^31 (12 characters). */
export function formatIS(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) > 2 ** 31 - 1) throw new Error(`IS value must be a 32-bit integer, got ${n}`);
  return String(n);
}
