/**
 * The barium bolus as a chain of material particles along the bolus path.
 *
 * Every particle follows the same head trajectory S(tau) with a time lag that grows towards the
 * tail, so the bolus stretches where the flow is fast (pharynx), bunches where it is slow, and pools
 * where the head waits for a delayed swallow trigger, without a fluid simulation. A tail group can
 * lag further behind (the bolus splits), and some particles stop in the vallecula and pyriform
 * sinuses (residue). Each frame the chain is resampled into soft round stamps that sum into a
 * density field; attenuation saturates with density, which makes thin parts translucent and edges
 * fuzzy, and the ground-truth mask is where that attenuation reaches a fixed threshold.
 */
import { clamp, type Rng } from '../random';
import type { Vec2 } from '../shapes';
import type { PixelBox } from '../raster';
import type { VfssDifficultyParams } from './difficulty';
import type { VfssLayout } from './layout';
import type { VfssTimeline } from './timeline';

/** Attenuation at which barium counts as bolus in the ground-truth mask: ~22% less transmission, clearly visible above detector noise (fainter film is not annotated on real studies either). */
export const BOLUS_MASK_ATTENUATION = 0.25;
/** Density-to-attenuation saturation rate. */
const SATURATION = 3;
const FALLOFF_STEPS = 512;

interface Particle {
  /** Material coordinate: 0 = tail, 1 = head. */
  u: number;
  lateral: number;
  size: number;
  extraLag: number;
  pocket: 'vallecula' | 'pyriform' | null;
  pocketOffset: Vec2;
}

/** Where one particle is at one instant. */
interface Placed {
  x: number;
  y: number;
  r: number;
  w: number;
  resting: boolean;
}

/** Reusable full-frame scratch buffers and the rectangle that was written. */
export interface BolusScratch {
  moving: Float32Array;
  residue: Float32Array;
  box: PixelBox;
}

export function createBolusScratch(width: number, height: number): BolusScratch {
  return {
    moving: new Float32Array(width * height),
    residue: new Float32Array(width * height),
    box: { x0: 0, y0: 0, x1: 0, y1: 0 },
  };
}

export class BolusModel {
  private readonly particles: Particle[];
  private readonly restSpacing: number;
  private readonly rampSpeed: number;
  /** Stamp profile (1 - q)^p tabulated over q = d^2 / r^2 (a pow per pixel would dominate the frame). */
  private readonly falloff: Float32Array;
  /** Density above which a pixel is in the bolus mask. */
  readonly maskDensity: number;

  constructor(
    rng: Rng,
    private readonly layout: VfssLayout,
    private readonly timeline: VfssTimeline,
    private readonly params: VfssDifficultyParams,
    private readonly width: number,
    private readonly height: number,
    residue: boolean,
  ) {
    const k = layout.pose.scale;
    const count = Math.max(12, Math.round(timeline.holdLength / (2.5 * k)));
    this.restSpacing = timeline.holdLength / (count - 1);
    this.rampSpeed = timeline.holdLength / Math.max(0.05, timeline.tailLag - 0.06);
    const power = 1 + 3 * params.bolusFuzz;
    this.falloff = new Float32Array(FALLOFF_STEPS + 1);
    for (let i = 0; i <= FALLOFF_STEPS; i++) this.falloff[i] = (1 - i / FALLOFF_STEPS) ** power;
    this.maskDensity = -Math.log(1 - BOLUS_MASK_ATTENUATION / params.bolusDensity) / SATURATION;

    const split = rng.chance(params.pSplit);
    const splitAt = rng.range(0.15, 0.4);
    const splitLag = rng.range(0.08, 0.2);
    const residueFraction = residue ? rng.range(...params.residue) : 0;
    const valleculaShare = rng.range(0.3, 0.7);
    const phase = [rng.range(0, 6.3), rng.range(0, 6.3)];
    this.particles = [];
    for (let i = 0; i < count; i++) {
      const u = i / (count - 1);
      const isResidue = u < 0.45 && rng.chance(residueFraction / 0.45);
      this.particles.push({
        u,
        lateral: 0.3 * Math.sin(7 * u + (phase[0] as number)) + 0.15 * Math.sin(17 * u + (phase[1] as number)),
        size: rng.range(0.75, 1.05),
        extraLag: split && u < splitAt ? splitLag : 0,
        pocket: isResidue ? (rng.chance(valleculaShare) ? 'vallecula' : 'pyriform') : null,
        pocketOffset: [rng.normal(0, 3 * k), rng.normal(0, 2.5 * k)],
      });
    }
  }

  /** Path position of a particle at design time t (before pocket capture). */
  private pathPosition(p: Particle, t: number): number {
    const tl = this.timeline;
    const tau = t - tl.tPropulsion;
    const restOffset = (1 - p.u) * tl.holdLength;
    const tauRest = -restOffset / this.rampSpeed;
    const v = Math.max(tauRest, tau - (1 - p.u) * tl.tailLag - p.extraLag);
    return v < 0 ? tl.holdS + this.rampSpeed * v : tl.headCurve.at(v);
  }

  /** Fraction of the bolus delivered into the mouth by time t, per particle (tail enters first). */
  private entryWeight(p: Particle, t: number): number {
    const tl = this.timeline;
    return clamp(((t - tl.tEnter) / tl.entryDuration) * 1.5 - p.u * 0.5, 0, 1);
  }

