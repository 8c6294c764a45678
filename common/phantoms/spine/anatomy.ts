/**
 * Attenuation map of a lateral lumbar radiograph and the ground-truth masks (vertebral bodies
 * L1-L5, sacrum, both femoral heads). Soft tissue with bowel gas, iliac wings, vertebral bodies
 * with cortical rims and trabecular texture, discs (the gaps), posterior elements, sacrum, femoral
 * heads with necks and acetabular roofs.
 */
import { clamp, type Rng } from '../random';
import { valueNoise } from '../noise';
import { addCorticalShape, addShape, fillPolygon, gaussianBlur, upsampleAdd } from '../raster';
import { bandPolygon, capsule, circle, ellipse, polygon, roundedBox, smoothOpen, type Vec2 } from '../shapes';
import type { SpineLayout, VertebraGeometry } from './layout';

export type SpineMaskName = 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'sacrum' | 'femoralHead1' | 'femoralHead2';

export interface SpineAnatomy {
  attenuation: Float32Array;
  masks: Record<SpineMaskName, Uint8Array>;
}

/** A vertebra's local frame: anterior direction, cranial direction, posterior wall centre, size. */
export interface VertebraFrame {
  anterior: Vec2;
  up: Vec2;
  center: Vec2;
  posteriorWall: Vec2;
  height: number;
  depth: number;
}

export function vertebraFrame(v: VertebraGeometry): VertebraFrame {
  const ax = v.superior.anterior[0] - v.superior.posterior[0] + v.inferior.anterior[0] - v.inferior.posterior[0];
  const ay = v.superior.anterior[1] - v.superior.posterior[1] + v.inferior.anterior[1] - v.inferior.posterior[1];
  const len = Math.hypot(ax, ay);
  const anterior: Vec2 = [ax / len, ay / len];
  const up: Vec2 = [anterior[1], -anterior[0]];
  const pts = [v.superior.anterior, v.superior.posterior, v.inferior.anterior, v.inferior.posterior];
  const center: Vec2 = [pts.reduce((s, p) => s + p[0], 0) / 4, pts.reduce((s, p) => s + p[1], 0) / 4];
  const posteriorWall: Vec2 = [(v.superior.posterior[0] + v.inferior.posterior[0]) / 2, (v.superior.posterior[1] + v.inferior.posterior[1]) / 2];
  const sup: Vec2 = [(v.superior.anterior[0] + v.superior.posterior[0]) / 2, (v.superior.anterior[1] + v.superior.posterior[1]) / 2];
  const inf: Vec2 = [(v.inferior.anterior[0] + v.inferior.posterior[0]) / 2, (v.inferior.anterior[1] + v.inferior.posterior[1]) / 2];
  return {
    anterior,
    up,
    center,
    posteriorWall,
    height: Math.hypot(sup[0] - inf[0], sup[1] - inf[1]),
    depth: Math.hypot(v.superior.anterior[0] - v.superior.posterior[0], v.superior.anterior[1] - v.superior.posterior[1]),
  };
}

/** Point at `along` (anterior) and `up` (cranial) pixels from an origin in a vertebra frame. */
export function local(f: VertebraFrame, origin: Vec2, along: number, up: number): Vec2 {
  return [origin[0] + f.anterior[0] * along + f.up[0] * up, origin[1] + f.anterior[1] * along + f.up[1] * up];
}

export function renderSpineAnatomy(rng: Rng, layout: SpineLayout, width: number, height: number): SpineAnatomy {
  const n = width * height;
  const mm = layout.pxPerMm;
  const A = new Float32Array(n);
  const texture = boneTexture(rng.fork('trabecular'), layout, width, height);
  const masks = {
    L1: new Uint8Array(n),
    L2: new Uint8Array(n),
    L3: new Uint8Array(n),
    L4: new Uint8Array(n),
    L5: new Uint8Array(n),
    sacrum: new Uint8Array(n),
    femoralHead1: new Uint8Array(n),
    femoralHead2: new Uint8Array(n),
  } satisfies Record<SpineMaskName, Uint8Array>;

  addSoftTissue(A, width, height, layout, rng.fork('soft'));
  addIlium(A, width, height, layout, rng.fork('ilium'));

  for (const v of layout.vertebrae) {
    const f = vertebraFrame(v);
    const bulge = 0.8 * mm;
    const body = polygon(
      [
        v.inferior.posterior,
        v.inferior.anterior,
        local(f, [(v.inferior.anterior[0] + v.superior.anterior[0]) / 2, (v.inferior.anterior[1] + v.superior.anterior[1]) / 2], -bulge, 0),
        v.superior.anterior,
        v.superior.posterior,
        local(f, f.posteriorWall, bulge * 0.6, 0),
      ],
      0,
    );
    addCorticalShape(A, width, height, body, 0.55, 1.15, 1.8 * mm, texture, 0.45, 1, masks[v.name]);
    addPosteriorElements(A, width, height, f, mm, texture);
  }

  const sacrum = polygon(layout.sacrum, 0);
  addCorticalShape(A, width, height, sacrum, 0.5, 1.05, 2 * mm, texture, 0.45, 1, masks.sacrum);
  addSacralDetail(A, width, height, layout, mm);

  layout.femoralHeads.forEach((head, i) => {
    const [cx, cy] = head.center;
    const r = head.radius;
    // Neck and greater trochanter first, so the head's rim reads on top; then the acetabular roof.
    const neckEnd: Vec2 = [cx + rng.range(4, 10) * mm, cy + rng.range(45, 60) * mm];
    addCorticalShape(A, width, height, capsule([cx, cy], neckEnd, r * 0.62, r * 0.75), 0.35, 0.75, 2 * mm, texture, 0.3);
    addCorticalShape(A, width, height, ellipse(cx - 18 * mm, cy + 30 * mm, 16 * mm, 22 * mm, 0.3), 0.25, 0.55, 2 * mm, texture, 0.3);
    addCorticalShape(A, width, height, circle(cx, cy, r), 0.45, 1.0, 2.2 * mm, texture, 0.35, 1, i === 0 ? masks.femoralHead1 : masks.femoralHead2);
    const roof: Vec2[] = [];
    for (let a = -2.7; a <= -0.5; a += 0.2) roof.push([cx + Math.cos(a) * (r + 2.5 * mm), cy + Math.sin(a) * (r + 2.5 * mm)]);
    fillPolygon(A, width, height, bandPolygon(roof, 1.6 * mm), 0.45, 'add');
  });

  gaussianBlur(A, width, height, 0.3 * mm);
  return { attenuation: A, masks };
}

