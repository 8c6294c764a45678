/**
 * The fluoroscopy chain after the patient: image-intensifier field of view (a bright disc with
 * vignetting inside a black surround), an optional collimator blade, the grey-level response
 * (dense = dark, low contrast, 8-bit), quantum noise, and burned-in text and a ruler.
 */
import { clamp, type Rng } from '../random';
import { gaussianBank } from '../noise';
import type { VfssDifficultyParams } from './difficulty';

export interface Detector {
  /** Per-pixel brightness gain: ~1 in the middle of the disc, 0 outside, dim behind a collimator. */
  gain: Float32Array;
  /** 1 where anatomy is imaged (inside the disc, not collimated); ground-truth masks are cut to it. */
  visible: Uint8Array;
  /**
   * The same field as one [x0, x1) span per row (disc and blade are convex, so a row's visible
   * pixels are contiguous): spans[2y], spans[2y + 1]; empty rows have x1 <= x0.
   */
  spans: Int32Array;
  /** Grey level of the surround. */
  black: number;
  /** Converts attenuation to grey level and noise SD (tables indexed by attenuation * LUT_STEPS). */
  greyLut: Float32Array;
  noiseLut: Float32Array;
  /** Burned-in pixels: indices and grey values, drawn last. */
  overlayIndex: Uint32Array;
  overlayValue: Uint8Array;
  /**
   * Unit Gaussian samples. A frame sums two cyclic windows of it, one of period `noiseBank.length`
   * and one of `noisePeriod2` (coprime lengths), at random offsets: no repetition within a frame,
   * a different field every frame, and no per-pixel random number generation.
   */
  noiseBank: Float32Array;
  noisePeriod2: number;
}

export const LUT_STEPS = 128;
const NOISE_BANK = 1 << 17;
const LUT_MAX_ATTENUATION = 10;

export function createDetector(
  rng: Rng,
  width: number,
  height: number,
  params: VfssDifficultyParams,
  collimated: boolean,
): Detector {
  const size = Math.min(width, height);
  const cx = width / 2 + rng.normal(0, 0.012 * size);
  const cy = height / 2 + rng.normal(0, 0.012 * size);
  const radius = size * rng.range(0.46, 0.5);
  const vignette = rng.range(0.08, 0.22);
  const blade = collimated
    ? { angle: rng.range(0, 2 * Math.PI), offset: radius * rng.range(0.72, 0.92) }
    : null;
  const gain = new Float32Array(width * height);
  const visible = new Uint8Array(width * height);
  const edge = 1.5;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const r = Math.hypot(dx, dy);
      let g = clamp((radius - r) / edge + 0.5, 0, 1) * (1 - vignette * (r / radius) ** 2);
      let seen = r <= radius;
      if (blade) {
        const along = dx * Math.cos(blade.angle) + dy * Math.sin(blade.angle);
        const inside = clamp((blade.offset - along) / edge + 0.5, 0, 1);
        g *= 0.1 + 0.9 * inside;
        seen = seen && along <= blade.offset;
      }
      gain[y * width + x] = g;
      visible[y * width + x] = seen ? 1 : 0;
    }
  }

  const spans = new Int32Array(2 * height);
  for (let y = 0; y < height; y++) {
    let x0 = width;
    let x1 = 0;
    for (let x = 0; x < width; x++) {
      if (visible[y * width + x]) {
        if (x < x0) x0 = x;
        x1 = x + 1;
      }
    }
    spans[2 * y] = x0;
    spans[2 * y + 1] = x1;
  }

  const greyLut = new Float32Array(LUT_STEPS * LUT_MAX_ATTENUATION + 1);
  const noiseLut = new Float32Array(greyLut.length);
  const gamma = rng.range(0.5, 0.65);
  const black = rng.range(2, 9);
  for (let i = 0; i < greyLut.length; i++) {
    const transmitted = Math.exp(-i / LUT_STEPS);
    greyLut[i] = params.greyLow + (params.greyHigh - params.greyLow) * transmitted ** gamma;
    // Quantum noise grows with the photon count but less than the signal (relative noise is worse
    // in dense regions); the detector adds a floor.
    noiseLut[i] = params.noiseSd * (0.55 + 0.6 * Math.sqrt(transmitted));
  }

  const { index, value } = burnedInOverlay(rng.fork('overlay'), width, height, cx, cy, radius);
  return {
    gain,
    visible,
    spans,
    black,
    greyLut,
    noiseLut,
    overlayIndex: index,
    overlayValue: value,
    noiseBank: smoothBank(gaussianBank(rng.fork('bank'), NOISE_BANK)),
    noisePeriod2: NOISE_BANK - 61,
  };
}

