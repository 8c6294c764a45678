/**
 * runFrames reuses its input tensors between runs (a pool of returned buffers): runs that overlap
 * on one session must still each see their own frames, and a run after them gets the same result
 * as before.
 */
import path from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Gray8 } from '../../../common/imaging/image';
import { runFrames } from '../../../electron/node/inference/runFrames';
import { MODEL_FIXTURES, tinyCard } from '../../helpers/modelFixtures';

/** A 64² frame, bright, with a dark square at (x0, 20): the tiny model's "bolus". */
function frame(x0: number): Gray8 {
  const data = new Uint8Array(64 * 64).fill(200);
  for (let y = 20; y < 36; y++) for (let x = x0; x < x0 + 16; x++) data[y * 64 + x] = 10;
  return { width: 64, height: 64, data };
}

describe('runFrames', () => {
  it('gives overlapping runs on one session their own inputs', async () => {
    const card = tinyCard('tiny-seg.onnx');
    const session = await InferenceSession.create(path.join(MODEL_FIXTURES, 'tiny-seg.onnx'), { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    try {
      const frames = [4, 24, 44].map((x0, index) => ({ index, image: frame(x0) }));
      const alone = [];
      for (const f of frames) alone.push((await runFrames(session, card, [f]))[0]);
      const together = await Promise.all(frames.map((f) => runFrames(session, card, [f])));
      const masks = (r: Awaited<ReturnType<typeof runFrames>>[number] | undefined) => r?.masks.map((m) => [m.name, Array.from(m.rle), m.areaPx]);
      expect(new Set(alone.map((r) => JSON.stringify(masks(r)))).size).toBe(3);
      expect(together.map((r) => masks(r[0]))).toEqual(alone.map(masks));
      expect(masks((await runFrames(session, card, [frames[1]!]))[0])).toEqual(masks(alone[1]));
    } finally {
      await session.release();
    }
  });
});