  private place(t: number, shift: Vec2): Placed[] {
    const { path, pose } = this.layout;
    const k = pose.scale;
    const s = this.particles.map((p) => this.pathPosition(p, t));
    const out: Placed[] = [];
    for (let i = 0; i < this.particles.length; i++) {
      const p = this.particles[i] as Particle;
      const w = this.entryWeight(p, t);
      if (w <= 0) continue;
      let si = s[i] as number;
      const prev = s[Math.max(0, i - 1)] as number;
      const next = s[Math.min(this.particles.length - 1, i + 1)] as number;
      const spread = Math.max(1e-3, (next - prev) / (i === 0 || i === this.particles.length - 1 ? 1 : 2));
      const stretch = spread / this.restSpacing;
      let [x, y] = path.pointAt(si);
      const [tx, ty] = path.tangentAt(si);
      const half = this.layout.halfWidthAt(si);
      const taper = 0.55 + 0.45 * Math.sqrt(Math.sin(Math.PI * clamp(p.u * 0.9 + 0.05, 0, 1)));
      // A stretched column is thinner and, more so, less deep (translucent); a bunched one pools.
      let r = half * p.size * taper * clamp(stretch ** -0.25, 0.6, 1.4);
      let density = clamp(stretch ** -0.3, 0.5, 1.2);
      x += -ty * p.lateral * half;
      y += tx * p.lateral * half;
      let resting = false;
      if (p.pocket) {
        const pocketS = this.layout.pocketS[p.pocket];
        const [px, py] = this.layout.pockets[p.pocket];
        const approach = 20 * k;
        si = Math.min(si, pocketS);
        const b = clamp((si - (pocketS - approach)) / approach, 0, 1);
        if (b > 0) {
          const [bx, by] = path.pointAt(si);
          const blend = b * b * (3 - 2 * b);
          x = bx + (px + p.pocketOffset[0] - bx) * blend;
          y = by + (py + p.pocketOffset[1] - by) * blend;
          r = r + (k * 4.5 * p.size - r) * blend;
          density = density + (1 - density) * blend;
          // Arrived: the arc position reached the pocket (b = 1 in exact arithmetic; b itself can
          // round to just below 1, which left a resting particle moving for seed 30 facing right).
          resting = si >= pocketS;
        }
      }
      out.push({ x: x + shift[0], y: y + shift[1], r, w: w * density, resting });
    }
    return out;
  }

  /**
   * Stamps the bolus of a frame into `scratch` (moving part and residue separately) after clearing
   * what the previous call wrote. `shift` is the whole-head translation of the frame.
   */
  render(frame: number, shift: Vec2, scratch: BolusScratch): void {
    clearBox(scratch.moving, this.width, scratch.box);
    clearBox(scratch.residue, this.width, scratch.box);
    const box: PixelBox = { x0: this.width, y0: this.height, x1: 0, y1: 0 };
    const samples = this.params.motionSamples;
    const frameTime = this.timeline.timeOf(frame);
    const exposure = 0.6 * (this.timeline.timeOf(1) - this.timeline.timeOf(0));
    for (let j = 0; j < samples; j++) {
      const t = frameTime - (samples > 1 ? (exposure * j) / (samples - 1) : 0);
      const placed = this.place(t, shift);
      const chain = placed.filter((p) => !p.resting);
      for (const p of placed) {
        if (p.resting) this.stamp(scratch.residue, p.x, p.y, p.r, p.w / samples, box);
      }
      this.stampChain(chain, scratch.moving, 1 / samples, box);
    }
    scratch.box = box;
  }

  /** Resamples consecutive particles into overlapping stamps so that a stretched bolus stays a tube. */
  private stampChain(chain: Placed[], target: Float32Array, gain: number, box: PixelBox): void {
    const norm = 15 / 16;
    for (let i = 0; i < chain.length; i++) {
      const a = chain[i] as Placed;
      const b = chain[i + 1];
      if (!b) {
        this.stamp(target, a.x, a.y, a.r, a.w * gain * 0.5, box);
        continue;
      }
      const dist = Math.hypot(b.x - a.x, b.y - a.y);
      const rMin = Math.min(a.r, b.r);
      if (dist > 3 * Math.max(a.r, b.r)) {
        // Too far apart to be one column of barium: the bolus has split here.
        this.stamp(target, a.x, a.y, a.r, a.w * gain * 0.5, box);
        continue;
      }
      const n = Math.max(1, Math.ceil(dist / (0.4 * rMin)));
      const step = Math.max(dist / n, this.restSpacing * 0.5);
      for (let j = 0; j < n; j++) {
        const f = j / n;
        const r = a.r + (b.r - a.r) * f;
        const w = (a.w + (b.w - a.w) * f) * ((step / r) * norm);
        this.stamp(target, a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, r, w * gain, box);
      }
    }
  }

  private stamp(target: Float32Array, cx: number, cy: number, r: number, w: number, box: PixelBox): void {
    if (w <= 0 || r <= 0.3) return;
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + r));
    if (x1 < x0 || y1 < y0) return;
    const inv = FALLOFF_STEPS / (r * r);
    const falloff = this.falloff;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      const row = y * this.width;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const q = ((dx * dx + dy * dy) * inv) | 0;
        if (q >= FALLOFF_STEPS) continue;
        target[row + x] = (target[row + x] as number) + w * (falloff[q] as number);
      }
    }
    box.x0 = Math.min(box.x0, x0);
    box.y0 = Math.min(box.y0, y0);
    box.x1 = Math.max(box.x1, x1 + 1);
    box.y1 = Math.max(box.y1, y1 + 1);
  }

  /** Attenuation added by a bolus density. */
  attenuation(density: number): number {
    return this.params.bolusDensity * (1 - Math.exp(-density * SATURATION));
  }
}

function clearBox(data: Float32Array, width: number, box: PixelBox): void {
  for (let y = box.y0; y < box.y1; y++) data.fill(0, y * width + box.x0, y * width + box.x1);
}
