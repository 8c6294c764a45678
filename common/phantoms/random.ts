/**
 * Seeded pseudo-random numbers for the phantoms.
 *
 * Every phantom must be byte-identical for the same options on every machine, and frame i of a
 * cine must be renderable without rendering frames 0..i-1. So randomness comes from named
 * sub-streams: `rng.fork('noise', i)` depends only on the parent's key and the label, never on how
 * many numbers the parent has already produced.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit state words, passes
 * PractRand far beyond what a phantom needs, and uses only Math.imul and 32-bit integer ops, which
 * are exact in every JavaScript engine.
 */

export type StreamLabel = string | number;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [a, b). */
  range(a: number, b: number): number;
  /** Uniform integer in [a, b], both ends included. */
  int(a: number, b: number): number;
  /** Gaussian (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An independent stream keyed by this stream's key and the labels. */
  fork(...labels: StreamLabel[]): Rng;
}

/** 32-bit FNV-1a over the characters of a label, then mixed into the key with murmur3's finalizer. */
function mixLabel(key: number, label: StreamLabel): number {
  const text = typeof label === 'number' ? `#${label}` : label;
  let h = (key ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spareNormal: number | null = null;

  constructor(private readonly key: number) {
    this.a = fmix32(key ^ 0x9e3779b9);
    this.b = fmix32(key ^ 0x243f6a88);
    this.c = fmix32(key ^ 0xb7e15162);
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate nearby keys.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    // 1 - next() is in (0, 1], so the log is finite.
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() needs a non-empty array');
    return item;
  }

  fork(...labels: StreamLabel[]): Rng {
    let key = this.key;
    for (const label of labels) key = mixLabel(key, label);
    return new Sfc32(key);
  }
}

/** A stream for a phantom seed, optionally already forked by labels. */
export function createRng(seed: number, ...labels: StreamLabel[]): Rng {
  // Fold the full double into 32 bits so that seeds like 2**40 + 1 and 1 still differ.
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const root = new Sfc32(fmix32((seed >>> 0) ^ fmix32(hi ^ 0x5bd1e995)));
  return labels.length > 0 ? root.fork(...labels) : root;
}

/** Clamp helper used by every sampler that draws from a normal but needs a physiological range. */
export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** A normal draw clamped to [lo, hi]: realistic spread without impossible tails. */
export function clampedNormal(rng: Rng, mean: number, sd: number, lo: number, hi: number): number {
  return clamp(rng.normal(mean, sd), lo, hi);
}
