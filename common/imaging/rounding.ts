/**
 * The rounding OpenCV does, so that our integer results equal cv2's. OpenCV computes in float32
 * and converts with cvRound (round half to even, the SSE default) and saturate_cast.
 */

/** 1.5·2^52: adding and subtracting it rounds a double to an integer, half to even, without a branch. */
const ROUND_MAGIC = 6755399441055744;

/** cvRound for |v| < 2^51: nearest integer, ties to even (what cvtss2si does). */
export function roundHalfEven(v: number): number {
  return v + ROUND_MAGIC - ROUND_MAGIC;
}

/** saturate_cast<uchar>(float). */
export function saturateU8(v: number): number {
  const r = v + ROUND_MAGIC - ROUND_MAGIC;
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/**
 * borderInterpolate(p, len, BORDER_REFLECT_101): …dcb|abcd|cba…, repeated for offsets longer than
 * the image (tiny images with wide padding), exactly as OpenCV loops.
 */
export function reflect101(p: number, len: number): number {
  if (len === 1) return 0;
  let q = p;
  while (q < 0 || q >= len) q = q < 0 ? -q : 2 * (len - 1) - q;
  return q;
}
