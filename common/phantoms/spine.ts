/**
 * Synthetic standing lateral lumbar radiograph (patient facing +x) with segmentation masks,
 * landmarks, spinopelvic truth, and optionally posterior instrumentation together with the same
 * image without it (the target of the screw-restoration model).
 */
import { createRng } from './random';
import { gaussianBank } from './noise';
import { coverage, forEachPixel, gaussianBlur, pixelBox, type PixelBox } from './raster';
import { spinopelvicParameters, type SpinopelvicParameters } from './spineGeometry';
import { renderSpineAnatomy } from './spine/anatomy';
import { sampleSpineLayout, LUMBAR, type SpineLayout } from './spine/layout';
import { sampleInstrumentation, type InstrumentedLevel } from './spine/screws';

export interface SpinePhantomOptions {
  seed: number;
  /** Default 1024. */
  width?: number;
  /** Default 1280. */
  height?: number;
  /** Pedicle screws and rod on 2-4 levels (default false). */
  screws?: boolean;
  /** Default 0.25 mm. */
  pixelSpacingMm?: number;
}

export type SpineStructure = 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'sacrum' | 'femoralHead1' | 'femoralHead2';

type Point = [number, number];

export interface SpineLandmarks {
  s1Anterior: Point;
  s1Posterior: Point;
  femoralHead1Center: Point;
  femoralHead2Center: Point;
  femoralHeadRadiiPx: [number, number];
  l1Anterior: Point;
  l1Posterior: Point;
  /** Superior endplates (anterior and posterior corners). */
  endplates: Record<'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'S1', { anterior: Point; posterior: Point }>;
}

export interface SpinePhantom {
  width: number;
  height: number;
  bitsStored: 12;
  pixelSpacingMm: number;
  /** MONOCHROME2 (bone and metal bright), values 0..4095. */
  image: Uint16Array;
  /** Vertebral bodies, sacrum, femoral heads (0/1). Femoral heads may overlap each other. */
  masks: Record<SpineStructure, Uint8Array>;
  /** Metal (screws, tulip heads, rod); all zero without screws. */
  screwMask: Uint8Array;
  /** The same radiograph without instrumentation (identical noise); equals `image` without screws. */
  screwFreeImage: Uint16Array;
  /** Levels that carry screws (empty without screws). */
  instrumentedLevels: InstrumentedLevel[];
  landmarks: SpineLandmarks;
  /** Degrees, from the landmarks with CLINICAL.md definitions (LL = L1-S1 Cobb). */
  truth: SpinopelvicParameters;
}

const METAL = 7;
const LUT_STEPS = 128;
const LUT_MAX = 16;

export function createSpinePhantom(options: SpinePhantomOptions): SpinePhantom {
  const width = options.width ?? 1024;
  const height = options.height ?? 1280;
  const pixelSpacingMm = options.pixelSpacingMm ?? 0.25;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 128 || height < 128) {
    throw new RangeError('spine phantom width and height must be integers >= 128');
  }
  if (!(pixelSpacingMm > 0)) throw new RangeError('pixelSpacingMm must be positive');
  const rng = createRng(options.seed, 'spine');
  const layout = sampleSpineLayout(rng.fork('layout'), width, height, pixelSpacingMm);
  const anatomy = renderSpineAnatomy(rng.fork('anatomy'), layout, width, height);
  const n = width * height;

  const screwMask = new Uint8Array(n);
  let instrumentedLevels: InstrumentedLevel[] = [];
  let metal: { box: PixelBox; attenuation: Float32Array } | null = null;
  if (options.screws) {
    const inst = sampleInstrumentation(rng.fork('screws'), layout);
    instrumentedLevels = inst.levels;
    metal = renderMetal(inst.parts, screwMask, width, height, layout.pxPerMm);
  }

  const detector = createDetectorResponse(rng.fork('detector'));
  const screwFreeImage = expose(anatomy.attenuation, width, height, detector);
  const image = screwFreeImage.slice();
  if (metal) exposeMetal(image, anatomy.attenuation, metal, width, height, detector);

  const landmarks = landmarksOf(layout);
  return {
    width,
    height,
    bitsStored: 12,
    pixelSpacingMm,
    image,
    masks: anatomy.masks,
    screwMask,
    screwFreeImage,
    instrumentedLevels,
    landmarks,
    truth: spinopelvicParameters(landmarks),
  };
}

function landmarksOf(layout: SpineLayout): SpineLandmarks {
  const copy = (p: readonly [number, number]): Point => [p[0], p[1]];
  const plate = (e: { anterior: readonly [number, number]; posterior: readonly [number, number] }) => ({
    anterior: copy(e.anterior),
    posterior: copy(e.posterior),
  });
  const byName = Object.fromEntries(layout.vertebrae.map((v) => [v.name, plate(v.superior)]));
  const endplates = { ...byName, S1: plate(layout.s1) } as SpineLandmarks['endplates'];
  for (const name of LUMBAR) if (!endplates[name]) throw new Error(`missing ${name}`);
  const [fh1, fh2] = layout.femoralHeads;
  return {
    s1Anterior: copy(layout.s1.anterior),
    s1Posterior: copy(layout.s1.posterior),
    femoralHead1Center: copy(fh1.center),
    femoralHead2Center: copy(fh2.center),
    femoralHeadRadiiPx: [fh1.radius, fh2.radius],
    l1Anterior: endplates.L1.anterior,
    l1Posterior: endplates.L1.posterior,
    endplates,
  };
}

