/**
 * Monotone piecewise-cubic interpolation (Fritsch-Carlson / PCHIP). Used for motion keyframes: a
 * bolus never flows backwards, and a pause keyframe (two equal values) stays a pause, which plain
 * cubic splines would overshoot.
 */
export class MonotoneCurve {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly ms: Float64Array;

  constructor(points: ReadonlyArray<readonly [number, number]>) {
    const n = points.length;
    if (n < 2) throw new Error('a curve needs two points');
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    points.forEach(([x, y], i) => {
      this.xs[i] = x;
      this.ys[i] = y;
    });
    for (let i = 1; i < n; i++) {
      if ((this.xs[i] as number) <= (this.xs[i - 1] as number)) {
        throw new Error('curve x values must increase');
      }
    }
    const delta = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      delta[i] = ((this.ys[i + 1] as number) - (this.ys[i] as number)) / ((this.xs[i + 1] as number) - (this.xs[i] as number));
    }
    this.ms = new Float64Array(n);
    this.ms[0] = delta[0] as number;
    this.ms[n - 1] = delta[n - 2] as number;
    for (let i = 1; i < n - 1; i++) {
      const d0 = delta[i - 1] as number;
      const d1 = delta[i] as number;
      if (d0 * d1 <= 0) {
        this.ms[i] = 0;
        continue;
      }
      const h0 = (this.xs[i] as number) - (this.xs[i - 1] as number);
      const h1 = (this.xs[i + 1] as number) - (this.xs[i] as number);
      this.ms[i] = (3 * (h0 + h1)) / ((2 * h1 + h0) / d0 + (h1 + 2 * h0) / d1);
    }
    // A flat segment must stay flat: its end slopes are zero.
    for (let i = 0; i < n - 1; i++) {
      if (delta[i] === 0) {
        this.ms[i] = 0;
        this.ms[i + 1] = 0;
      }
    }
  }

  /** Value at x; linear extension beyond the ends with the end slopes. */
  at(x: number): number {
    const n = this.xs.length;
    const x0 = this.xs[0] as number;
    const xn = this.xs[n - 1] as number;
    if (x <= x0) return (this.ys[0] as number) + (this.ms[0] as number) * (x - x0);
    if (x >= xn) return (this.ys[n - 1] as number) + (this.ms[n - 1] as number) * (x - xn);
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((this.xs[mid] as number) <= x) lo = mid;
      else hi = mid;
    }
    const h = (this.xs[hi] as number) - (this.xs[lo] as number);
    const t = (x - (this.xs[lo] as number)) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    return (
      (2 * t3 - 3 * t2 + 1) * (this.ys[lo] as number) +
      (t3 - 2 * t2 + t) * h * (this.ms[lo] as number) +
      (-2 * t3 + 3 * t2) * (this.ys[hi] as number) +
      (t3 - t2) * h * (this.ms[hi] as number)
    );
  }
}