/** Light horizontal correlation: detector noise is not perfectly white. Keeps unit variance. */
function smoothBank(bank: Float32Array): Float32Array {
  const out = new Float32Array(bank.length);
  const norm = 1 / Math.sqrt(0.25 * 0.25 * 2 + 0.5 * 0.5);
  for (let i = 0; i < bank.length; i++) {
    const a = bank[i - 1] ?? 0;
    const b = bank[i] as number;
    const c = bank[i + 1] ?? 0;
    out[i] = (0.25 * a + 0.5 * b + 0.25 * c) * norm;
  }
  return out;
}

/**
 * Pseudo-text (a few lines of 5x7 glyph cells) and a ruler with ticks, in corners outside the
 * disc, like the patient/date banner and scale that fluoroscopy units burn into the video.
 */
function burnedInOverlay(
  rng: Rng,
  width: number,
  height: number,
  cx: number,
  cy: number,
  radius: number,
): { index: Uint32Array; value: Uint8Array } {
  const pixels = new Map<number, number>();
  const scale = Math.max(1, Math.round(Math.min(width, height) / 400));
  const put = (x: number, y: number, v: number): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < radius + 2) return;
    pixels.set(y * width + x, v);
  };
  const corners = ['tl', 'tr', 'bl', 'br'] as const;
  const textCorner = rng.pick(corners);
  const rulerCorner = rng.pick(corners.filter((c) => c !== textCorner));
  const glyphs = Array.from({ length: 24 }, () => randomGlyph(rng));
  const lines = rng.int(2, 4);
  const grey = rng.int(190, 255);
  for (let line = 0; line < lines; line++) {
    const chars = rng.int(5, 11);
    for (let c = 0; c < chars; c++) {
      if (rng.chance(0.12)) continue; // a space
      const glyph = rng.pick(glyphs);
      const gx = 4 + c * 6 * scale;
      const gy = 4 + line * 9 * scale;
      for (let row = 0; row < 7; row++) {
        for (let col = 0; col < 5; col++) {
          if (!glyph[row * 5 + col]) continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) {
              const px = gx + col * scale + sx;
              const py = gy + row * scale + sy;
              put(textCorner.endsWith('l') ? px : width - 1 - 70 * scale + px, textCorner.startsWith('t') ? py : height - 1 - 40 * scale + py, grey);
            }
          }
        }
      }
    }
  }
  const length = rng.int(50, 80) * scale;
  const tick = rng.int(6, 9) * scale;
  const rx = rulerCorner.endsWith('l') ? 6 * scale : width - 6 * scale - 1;
  const ry = rulerCorner.startsWith('t') ? 6 * scale : height - 6 * scale - length;
  const inward = rulerCorner.endsWith('l') ? 1 : -1;
  for (let j = 0; j < length; j++) {
    put(rx, ry + j, grey);
    if (j % tick === 0) {
      const long = (j / tick) % 5 === 0 ? 7 : 4;
      for (let t = 1; t <= long * scale; t++) put(rx + inward * t, ry + j, grey);
    }
  }
  const index = new Uint32Array([...pixels.keys()].sort((a, b) => a - b));
  const value = new Uint8Array(index.length);
  index.forEach((i, n) => {
    value[n] = pixels.get(i) ?? grey;
  });
  return { index, value };
}

/** A 5x7 glyph with a vertical stroke and a few bars, so it reads as a character. */
function randomGlyph(rng: Rng): Uint8Array {
  const g = new Uint8Array(35);
  const stroke = rng.int(0, 4);
  for (let row = 0; row < 7; row++) g[row * 5 + stroke] = 1;
  for (let bar = 0; bar < rng.int(1, 3); bar++) {
    const row = rng.pick([0, 3, 6]);
    for (let col = 0; col < 5; col++) g[row * 5 + col] = 1;
  }
  for (let n = 0; n < 5; n++) g[rng.int(0, 34)] = 1;
  return g;
}