/** Trabecular texture, computed only over the columns that hold bone (it modulates bone interiors). */
function boneTexture(rng: Rng, layout: SpineLayout, width: number, height: number): Float32Array {
  const mm = layout.pxPerMm;
  const xs = [...layout.vertebrae.flatMap((v) => [v.superior.anterior[0], v.superior.posterior[0]]), ...layout.sacrum.map((p) => p[0]), ...layout.femoralHeads.map((f) => f.center[0])];
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - 80 * mm));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs) + 40 * mm));
  const texture = new Float32Array(width * height);
  if (x1 <= x0) return texture;
  // Drawn at half resolution and interpolated up: a quarter of the noise evaluations.
  const w = x1 - x0;
  const hw = Math.ceil(w / 2);
  const hh = Math.ceil(height / 2);
  const field = new Float32Array(w * height);
  upsampleAdd(field, w, height, valueNoise(rng, hw, hh, Math.max(1.5, 0.8 * mm), 2, 0.6), hw, hh, 2);
  for (let y = 0; y < height; y++) texture.set(field.subarray(y * w, (y + 1) * w), y * width + x0);
  return texture;
}

/** Pedicle, lamina and articular processes, spinous and transverse process: no mask, only context. */
function addPosteriorElements(A: Float32Array, width: number, height: number, f: VertebraFrame, mm: number, texture: Float32Array): void {
  const angle = Math.atan2(f.anterior[1], f.anterior[0]);
  const h = f.height;
  const pedicle = roundedBox(...local(f, f.posteriorWall, -8 * mm, h * 0.18), 9 * mm, 6.5 * mm, angle, 3 * mm);
  addCorticalShape(A, width, height, pedicle, 0.4, 0.8, 1.5 * mm, texture, 0.3);
  const lamina = polygon(
    [
      local(f, f.posteriorWall, -14 * mm, h * 0.58),
      local(f, f.posteriorWall, -27 * mm, h * 0.66),
      local(f, f.posteriorWall, -31 * mm, -h * 0.62),
      local(f, f.posteriorWall, -17 * mm, -h * 0.78),
    ],
    2.5 * mm,
  );
  addCorticalShape(A, width, height, lamina, 0.32, 0.7, 1.5 * mm, texture, 0.3);
  const spinous = roundedBox(...local(f, f.posteriorWall, -42 * mm, -h * 0.08), 14 * mm, 8.5 * mm, angle + 0.12, 4 * mm);
  addCorticalShape(A, width, height, spinous, 0.34, 0.72, 1.6 * mm, texture, 0.3);
  addShape(A, width, height, ellipse(...local(f, f.posteriorWall, -9 * mm, h * 0.05), 10 * mm, 5 * mm, angle), 0.18, 2 * mm);
}

/** Foramina, the fused S1-S2 disc line and the posterior sacral crest. */
function addSacralDetail(A: Float32Array, width: number, height: number, layout: SpineLayout, mm: number): void {
  const pts = layout.sacrum;
  const half = Math.floor(pts.length / 2);
  for (let i = 2; i < half - 1; i += 2) {
    const a = pts[i] as Vec2;
    const b = pts[pts.length - 1 - i] as Vec2;
    addShape(A, width, height, ellipse(a[0] + (b[0] - a[0]) * 0.3, a[1] + (b[1] - a[1]) * 0.3, 3.5 * mm, 2.5 * mm), -0.18, 1.5 * mm);
  }
  const a = pts[2] as Vec2;
  const b = pts[pts.length - 3] as Vec2;
  addShape(A, width, height, capsule(a, b, 0.9 * mm), -0.12, 1.5 * mm);
  // A thin line over a long diagonal: scanline fill (the final blur anti-aliases it).
  fillPolygon(A, width, height, bandPolygon(pts.slice(half), 1.4 * mm), 0.3, 'add');
}

