/**
 * An open polyline parameterised by arc length: the centreline the VFSS bolus flows along, and the
 * map from each pixel to its arc-length position ("how far along the swallow is this pixel"), which
 * defines the bolus head and tail.
 */
import type { Vec2 } from './shapes';

export class Polyline {
  readonly length: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Cumulative arc length at each vertex. */
  private readonly cum: Float64Array;

  constructor(points: readonly Vec2[]) {
    if (points.length < 2) throw new Error('a polyline needs two points');
    const n = points.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.cum = new Float64Array(n);
    points.forEach(([x, y], i) => {
      this.xs[i] = x;
      this.ys[i] = y;
      if (i > 0) {
        const px = this.xs[i - 1] as number;
        const py = this.ys[i - 1] as number;
        this.cum[i] = (this.cum[i - 1] as number) + Math.hypot(x - px, y - py);
      }
    });
    this.length = this.cum[n - 1] as number;
  }

  /** Index of the segment containing arc length s (clamped to the ends). */
  private segment(s: number): number {
    let lo = 0;
    let hi = this.cum.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((this.cum[mid] as number) <= s) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Point at arc length s; beyond the ends the first/last segment is extended in a straight line. */
  pointAt(s: number): Vec2 {
    const i = this.segment(s);
    const x0 = this.xs[i] as number;
    const y0 = this.ys[i] as number;
    const x1 = this.xs[i + 1] as number;
    const y1 = this.ys[i + 1] as number;
    const len = (this.cum[i + 1] as number) - (this.cum[i] as number) || 1e-9;
    const t = (s - (this.cum[i] as number)) / len;
    return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t];
  }

  /** Unit tangent at arc length s. */
  tangentAt(s: number): Vec2 {
    const i = this.segment(s);
    const dx = (this.xs[i + 1] as number) - (this.xs[i] as number);
    const dy = (this.ys[i + 1] as number) - (this.ys[i] as number);
    const len = Math.hypot(dx, dy) || 1;
    return [dx / len, dy / len];
  }

  /** First arc length at which the polyline reaches image row y going downwards (y increasing). */
  firstCrossingBelow(y: number, fromS = 0): number {
    for (let i = this.segment(fromS); i < this.cum.length - 1; i++) {
      const y0 = this.ys[i] as number;
      const y1 = this.ys[i + 1] as number;
      if (y0 <= y && y1 > y) {
        const t = (y - y0) / (y1 - y0);
        return Math.max(fromS, (this.cum[i] as number) + t * ((this.cum[i + 1] as number) - (this.cum[i] as number)));
      }
    }
    return this.length;
  }

  /**
   * For every pixel within `corridor` px of the polyline, the arc length of its nearest point
   * (pixel centres); -1 elsewhere. Computed once per phantom.
   */
  arcLengthMap(width: number, height: number, corridor: number): Float32Array {
    const map = new Float32Array(width * height).fill(-1);
    // Squared distances: the nearest segment wins, no square roots in the inner loop.
    const dist2 = new Float32Array(width * height).fill(Infinity);
    const limit2 = corridor * corridor;
    for (let i = 0; i < this.cum.length - 1; i++) {
      const ax = this.xs[i] as number;
      const ay = this.ys[i] as number;
      const vx = (this.xs[i + 1] as number) - ax;
      const vy = (this.ys[i + 1] as number) - ay;
      const len2 = vx * vx + vy * vy || 1e-9;
      const s0 = this.cum[i] as number;
      const segLen = Math.sqrt(len2);
      const x0 = Math.max(0, Math.floor(Math.min(ax, ax + vx) - corridor));
      const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, ax + vx) + corridor));
      const y0 = Math.max(0, Math.floor(Math.min(ay, ay + vy) - corridor));
      const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, ay + vy) + corridor));
      for (let y = y0; y <= y1; y++) {
        const py = y + 0.5 - ay;
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5 - ax;
          let t = (px * vx + py * vy) / len2;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = px - vx * t;
          const ey = py - vy * t;
          const d2 = ex * ex + ey * ey;
          const k = y * width + x;
          if (d2 <= limit2 && d2 < (dist2[k] as number)) {
            dist2[k] = d2;
            map[k] = s0 + t * segLen;
          }
        }
      }
    }
    return map;
  }
}
