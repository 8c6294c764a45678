/**
 * Nuclei: placement without heavy overlap, irregular outlines, chromatin texture, nuclear
 * membrane, nucleoli; drawn as haematoxylin density with the instance and mask ground truth.
 */
import type { Rng } from '../random';
import { coverage, forEachPixel } from '../raster';
import type { Shape } from '../shapes';

export interface NucleusSpec {
  x: number;
  y: number;
  rx: number;
  ry: number;
  angle: number;
  /** Outline irregularity (0 = ellipse): amplitude of 2nd/3rd angular harmonics. */
  irregularity: number;
  /** Haematoxylin density of the nucleus. */
  density: number;
  nucleolus: boolean;
  /** Counted in the nuclei mask (ghost nuclei of necrosis are not). */
  labelled: boolean;
}

/** Irregular nucleus outline: an ellipse whose radius is modulated by angular harmonics. */
export function nucleusShape(n: NucleusSpec, rng: Rng): Shape {
  const c = Math.cos(n.angle);
  const s = Math.sin(n.angle);
  const a2 = n.irregularity * rng.range(0.3, 1);
  const a3 = n.irregularity * rng.range(0, 0.7);
  const p2 = rng.range(0, 2 * Math.PI);
  const p3 = rng.range(0, 2 * Math.PI);
  const reach = Math.max(n.rx, n.ry) * (1 + a2 + a3);
  const scale = Math.min(n.rx, n.ry);
  return {
    x0: n.x - reach,
    y0: n.y - reach,
    x1: n.x + reach,
    y1: n.y + reach,
    sdf: (x, y) => {
      const dx = x - n.x;
      const dy = y - n.y;
      const u = (dx * c + dy * s) / n.rx;
      const v = (-dx * s + dy * c) / n.ry;
      const rho = Math.hypot(u, v);
      const phi = Math.atan2(v, u);
      const k = 1 + a2 * Math.cos(2 * phi + p2) + a3 * Math.cos(3 * phi + p3);
      return (rho - k) * scale;
    },
  };
}

/**
 * Dart throwing: up to `count` nuclei from `sample`, rejecting any whose centre is closer to an
 * accepted one than `spacing` times the sum of their mean radii. `accept` can veto positions.
 */
export function placeNuclei(
  rng: Rng,
  count: number,
  spacing: number,
  sample: (rng: Rng) => NucleusSpec,
  accept: (x: number, y: number) => boolean = () => true,
): NucleusSpec[] {
  const placed: NucleusSpec[] = [];
  const attempts = count * 12;
  for (let a = 0; a < attempts && placed.length < count; a++) {
    const cand = sample(rng);
    if (!accept(cand.x, cand.y)) continue;
    const rc = (cand.rx + cand.ry) / 2;
    let ok = true;
    for (const p of placed) {
      const min = spacing * (rc + (p.rx + p.ry) / 2);
      const dx = p.x - cand.x;
      const dy = p.y - cand.y;
      if (dx * dx + dy * dy < min * min) {
        ok = false;
        break;
      }
    }
    if (ok) placed.push(cand);
  }
  return placed;
}

/**
 * Draws nuclei into the haematoxylin map (chromatin-textured, darker membrane, nucleoli), sets the
 * mask, and returns how many labelled nuclei have at least `minArea` pixels inside the patch.
 */
export function drawNuclei(
  nuclei: readonly NucleusSpec[],
  rng: Rng,
  h: Float32Array,
  mask: Uint8Array,
  size: number,
  chromatin: Float32Array,
  minArea = 4,
): number {
  let instances = 0;
  for (const n of nuclei) {
    const shape = nucleusShape(n, rng);
    const nucleolusAt = n.nucleolus ? { x: n.x + rng.normal(0, n.rx * 0.25), y: n.y + rng.normal(0, n.ry * 0.25), r: rng.range(1, 1.8) } : null;
    let area = 0;
    forEachPixel(shape, size, size, 1, (i, d, x, y) => {
      const c = coverage(d);
      if (c <= 0) return;
      const membrane = d > -1.3 ? 0.3 : 0;
      let density = n.density * (0.78 + 0.4 * (chromatin[i] as number) + membrane);
      if (nucleolusAt && Math.hypot(x + 0.5 - nucleolusAt.x, y + 0.5 - nucleolusAt.y) < nucleolusAt.r) density *= 1.6;
      h[i] = Math.max(h[i] as number, density * c);
      if (n.labelled && d <= 0) {
        mask[i] = 1;
        area++;
      }
    });
    if (n.labelled && area >= minArea) instances++;
  }
  return instances;
}
