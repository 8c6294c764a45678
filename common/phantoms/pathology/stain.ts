/**
 * H&E colour by Beer-Lambert: each pixel holds a haematoxylin and an eosin optical density, and
 * RGB = 255 * 10^-(H * h + E * e + background) per channel. Stain vectors are the Ruifrok-Johnston
 * ones, jittered per patch, because stain colour and strength vary between labs, scanners and
 * slides: a classifier must learn morphology, not one lab's exact pink.
 */
import { clamp, type Rng } from '../random';

export interface StainProfile {
  /** Optical density per unit stain, per channel (R, G, B). */
  haematoxylin: [number, number, number];
  eosin: [number, number, number];
  /** Slide/background optical density (glass and mounting medium are never perfectly clear). */
  background: [number, number, number];
  /** Overall multipliers for stain uptake. */
  hStrength: number;
  eStrength: number;
}

const H_REF: [number, number, number] = [0.65, 0.7, 0.29];
// Eosin as scanners render it: less blue absorption than the spectral reference, i.e. pinker.
const E_REF: [number, number, number] = [0.1, 0.8, 0.3];

export function sampleStain(rng: Rng): StainProfile {
  const jitter = (v: [number, number, number], amount: number): [number, number, number] => {
    const j = v.map((x) => Math.max(0.01, x * (1 + rng.normal(0, amount)))) as [number, number, number];
    const len = Math.hypot(...j);
    return j.map((x) => x / len) as [number, number, number];
  };
  const bg = rng.range(0.01, 0.05);
  return {
    haematoxylin: jitter(H_REF, 0.1),
    eosin: jitter(E_REF, 0.12),
    background: [bg * rng.range(0.8, 1.2), bg * rng.range(0.9, 1.3), bg * rng.range(0.7, 1.1)],
    hStrength: clamp(rng.normal(1, 0.15), 0.7, 1.35),
    eStrength: clamp(rng.normal(1, 0.2), 0.6, 1.5),
  };
}

/** Density maps to interleaved RGB, with per-pixel sensor noise from `noise` (unit normal values). */
export function densityToRgb(
  h: Float32Array,
  e: Float32Array,
  stain: StainProfile,
  noise: Float32Array,
  noiseSd: number,
): Uint8Array {
  const out = new Uint8Array(h.length * 3);
  const hv = stain.haematoxylin.map((v) => v * stain.hStrength * Math.LN10);
  const ev = stain.eosin.map((v) => v * stain.eStrength * Math.LN10);
  const bv = stain.background.map((v) => v * Math.LN10);
  for (let i = 0; i < h.length; i++) {
    const hd = Math.max(0, h[i] as number);
    const ed = Math.max(0, e[i] as number);
    const nz = noiseSd * (noise[i] as number);
    for (let c = 0; c < 3; c++) {
      const od = hd * (hv[c] as number) + ed * (ev[c] as number) + (bv[c] as number);
      const v = 255 * Math.exp(-od) + nz;
      out[3 * i + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return out;
}