/**
 * Metal attenuation over the instrumentation's box: the parts (overlaps add, as in projection),
 * slightly blurred, plus the dark halo that edge-enhancement processing leaves around metal.
 */
function renderMetal(
  parts: ReturnType<typeof sampleInstrumentation>['parts'],
  mask: Uint8Array,
  width: number,
  height: number,
  mm: number,
): { box: PixelBox; attenuation: Float32Array } {
  const pad = Math.ceil(4 * mm);
  const box: PixelBox = { x0: width, y0: height, x1: 0, y1: 0 };
  for (const part of parts) {
    const b = pixelBox(part, width, height, pad);
    box.x0 = Math.min(box.x0, b.x0);
    box.y0 = Math.min(box.y0, b.y0);
    box.x1 = Math.max(box.x1, b.x1);
    box.y1 = Math.max(box.y1, b.y1);
  }
  const w = Math.max(0, box.x1 - box.x0);
  const h = Math.max(0, box.y1 - box.y0);
  const metal = new Float32Array(w * h);
  const inside = new Float32Array(w * h);
  for (const part of parts) {
    // One distance evaluation per pixel gives the mask, the metal and the halo's source.
    forEachPixel(part, width, height, 1, (i, d, x, y) => {
      if (d <= 0) mask[i] = 1;
      const c = coverage(d);
      if (c <= 0) return;
      const j = (y - box.y0) * w + (x - box.x0);
      metal[j] = (metal[j] as number) + METAL * c;
      inside[j] = Math.max(inside[j] as number, c);
    });
  }
  gaussianBlur(metal, w, h, 0.6);
  const halo = inside.slice();
  gaussianBlur(halo, w, h, 0.8 * mm);
  for (let i = 0; i < metal.length; i++) {
    const edge = Math.max(0, (halo[i] as number) - (inside[i] as number));
    metal[i] = (metal[i] as number) - 0.35 * edge;
  }
  return { box, attenuation: metal };
}

interface DetectorResponse {
  lut: Float32Array;
  noiseSd: number;
  heel: number;
  bank: Float32Array;
  offsets: [number, number];
}

function createDetectorResponse(rng: ReturnType<typeof createRng>): DetectorResponse {
  const low = rng.range(120, 260);
  const high = rng.range(3700, 4000);
  const mu = rng.range(0.55, 0.65);
  const gamma = rng.range(0.9, 1.2);
  const lut = new Float32Array(LUT_STEPS * LUT_MAX + 1);
  for (let i = 0; i < lut.length; i++) lut[i] = low + (high - low) * (1 - Math.exp((-mu * i) / LUT_STEPS)) ** gamma;
  const bank = gaussianBank(rng.fork('bank'), 1 << 17);
  return { lut, noiseSd: rng.range(14, 30), heel: rng.range(-0.05, 0.05), bank, offsets: [rng.int(0, bank.length - 1), rng.int(0, bank.length - 1)] };
}

/** Attenuation to 12-bit MONOCHROME2 with heel effect and detector noise. */
function expose(attenuation: Float32Array, width: number, height: number, d: DetectorResponse): Uint16Array {
  const out = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) exposeRow(out, attenuation, null, width, height, d, y, 0, width);
  return out;
}

/** Re-exposes only the instrumentation's box with the metal added (same noise as the rest). */
function exposeMetal(
  out: Uint16Array,
  attenuation: Float32Array,
  metal: { box: PixelBox; attenuation: Float32Array },
  width: number,
  height: number,
  d: DetectorResponse,
): void {
  for (let y = metal.box.y0; y < metal.box.y1; y++) exposeRow(out, attenuation, metal, width, height, d, y, metal.box.x0, metal.box.x1);
}

function exposeRow(
  out: Uint16Array,
  attenuation: Float32Array,
  metal: { box: PixelBox; attenuation: Float32Array } | null,
  width: number,
  height: number,
  d: DetectorResponse,
  y: number,
  x0: number,
  x1: number,
): void {
  const { lut, bank, noiseSd } = d;
  const last = lut.length - 1;
  const period1 = bank.length;
  const period2 = bank.length - 61;
  // Noise is a function of the pixel index, so a partial re-exposure reproduces it exactly.
  const first = y * width + x0;
  let j0 = (d.offsets[0] + first) % period1;
  let j1 = (d.offsets[1] + first) % period2;
  const heel = 1 + d.heel * (y / height - 0.5);
  const mw = metal ? metal.box.x1 - metal.box.x0 : 0;
  const mrow = metal ? (y - metal.box.y0) * mw - metal.box.x0 : 0;
  for (let x = x0; x < x1; x++) {
    const i = y * width + x;
    let a = attenuation[i] as number;
    if (metal) a += metal.attenuation[mrow + x] as number;
    let li = (Math.max(0, a) * LUT_STEPS) | 0;
    if (li > last) li = last;
    const noise = ((bank[j0] as number) + (bank[j1] as number)) * Math.SQRT1_2;
    if (++j0 === period1) j0 = 0;
    if (++j1 === period2) j1 = 0;
    const v = ((lut[li] as number) * heel + noiseSd * noise + 0.5) | 0;
    out[i] = v < 0 ? 0 : v > 4095 ? 4095 : v;
  }
}
