import { describe, expect, it } from 'vitest';
import { createSpinePhantom, type SpinePhantom, type SpineStructure } from '../../../../common/phantoms/spine';

const DEG = 180 / Math.PI;
type P = readonly [number, number];

/** Independent recomputation (dot products and acos, no shared code) of the CLINICAL.md angles. */
function recompute(p: SpinePhantom) {
  const L = p.landmarks;
  const angleBetween = (a: P, b: P): number => Math.acos((a[0] * b[0] + a[1] * b[1]) / (Math.hypot(...a) * Math.hypot(...b))) * DEG;
  const sub = (a: P, b: P): P => [a[0] - b[0], a[1] - b[1]];
  const m: P = [(L.s1Anterior[0] + L.s1Posterior[0]) / 2, (L.s1Anterior[1] + L.s1Posterior[1]) / 2];
  const h: P = [(L.femoralHead1Center[0] + L.femoralHead2Center[0]) / 2, (L.femoralHead1Center[1] + L.femoralHead2Center[1]) / 2];
  const s1 = sub(L.s1Anterior, L.s1Posterior);
  const l1 = sub(L.l1Anterior, L.l1Posterior);
  const mh = sub(h, m);
  const SS = angleBetween(s1, [1, 0]);
  const PT = angleBetween(mh, [0, 1]) * Math.sign(mh[0]);
  // The perpendicular to the endplate that points into the pelvis (positive y).
  const normal: P = s1[0] > 0 ? [-s1[1], s1[0]] : [s1[1], -s1[0]];
  const PI = angleBetween(normal, mh);
  const LL = angleBetween(s1, l1);
  return { PI, PT, SS, LL };
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n;
}

function centroid(mask: Uint8Array, width: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  mask.forEach((v, i) => {
    if (!v) return;
    sx += i % width;
    sy += Math.floor(i / width);
    n++;
  });
  return [sx / n, sy / n];
}

/** Square dilation by r (separable max). */
function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) tmp[y * width + k] = 1;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!tmp[y * width + x]) continue;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) out[k * width + x] = 1;
    }
  }
  return out;
}

const LUMBAR = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;

