/** Test reference for the model-output → source-frame masks (common/imaging/maskRuns.ts). */
import type { Letterbox } from '../../../../common/imaging/resize';

/** The plain definition: bilinear interpolation everywhere, then threshold. */
export function bilinearThenThreshold(prob: Float32Array, box: Letterbox, t: number): Uint8Array {
  const out = new Uint8Array(box.srcWidth * box.srcHeight);
  for (let y = 0; y < box.srcHeight; y++) {
    const v = Math.min(Math.max((y + 0.5) * box.scaleY - 0.5, 0), box.contentHeight - 1);
    const j = Math.floor(v);
    const j1 = Math.min(j + 1, box.contentHeight - 1);
    for (let x = 0; x < box.srcWidth; x++) {
      const u = Math.min(Math.max((x + 0.5) * box.scaleX - 0.5, 0), box.contentWidth - 1);
      const i = Math.floor(u);
      const i1 = Math.min(i + 1, box.contentWidth - 1);
      const at = (jj: number, ii: number) => prob[(box.offsetY + jj) * box.width + box.offsetX + ii] ?? 0;
      const top = at(j, i) + (at(j, i1) - at(j, i)) * (u - i);
      const bottom = at(j1, i) + (at(j1, i1) - at(j1, i)) * (u - i);
      out[y * box.srcWidth + x] = top + (bottom - top) * (v - j) >= t ? 1 : 0;
    }
  }
  return out;
}
