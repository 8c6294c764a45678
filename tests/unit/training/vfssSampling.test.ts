import { describe, expect, it } from 'vitest';
import { createVfssPhantom } from '../../../common/phantoms';
import { phantomSpec, pickVfssFrames, stratumQuota } from '../../../scripts/dataset/vfssSampling';

describe('VFSS frame sampling', () => {
  it('splits K frames into the documented strata, always with pharyngeal frames', () => {
    for (let k = 1; k <= 40; k++) {
      const q = stratumQuota(k);
      expect(q.empty + q.oral + q.pharyngeal + q.residue).toBe(k);
      expect(q.pharyngeal).toBeGreaterThanOrEqual(1);
    }
    expect(stratumQuota(16)).toEqual({ empty: 1, oral: 2, residue: 3, pharyngeal: 10 });
    expect(stratumQuota(8)).toEqual({ empty: 1, oral: 1, residue: 1, pharyngeal: 5 });
  });

  it('numbers phantoms from the base seed and cycles difficulties', () => {
    expect(phantomSpec(100, 0, ['standard', 'hard'])).toEqual({ seed: 100, difficulty: 'standard' });
    expect(phantomSpec(100, 3, ['standard', 'hard'])).toEqual({ seed: 103, difficulty: 'hard' });
  });

  it('draws distinct frames deterministically, each in its stratum', () => {
    const phantom = createVfssPhantom({ seed: 7, frames: 300, width: 128, height: 128, difficulty: 'easy' });
    const a = pickVfssFrames(phantom, 7, 16);
    const b = pickVfssFrames(createVfssPhantom({ seed: 7, frames: 300, width: 128, height: 128, difficulty: 'easy' }), 7, 16);
    expect(a).toEqual(b);
    expect(a).toHaveLength(16);
    expect(new Set(a.map((p) => p.frame)).size).toBe(16);
    const ev = phantom.events;
    for (const p of a) {
      if (p.stratum === 'empty') expect(phantom.renderFrame(p.frame).bolusAreaPx).toBe(0);
      if (p.stratum === 'oral') expect(p.frame).toBeLessThan(ev.firstPosteriorMovement);
      if (p.stratum === 'pharyngeal') expect(p.frame).toBeGreaterThanOrEqual(ev.firstPosteriorMovement);
      if (p.stratum === 'residue') expect(p.frame).toBeGreaterThan(ev.tailThroughUes + 2);
    }
    expect(a.filter((p) => p.stratum === 'pharyngeal').length).toBeGreaterThanOrEqual(10);
  });
});
