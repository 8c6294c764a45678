import { describe, expect, it } from 'vitest';
import { probabilityToSourceMask } from '../../../../common/imaging/mask';
import { letterbox } from '../../../../common/imaging/resize';
import { createRng } from '../../../../common/phantoms';
import { bilinearThenThreshold } from './sourceMaskReference';

describe('probabilityToSourceMask', () => {
  it('equals plain bilinear-then-threshold on random sparse and dense maps, letterboxed or not', () => {
    const rng = createRng(7, 'mask-exact');
    for (const [sw, sh, mw, mh] of [[512, 512, 160, 160], [640, 480, 160, 160], [300, 517, 64, 96]] as const) {
      const box = letterbox(sw, sh, mw, mh, 'pad');
      for (const density of [0.02, 0.5]) {
        const prob = new Float32Array(mw * mh);
        // Blobs of high probability on a low background, plus noise near the threshold.
        for (let k = 0; k < prob.length; k++) prob[k] = rng.next() < density ? 0.4 + rng.next() * 0.6 : rng.next() * 0.55;
        expect(probabilityToSourceMask(prob, box, 0.5)).toEqual(bilinearThenThreshold(prob, box, 0.5));
      }
    }
  });
});