describe('lateral lumbar spine phantom', () => {
  const phantoms = Array.from({ length: 20 }, (_, seed) => createSpinePhantom({ seed, width: 512, height: 640, pixelSpacingMm: 0.5 }));

  it('is deterministic per seed and differs between seeds', () => {
    const a = createSpinePhantom({ seed: 3, width: 512, height: 640, pixelSpacingMm: 0.5 });
    const b = phantoms[3] as SpinePhantom;
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
    expect(Buffer.from(a.masks.L3).equals(Buffer.from(b.masks.L3))).toBe(true);
    expect(a.truth).toEqual(b.truth);
    const c = phantoms[4] as SpinePhantom;
    expect(Buffer.from(c.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(false);
    expect(c.truth.PI).not.toBeCloseTo(b.truth.PI, 3);
  });

  it('keeps PI = PT + SS and adult-normal parameters over 20 seeds', () => {
    for (const p of phantoms) {
      const t = p.truth;
      expect(Math.abs(t.PI - (t.PT + t.SS))).toBeLessThan(0.5);
      expect(t.PI).toBeGreaterThanOrEqual(39);
      expect(t.PI).toBeLessThanOrEqual(62);
      expect(t.PT).toBeGreaterThanOrEqual(3);
      expect(t.PT).toBeLessThanOrEqual(22);
      expect(t.SS).toBeGreaterThanOrEqual(28);
      expect(t.SS).toBeLessThanOrEqual(48);
      expect(t.LL).toBeGreaterThanOrEqual(42);
      expect(t.LL).toBeLessThanOrEqual(67);
    }
    const spread = (k: 'PI' | 'LL') => Math.max(...phantoms.map((p) => p.truth[k])) - Math.min(...phantoms.map((p) => p.truth[k]));
    expect(spread('PI')).toBeGreaterThan(8);
    expect(spread('LL')).toBeGreaterThan(8);
  });

  it('matches an independent recomputation from the landmarks', () => {
    for (const p of phantoms) {
      const r = recompute(p);
      expect(r.PI).toBeCloseTo(p.truth.PI, 6);
      expect(r.PT).toBeCloseTo(p.truth.PT, 6);
      expect(r.SS).toBeCloseTo(p.truth.SS, 6);
      expect(r.LL).toBeCloseTo(p.truth.LL, 6);
      expect(p.landmarks.l1Anterior).toEqual(p.landmarks.endplates.L1.anterior);
      expect(p.landmarks.s1Anterior).toEqual(p.landmarks.endplates.S1.anterior);
    }
  });

  it('draws masks where the landmarks are, in anatomical order, without overlap', () => {
    for (const p of phantoms.slice(0, 6)) {
      const { width } = p;
      const names: SpineStructure[] = [...LUMBAR, 'sacrum'];
      for (const name of [...names, 'femoralHead1', 'femoralHead2'] as const) expect(count(p.masks[name])).toBeGreaterThan(500);
      for (let i = 0; i < p.image.length; i++) {
        let n = 0;
        for (const name of names) n += p.masks[name][i] as number;
        if (n > 1) throw new Error(`vertebra masks overlap at pixel ${i}`);
      }
      const ys = LUMBAR.map((name) => centroid(p.masks[name], width)[1]);
      for (let k = 1; k < ys.length; k++) expect(ys[k] as number).toBeGreaterThan(ys[k - 1] as number);
      const [fx, fy] = p.landmarks.femoralHead1Center;
      expect(p.masks.femoralHead1[Math.round(fy) * width + Math.round(fx)]).toBe(1);
      const c = centroid(p.masks.femoralHead1, width);
      expect(Math.hypot(c[0] - fx, c[1] - fy)).toBeLessThan(2);
      const area = count(p.masks.femoralHead1);
      expect(Math.abs(area - Math.PI * p.landmarks.femoralHeadRadiiPx[0] ** 2) / area).toBeLessThan(0.05);
      // Endplate corners lie on the body outline: inside a 3 px dilation, not deep inside.
      for (const name of LUMBAR) {
        const { anterior, posterior } = p.landmarks.endplates[name];
        const grown = dilate(p.masks[name], width, p.height, 3);
        for (const [x, y] of [anterior, posterior]) expect(grown[Math.round(y) * width + Math.round(x)]).toBe(1);
      }
    }
  });

  it('renders a 12-bit MONOCHROME2 image with bone brighter than soft tissue', () => {
    for (const p of phantoms.slice(0, 5)) {
      expect(p.bitsStored).toBe(12);
      expect(p.image).toBeInstanceOf(Uint16Array);
      expect(p.image.length).toBe(p.width * p.height);
      let max = 0;
      for (const v of p.image) max = Math.max(max, v);
      expect(max).toBeLessThanOrEqual(4095);
      let bone = 0;
      let nb = 0;
      let soft = 0;
      let ns = 0;
      const any = (i: number) => LUMBAR.some((n) => p.masks[n][i]) || p.masks.sacrum[i] || p.masks.femoralHead1[i] || p.masks.femoralHead2[i];
      for (let i = 0; i < p.image.length; i++) {
        if (LUMBAR.some((n) => p.masks[n][i])) {
          bone += p.image[i] as number;
          nb++;
        } else if (!any(i)) {
          soft += p.image[i] as number;
          ns++;
        }
      }
      expect(bone / nb).toBeGreaterThan(soft / ns + 200);
      expect(p.screwMask.every((v) => v === 0)).toBe(true);
      expect(Buffer.from(p.image.buffer).equals(Buffer.from(p.screwFreeImage.buffer))).toBe(true);
    }
  });

  it('adds screws only inside (a dilation of) the screw mask, on an otherwise identical image', () => {
    for (const seed of [0, 1, 2]) {
      const p = createSpinePhantom({ seed, screws: true, width: 512, height: 640, pixelSpacingMm: 0.5 });
      const plain = phantoms[seed] as SpinePhantom;
      expect(Buffer.from(p.screwFreeImage.buffer).equals(Buffer.from(plain.image.buffer))).toBe(true);
      expect(p.instrumentedLevels.length).toBeGreaterThanOrEqual(2);
      expect(p.instrumentedLevels.length).toBeLessThanOrEqual(4);
      const area = count(p.screwMask);
      expect(area).toBeGreaterThan(300);
      const near = dilate(p.screwMask, p.width, p.height, 8);
      let changedOutside = 0;
      let metal = 0;
      for (let i = 0; i < p.image.length; i++) {
        if (p.image[i] !== p.screwFreeImage[i] && !near[i]) changedOutside++;
        if (p.screwMask[i]) metal += p.image[i] as number;
      }
      expect(changedOutside).toBe(0);
      expect(metal / area).toBeGreaterThan(3500);
    }
  });

  it('generates a full-size radiograph in a few hundred ms (printed, not asserted)', () => {
    createSpinePhantom({ seed: 100 });
    const t0 = performance.now();
    const p = createSpinePhantom({ seed: 101, screws: true });
    const t1 = performance.now();
    createSpinePhantom({ seed: 102 });
    const t2 = performance.now();
    expect(p.width * p.height).toBe(1024 * 1280);
    console.log(`spine 1024x1280: ${(t1 - t0).toFixed(0)} ms with screws, ${(t2 - t1).toFixed(0)} ms without`);
  });
});
