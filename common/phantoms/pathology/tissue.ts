/**
 * Tissue architecture per class, as eosin / haematoxylin density maps plus the nuclei to draw.
 * Classes differ in nuclear size, shape, density, arrangement and in the background (fibrous pink,
 * gland lumina, pale debris), and overlap in colour, so a classifier has to learn morphology.
 */
import { clamp, type Rng } from '../random';
import { valueNoise } from '../noise';
import { coverage, forEachPixel } from '../raster';
import { capsule, circle, ellipse, type Shape } from '../shapes';
import type { NucleusSpec } from './nuclei';
import { placeNuclei } from './nuclei';

export const PATHOLOGY_CLASSES = ['tumor', 'stroma', 'lymphocytes', 'normal', 'necrosis'] as const;
export type PathologyClass = (typeof PATHOLOGY_CLASSES)[number];

export interface TissueLayers {
  h: Float32Array;
  e: Float32Array;
  nuclei: NucleusSpec[];
}

type Composer = (rng: Rng, size: number, layers: TissueLayers) => void;

export function composeTissue(label: PathologyClass, rng: Rng, size: number): TissueLayers {
  const layers: TissueLayers = { h: new Float32Array(size * size), e: new Float32Array(size * size), nuclei: [] };
  COMPOSERS[label](rng, size, layers);
  return layers;
}

/** Wavy, irregular collagen bundles in [0, 1] running along `angle`. */
function fibres(rng: Rng, size: number, angle: number, period: number): Float32Array {
  const warp = valueNoise(rng.fork('warp'), size, size, size / 3, 3);
  const jitter = valueNoise(rng.fork('jitter'), size, size, 4, 2);
  const breaks = valueNoise(rng.fork('breaks'), size, size, 10, 2);
  const out = new Float32Array(size * size);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const k = (2 * Math.PI) / period;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const across = -x * s + y * c + 14 * (warp[i] as number) + 1.5 * (jitter[i] as number);
      const wave = 0.5 + 0.5 * Math.sin(k * across + 2 * Math.sin(0.37 * k * across));
      out[i] = clamp(wave * (0.75 + 0.5 * (breaks[i] as number)), 0, 1);
    }
  }
  return out;
}

function fillField(layers: TissueLayers, size: number, e: (i: number) => number, h: (i: number) => number): void {
  for (let i = 0; i < size * size; i++) {
    layers.e[i] = e(i);
    layers.h[i] = h(i);
  }
}

/** Clears stain inside a shape (lumen, fat, tear): the glass shows through. */
function clearShape(layers: TissueLayers, size: number, shape: Shape, soft = 1.5): void {
  forEachPixel(shape, size, size, soft, (i, d) => {
    const keep = 1 - coverage(d / soft);
    layers.e[i] = (layers.e[i] as number) * keep;
    layers.h[i] = (layers.h[i] as number) * keep;
  });
}

function addEosin(layers: TissueLayers, size: number, shape: Shape, value: number): void {
  forEachPixel(shape, size, size, 1, (i, d) => {
    const c = coverage(d);
    if (c > 0) layers.e[i] = Math.max(layers.e[i] as number, value * c);
  });
}

function lymphocyte(rng: Rng, size: number): NucleusSpec {
  const r = rng.range(3.1, 4.5);
  return { x: rng.range(0, size), y: rng.range(0, size), rx: r, ry: r * rng.range(0.85, 1), angle: rng.range(0, Math.PI), irregularity: rng.range(0.02, 0.06), density: rng.range(1.3, 1.9), nucleolus: false, labelled: true };
}

