import { describe, expect, it } from 'vitest';
import { createPathologyPatch, PATHOLOGY_CLASSES, type PathologyClass, type PathologyPatch } from '../../../../common/phantoms/pathology';

function fraction(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n / mask.length;
}

/** Mean of R+G+B under the mask (inside = 1) or outside it (inside = 0). */
function brightness(p: PathologyPatch, inside: 0 | 1): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < p.nucleiMask.length; i++) {
    if (p.nucleiMask[i] !== inside) continue;
    s += (p.rgb[3 * i] as number) + (p.rgb[3 * i + 1] as number) + (p.rgb[3 * i + 2] as number);
    n++;
  }
  return s / n;
}

const SEEDS = [1, 2, 3, 4, 5, 6];
const patches = new Map<PathologyClass, PathologyPatch[]>(
  PATHOLOGY_CLASSES.map((label) => [label, SEEDS.map((seed) => createPathologyPatch({ seed, label }))]),
);
const mean = (label: PathologyClass, f: (p: PathologyPatch) => number): number => {
  const list = patches.get(label) ?? [];
  return list.reduce((s, p) => s + f(p), 0) / list.length;
};

describe('H&E pathology patches', () => {
  it('has the requested shape and label', () => {
    for (const [label, list] of patches) {
      for (const p of list) {
        expect(p.label).toBe(label);
        expect(p.size).toBe(224);
        expect(p.rgb.length).toBe(224 * 224 * 3);
        expect(p.nucleiMask.length).toBe(224 * 224);
        expect(p.nucleiMask.every((v) => v === 0 || v === 1)).toBe(true);
        expect(p.nucleiInstances).toBeGreaterThan(0);
      }
    }
    const small = createPathologyPatch({ seed: 1, size: 96, label: 'tumor' });
    expect(small.rgb.length).toBe(96 * 96 * 3);
    expect(() => createPathologyPatch({ seed: 1, size: 8 })).toThrow(RangeError);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = createPathologyPatch({ seed: 77 });
    const b = createPathologyPatch({ seed: 77 });
    expect(a.label).toBe(b.label);
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect(Buffer.from(a.nucleiMask).equals(Buffer.from(b.nucleiMask))).toBe(true);
    const c = createPathologyPatch({ seed: 78, label: a.label });
    expect(Buffer.from(c.rgb).equals(Buffer.from(a.rgb))).toBe(false);
    const labels = new Set(Array.from({ length: 40 }, (_, seed) => createPathologyPatch({ seed, size: 32 }).label));
    expect(labels.size).toBe(PATHOLOGY_CLASSES.length);
  });

  it('orders nuclear density by class: lymphocytes and tumour crowded, stroma and necrosis sparse', () => {
    const density = (label: PathologyClass) => mean(label, (p) => fraction(p.nucleiMask));
    const instances = (label: PathologyClass) => mean(label, (p) => p.nucleiInstances);
    expect(density('lymphocytes')).toBeGreaterThan(3 * density('stroma'));
    expect(density('tumor')).toBeGreaterThan(3 * density('stroma'));
    expect(density('normal')).toBeGreaterThan(density('stroma'));
    expect(instances('lymphocytes')).toBeGreaterThan(instances('tumor'));
    expect(instances('tumor')).toBeGreaterThan(instances('stroma'));
    // Tumour nuclei are large, lymphocyte nuclei small.
    const meanArea = (label: PathologyClass) => mean(label, (p) => (fraction(p.nucleiMask) * p.nucleiMask.length) / p.nucleiInstances);
    expect(meanArea('tumor')).toBeGreaterThan(2 * meanArea('lymphocytes'));
  });

  it('stains nuclei dark (haematoxylin) against lighter cytoplasm and stroma', () => {
    for (const list of patches.values()) {
      for (const p of list) expect(brightness(p, 1)).toBeLessThan(brightness(p, 0) - 60);
    }
  });

  it('colours stroma pink-red and lymphocyte patches blue-purple', () => {
    const redMinusBlue = (p: PathologyPatch) => {
      let s = 0;
      for (let i = 0; i < p.rgb.length; i += 3) s += (p.rgb[i] as number) - (p.rgb[i + 2] as number);
      return s / (p.rgb.length / 3);
    };
    expect(mean('stroma', redMinusBlue)).toBeGreaterThan(mean('lymphocytes', redMinusBlue) + 15);
  });
});