/**
 * Body soft tissue: everything anterior to a smooth posterior skin line (the abdomen usually runs
 * off the anterior edge), thicker through the abdomen, with bowel gas anterior to the spine.
 */
function addSoftTissue(A: Float32Array, width: number, height: number, layout: SpineLayout, rng: Rng): void {
  // Drawn at quarter resolution: everything here is smooth.
  const f = 4;
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const mm = layout.pxPerMm / f;
  const s = (p: Vec2): Vec2 => [p[0] / f, p[1] / f];
  const backDepth = rng.range(70, 100) * mm;
  const skin: Vec2[] = layout.vertebrae.map((v) => [Math.min(v.superior.posterior[0], v.inferior.posterior[0]) / f - backDepth, (v.superior.posterior[1] + v.inferior.posterior[1]) / 2 / f]);
  const sacrumBack = Math.min(...layout.sacrum.map((p) => p[0])) / f;
  skin.push([sacrumBack - backDepth * 1.1, s(layout.s1.posterior)[1] + 60 * mm]);
  const first = skin[0] as Vec2;
  const last = skin[skin.length - 1] as Vec2;
  const outline: Vec2[] = [[first[0] + 10 * mm, -h], ...smoothOpen(skin, 6), [last[0] - 20 * mm, 2 * h], [3 * w, 2 * h], [3 * w, -h]];
  const layer = new Float32Array(w * h);
  fillPolygon(layer, w, h, outline, 1);
  gaussianBlur(layer, w, h, 3 * mm);
  const spineFront = Math.max(...layout.vertebrae.map((v) => v.superior.anterior[0])) / f;
  const thick = valueNoise(rng.fork('thickness'), w, h, 60 * mm, 2);
  // Bowel gas: blobs of a low-frequency noise field above a threshold, anterior to the spine.
  const gas = valueNoise(rng.fork('gas'), w, h, 14 * mm, 2, 0.45);
  const level = rng.range(0.25, 0.45);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const c = layer[i] as number;
      if (c <= 0) continue;
      const depth = clamp((x - (spineFront - 120 * mm)) / (200 * mm), 0, 1);
      let a = c * (0.75 + 0.45 * depth) * (1 + 0.05 * (thick[i] as number));
      const g = (gas[i] as number) - level;
      if (g > 0 && x > spineFront + 15 * mm) a -= Math.min(0.3, g * 1.8) * clamp((x - spineFront - 15 * mm) / (5 * mm), 0, 1);
      layer[i] = a;
    }
  }
  upsampleAdd(A, width, height, layer, w, h, f);
}

/** Both iliac wings (slightly offset, bilateral) with the crest drawn as a denser cortical arc. */
function addIlium(A: Float32Array, width: number, height: number, layout: SpineLayout, rng: Rng): void {
  const mm = layout.pxPerMm;
  const l5 = layout.vertebrae.find((v) => v.name === 'L5');
  const s1p = layout.s1.posterior;
  const [hx, hy] = layout.femoralHeads[0].center;
  const crestY = l5 ? (l5.superior.posterior[1] + l5.inferior.posterior[1]) / 2 : s1p[1] - 30 * mm;
  const offset: Vec2 = [rng.range(3, 10) * mm, rng.range(2, 8) * mm];
  // Half resolution: the wings are faint and smooth; the crest keeps a visible edge.
  const f = 2;
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const cover = new Float32Array(w * h);
  const s = (p: Vec2): Vec2 => [p[0] / f, p[1] / f];
  for (const side of [0, 1]) {
    const dx = side * offset[0];
    const dy = side * offset[1];
    const crest: Vec2[] = [
      [s1p[0] - 25 * mm + dx, s1p[1] + 25 * mm + dy],
      [s1p[0] - 18 * mm + dx, crestY + 8 * mm + dy],
      [s1p[0] + 25 * mm + dx, crestY - 5 * mm + dy],
      [hx + 30 * mm + dx, s1p[1] + dy],
      [hx + 45 * mm + dx, s1p[1] + 35 * mm + dy],
    ];
    const arc = smoothOpen(crest, 6);
    const outline: Vec2[] = [...arc, [hx + 25 * mm + dx, hy - 10 * mm + dy], [hx - 30 * mm + dx, hy - 5 * mm + dy], [s1p[0] + 5 * mm + dx, s1p[1] + 60 * mm + dy]];
    fillPolygon(cover, w, h, outline.map(s), 0.15, 'add');
    fillPolygon(cover, w, h, bandPolygon(arc, 1.6 * mm).map(s), 0.14, 'add');
  }
  gaussianBlur(cover, w, h, (1.5 * mm) / f);
  upsampleAdd(A, width, height, cover, w, h, f);
}
