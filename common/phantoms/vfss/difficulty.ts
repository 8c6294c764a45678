/**
 * How hard a VFSS phantom is to read. 'easy' is for fast, unambiguous tests; 'standard' is the demo;
 * 'hard' is closer to clinical frames (noisy, blurred, low contrast, translucent and split boluses,
 * delayed swallow triggers, metal, collimation).
 */
export type VfssDifficulty = 'easy' | 'standard' | 'hard';

export interface VfssDifficultyParams {
  /** Detector noise SD in 8-bit grey levels (at mid grey). */
  noiseSd: number;
  /** Blur of the static anatomy (Gaussian sigma, px at 512). */
  blurSigma: number;
  /** 8-bit grey levels that air and the densest matter map to (narrower = lower contrast). */
  greyHigh: number;
  greyLow: number;
  /** Attenuation of a fully opaque bolus, relative units (bone ~0.8, soft tissue ~0.9). */
  bolusDensity: number;
  /** Bolus edge softness (fraction of particle radius that fades out). */
  bolusFuzz: number;
  /** Sub-frame samples for motion blur of the bolus. */
  motionSamples: number;
  /** Global head motion amplitude (px at 512). */
  headMotion: number;
  /** Probabilities of optional features. */
  pSplit: number;
  pDelayedTrigger: number;
  pCollimator: number;
  pMetal: number;
  /** Residue left in vallecula and pyriform sinuses, fraction of bolus particles. */
  residue: [number, number];
  /** Oral transit time range, seconds. */
  oralTransit: [number, number];
  /** Shoulder attenuation (dark mass at the bottom). */
  shoulders: [number, number];
}

export const VFSS_DIFFICULTY: Record<VfssDifficulty, VfssDifficultyParams> = {
  easy: {
    noiseSd: 1.5,
    blurSigma: 0.6,
    greyHigh: 238,
    greyLow: 12,
    bolusDensity: 3.4,
    bolusFuzz: 0.25,
    motionSamples: 1,
    headMotion: 0.6,
    pSplit: 0,
    pDelayedTrigger: 0,
    pCollimator: 0,
    pMetal: 0,
    residue: [0.04, 0.08],
    oralTransit: [0.35, 0.8],
    shoulders: [1.0, 1.4],
  },
  standard: {
    noiseSd: 4,
    blurSigma: 1.0,
    greyHigh: 225,
    greyLow: 28,
    bolusDensity: 3.0,
    bolusFuzz: 0.4,
    motionSamples: 2,
    headMotion: 1.2,
    pSplit: 0.35,
    pDelayedTrigger: 0.25,
    pCollimator: 0.4,
    pMetal: 0.35,
    residue: [0.04, 0.14],
    oralTransit: [0.35, 1.0],
    shoulders: [1.2, 1.9],
  },
  hard: {
    noiseSd: 8,
    blurSigma: 1.7,
    greyHigh: 200,
    greyLow: 45,
    bolusDensity: 2.8,
    bolusFuzz: 0.55,
    motionSamples: 3,
    headMotion: 2.4,
    pSplit: 0.6,
    pDelayedTrigger: 0.5,
    pCollimator: 0.6,
    pMetal: 0.6,
    residue: [0.06, 0.2],
    oralTransit: [0.5, 1.6],
    shoulders: [1.6, 2.4],
  },
};
