/**
 * The VFSS anatomy is described once, in a canonical 512 x 512 frame with the patient facing left
 * (anterior = smaller u, v down). A Pose maps it into the image: mirror for a patient facing
 * right, scale for body size and image size, rotate for head posture, translate for placement.
 */
import type { Vec2 } from '../shapes';

export const CANONICAL_SIZE = 512;
const C = CANONICAL_SIZE / 2;

export class Pose {
  private readonly cos: number;
  private readonly sin: number;

  constructor(
    /** Image pixels per canonical unit. */
    readonly scale: number,
    /** Rotation in radians (positive turns +x towards +y). */
    readonly rotation: number,
    /** Image position of the canonical centre. */
    readonly cx: number,
    readonly cy: number,
    /** True when the patient faces right (+x). */
    readonly mirror: boolean,
  ) {
    this.cos = Math.cos(rotation);
    this.sin = Math.sin(rotation);
  }

  /** Canonical point to image point. */
  p(u: number, v: number): Vec2 {
    const [du, dv] = this.vec(u - C, v - C);
    return [this.cx + du, this.cy + dv];
  }

  /** Canonical displacement to image displacement (no translation). */
  vec(du: number, dv: number): Vec2 {
    const mu = this.mirror ? -du : du;
    return [this.scale * (this.cos * mu - this.sin * dv), this.scale * (this.sin * mu + this.cos * dv)];
  }

  /** Canonical length to image length. */
  len(l: number): number {
    return l * this.scale;
  }

  /** Canonical direction angle to image direction angle. */
  angle(a: number): number {
    return (this.mirror ? Math.PI - a : a) + this.rotation;
  }

  /** Image point back to canonical (for per-pixel fields defined in anatomical terms). */
  inverse(x: number, y: number): Vec2 {
    const dx = (x - this.cx) / this.scale;
    const dy = (y - this.cy) / this.scale;
    const mu = this.cos * dx + this.sin * dy;
    const dv = -this.sin * dx + this.cos * dy;
    return [(this.mirror ? -mu : mu) + C, dv + C];
  }

  /** Change of canonical (u, v) per image pixel step in x and y: lets per-pixel loops skip inverse(). */
  inverseSteps(): { dudx: number; dudy: number; dvdx: number; dvdy: number } {
    const m = this.mirror ? -1 : 1;
    return {
      dudx: (m * this.cos) / this.scale,
      dudy: (m * this.sin) / this.scale,
      dvdx: -this.sin / this.scale,
      dvdy: this.cos / this.scale,
    };
  }

  points(pts: readonly Vec2[]): Vec2[] {
    return pts.map(([u, v]) => this.p(u, v));
  }
}