const COMPOSERS: Record<PathologyClass, Composer> = {
  tumor(rng, size, layers) {
    const texture = valueNoise(rng.fork('cytoplasm'), size, size, 12, 2);
    fillField(layers, size, (i) => 0.28 + 0.08 * (texture[i] as number), (i) => 0.1 + 0.04 * (texture[i] as number));
    // Fibrous septa between tumour nests.
    const septa: Shape[] = [];
    if (rng.chance(0.6)) {
      for (let k = rng.int(1, 2); k > 0; k--) {
        const a = rng.range(0, Math.PI);
        const cx = rng.range(0.2, 0.8) * size;
        const cy = rng.range(0.2, 0.8) * size;
        const half = size;
        septa.push(capsule([cx - Math.cos(a) * half, cy - Math.sin(a) * half], [cx + Math.cos(a) * half, cy + Math.sin(a) * half], rng.range(5, 12)));
      }
      const fib = fibres(rng.fork('fibres'), size, rng.range(0, Math.PI), 6);
      for (const band of septa) {
        forEachPixel(band, size, size, 1, (i, d) => {
          const c = coverage(d / 2);
          if (c <= 0) return;
          layers.e[i] = (layers.e[i] as number) * (1 - c) + c * (0.38 + 0.2 * (fib[i] as number));
          layers.h[i] = (layers.h[i] as number) * (1 - c) + c * 0.03;
        });
      }
    }
    const inSeptum = (x: number, y: number): boolean => septa.some((b) => b.sdf(x, y) < 2);
    const meanR = rng.range(6.5, 9);
    const count = Math.round((size * size * rng.range(0.33, 0.48)) / (Math.PI * meanR * meanR * 0.8));
    layers.nuclei.push(
      ...placeNuclei(rng.fork('nuclei'), count, 0.78, (r) => {
        const rx = clamp(r.normal(meanR, meanR * 0.22), 4.5, 13);
        return { x: r.range(-4, size + 4), y: r.range(-4, size + 4), rx, ry: rx * r.range(0.6, 1), angle: r.range(0, Math.PI), irregularity: r.range(0.06, 0.2), density: r.range(0.85, 1.6), nucleolus: r.chance(0.5), labelled: true };
      }, (x, y) => !inSeptum(x, y)),
      ...placeNuclei(rng.fork('tils'), rng.int(0, 14), 1, (r) => lymphocyte(r, size)),
    );
  },

  stroma(rng, size, layers) {
    const angle = rng.range(0, Math.PI);
    const fib = fibres(rng.fork('fibres'), size, angle, rng.range(5, 9));
    const base = rng.range(0.32, 0.52);
    fillField(layers, size, (i) => base * (0.6 + 0.6 * (fib[i] as number)), () => 0.035);
    if (rng.chance(0.3)) {
      for (let k = rng.int(1, 3); k > 0; k--) clearShape(layers, size, circle(rng.range(0, size), rng.range(0, size), rng.range(14, 34)), 1);
    }
    const vessels: Shape[] = [];
    for (let k = rng.int(0, 2); k > 0; k--) {
      const cx = rng.range(0.15, 0.85) * size;
      const cy = rng.range(0.15, 0.85) * size;
      const rx = rng.range(6, 13);
      const ry = rx * rng.range(0.5, 1);
      const a = rng.range(0, Math.PI);
      const lumen = ellipse(cx, cy, rx, ry, a);
      vessels.push(ellipse(cx, cy, rx + 4, ry + 4, a));
      clearShape(layers, size, lumen);
      for (let b = rng.int(1, 5); b > 0; b--) addEosin(layers, size, circle(cx + rng.normal(0, rx * 0.4), cy + rng.normal(0, ry * 0.4), rng.range(2.5, 3.5)), 1.05);
      for (let j = 0; j < 5; j++) {
        const t = (j / 5) * 2 * Math.PI + rng.normal(0, 0.2);
        const px = cx + Math.cos(a) * Math.cos(t) * (rx + 1.5) - Math.sin(a) * Math.sin(t) * (ry + 1.5);
        const py = cy + Math.sin(a) * Math.cos(t) * (rx + 1.5) + Math.cos(a) * Math.sin(t) * (ry + 1.5);
        layers.nuclei.push({ x: px, y: py, rx: rng.range(4, 6), ry: rng.range(1.4, 2), angle: Math.atan2(py - cy, px - cx) + Math.PI / 2, irregularity: 0.04, density: rng.range(0.9, 1.2), nucleolus: false, labelled: true });
      }
    }
    const nearVessel = (x: number, y: number): boolean => vessels.some((v) => v.sdf(x, y) < 3);
    layers.nuclei.push(
      ...placeNuclei(rng.fork('fibroblasts'), rng.int(12, 32), 1.1, (r) => {
        const rx = r.range(6, 12);
        return { x: r.range(0, size), y: r.range(0, size), rx, ry: r.range(1.5, 3), angle: angle + r.normal(0, 0.25), irregularity: r.range(0.02, 0.1), density: r.range(0.8, 1.25), nucleolus: false, labelled: true };
      }, (x, y) => !nearVessel(x, y)),
      ...placeNuclei(rng.fork('lymphs'), rng.int(0, 15), 1, (r) => lymphocyte(r, size)),
    );
  },

  lymphocytes(rng, size, layers) {
    const texture = valueNoise(rng.fork('background'), size, size, 20, 2);
    fillField(layers, size, (i) => 0.18 + 0.07 * (texture[i] as number), () => 0.07);
    const fraction = rng.range(0.38, 0.55);
    const count = Math.round((size * size * fraction) / (Math.PI * 3.8 * 3.8));
    layers.nuclei.push(
      ...placeNuclei(rng.fork('histiocytes'), rng.int(2, 8), 1, (r) => {
        const rx = r.range(5.5, 8);
        return { x: r.range(0, size), y: r.range(0, size), rx, ry: rx * r.range(0.7, 0.95), angle: r.range(0, Math.PI), irregularity: r.range(0.05, 0.12), density: r.range(0.5, 0.75), nucleolus: r.chance(0.3), labelled: true };
      }),
    );
    layers.nuclei.push(...placeNuclei(rng.fork('lymphocytes'), count, 0.95, (r) => lymphocyte(r, size), (x, y) => !layers.nuclei.some((n) => Math.hypot(n.x - x, n.y - y) < n.rx + 3)));
  },

  normal(rng, size, layers) {
    const angle = rng.range(0, Math.PI);
    const fib = fibres(rng.fork('fibres'), size, angle, 7);
    fillField(layers, size, (i) => 0.2 + 0.1 * (fib[i] as number), () => 0.05);
    const glands: Array<{ outer: Shape; x: number; y: number; a: number; b: number; t: number; rot: number }> = [];
    for (let k = 0; k < 12 && glands.length < rng.int(2, 4); k++) {
      const a = rng.range(14, 34);
      const b = a * rng.range(0.55, 1);
      const t = rng.range(14, 20);
      const x = rng.range(0.1, 0.9) * size;
      const y = rng.range(0.1, 0.9) * size;
      if (glands.some((g) => Math.hypot(g.x - x, g.y - y) < g.a + g.t + a + t)) continue;
      const rot = rng.range(0, Math.PI);
      glands.push({ outer: ellipse(x, y, a + t, b + t, rot), x, y, a, b, t, rot });
    }
    for (const g of glands) {
      forEachPixel(g.outer, size, size, 1, (i, d) => {
        const c = coverage(d);
        if (c <= 0) return;
        layers.e[i] = (layers.e[i] as number) * (1 - c) + c * 0.3;
        layers.h[i] = (layers.h[i] as number) * (1 - c) + c * 0.08;
      });
      clearShape(layers, size, ellipse(g.x, g.y, g.a, g.b, g.rot));
      // Columnar epithelium: regular, basally aligned nuclei, elongated towards the lumen, with
      // goblet-cell mucin vacuoles between them.
      const perimeter = Math.PI * (g.a + g.b + 2 * g.t);
      const n = Math.floor(perimeter / rng.range(6.5, 8));
      for (let j = 0; j < n; j++) {
        const th = (j / n) * 2 * Math.PI;
        const ca = Math.cos(th);
        const sa = Math.sin(th);
        const along = (r: number, rr: number): [number, number] => [
          g.x + Math.cos(g.rot) * ca * r - Math.sin(g.rot) * sa * rr,
          g.y + Math.sin(g.rot) * ca * r + Math.cos(g.rot) * sa * rr,
        ];
        const [nx, ny] = along(g.a + g.t * 0.72, g.b + g.t * 0.72);
        layers.nuclei.push({ x: nx, y: ny, rx: rng.range(4, 5.5), ry: rng.range(2, 2.8), angle: Math.atan2(ny - g.y, nx - g.x), irregularity: 0.03, density: rng.range(0.85, 1.15), nucleolus: false, labelled: true });
        if (j % 2 === 1 && rng.chance(0.7)) {
          const [gx, gy] = along(g.a + g.t * 0.3, g.b + g.t * 0.3);
          clearShape(layers, size, circle(gx, gy, rng.range(2.5, 4.2)), 1);
        }
      }
    }
    const inGland = (x: number, y: number): boolean => glands.some((g) => g.outer.sdf(x, y) < 2);
    layers.nuclei.push(...placeNuclei(rng.fork('lamina'), rng.int(25, 70), 1, (r) => lymphocyte(r, size), (x, y) => !inGland(x, y)));
  },

  necrosis(rng, size, layers) {
    const mottle = valueNoise(rng.fork('mottle'), size, size, 22, 3);
    const dust = valueNoise(rng.fork('dust'), size, size, 3, 2);
    const base = rng.range(0.2, 0.34);
    fillField(layers, size, (i) => base * (0.6 + 0.55 * (mottle[i] as number) + 0.2 * (dust[i] as number)), (i) => Math.max(0, 0.06 + 0.08 * (dust[i] as number)));
    for (let k = rng.int(1, 4); k > 0; k--) {
      const x = rng.range(0, size);
      const y = rng.range(0, size);
      const a = rng.range(0, Math.PI);
      addEosin(layers, size, capsule([x, y], [x + Math.cos(a) * rng.range(30, 90), y + Math.sin(a) * rng.range(30, 90)], rng.range(0.8, 1.6)), 0.75);
    }
    // Ghost cells: outlines of dead cells whose nuclei no longer stain (not labelled).
    layers.nuclei.push(
      ...placeNuclei(rng.fork('ghosts'), rng.int(20, 50), 1, (r) => {
        const rx = r.range(5, 8);
        return { x: r.range(0, size), y: r.range(0, size), rx, ry: rx * r.range(0.7, 1), angle: r.range(0, Math.PI), irregularity: 0.1, density: r.range(0.1, 0.2), nucleolus: false, labelled: false };
      }),
    );
    // Karyorrhexis: clusters of small dark nuclear fragments; pyknosis: small dark round nuclei.
    for (let k = rng.int(6, 16); k > 0; k--) {
      const cx = rng.range(0, size);
      const cy = rng.range(0, size);
      for (let j = rng.int(4, 12); j > 0; j--) {
        const r = rng.range(0.9, 2.4);
        layers.nuclei.push({ x: cx + rng.normal(0, 5), y: cy + rng.normal(0, 5), rx: r, ry: r * rng.range(0.5, 1), angle: rng.range(0, Math.PI), irregularity: 0.25, density: rng.range(1.1, 1.8), nucleolus: false, labelled: true });
      }
    }
    layers.nuclei.push(
      ...placeNuclei(rng.fork('pyknotic'), rng.int(6, 24), 1, (r) => {
        const rx = r.range(2.4, 3.6);
        return { x: r.range(0, size), y: r.range(0, size), rx, ry: rx * r.range(0.8, 1), angle: 0, irregularity: 0.08, density: r.range(1.5, 2.1), nucleolus: false, labelled: true };
      }),
    );
  },
};
