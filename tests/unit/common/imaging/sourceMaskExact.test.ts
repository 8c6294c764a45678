import { describe, expect, it } from 'vitest';
import { probabilityToSourceMask } from '../../../../common/imaging/mask';
import { letterbox } from '../../../../common/imaging/resize';
import { createRng } from '../../../../common/phantoms';

/** The plain definition: bilinear interpolation everywhere, then threshold. */
function reference(prob: Float32Array, box: ReturnType<typeof letterbox>, t: number): Uint8Array {
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

describe('probabilityToSourceMask', () => {
  it('equals plain bilinear-then-threshold on random sparse and dense maps, letterboxed or not', () => {
    const rng = createRng(7, 'mask-exact');
    for (const [sw, sh, mw, mh] of [[512, 512, 160, 160], [640, 480, 160, 160], [300, 517, 64, 96]] as const) {
      const box = letterbox(sw, sh, mw, mh, 'pad');
      for (const density of [0.02, 0.5]) {
        const prob = new Float32Array(mw * mh);
        // Blobs of high probability on a low background, plus noise near the threshold.
        for (let k = 0; k < prob.length; k++) prob[k] = rng.next() < density ? 0.4 + rng.next() * 0.6 : rng.next() * 0.55;
        expect(probabilityToSourceMask(prob, box, 0.5)).toEqual(reference(prob, box, 0.5));
      }
    }
  });
});
