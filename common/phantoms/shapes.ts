/**
 * Signed-distance shapes in pixel coordinates (x right, y down; pixel (i, j) has its centre at
 * (i + 0.5, j + 0.5)). Negative inside, positive outside, in pixels.
 *
 * Every phantom structure is one of these, so the same object yields the image (anti-aliased
 * coverage, cortical rims from the distance to the edge) and the ground-truth mask (distance <= 0):
 * mask and image can never disagree about where a structure is.
 */

export type Vec2 = readonly [number, number];

export interface Shape {
  /** Bounding box, in pixels, that contains every point with sdf <= 0 (callers pad it for soft edges). */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  sdf(x: number, y: number): number;
}

export function circle(cx: number, cy: number, r: number): Shape {
  return {
    x0: cx - r,
    y0: cy - r,
    x1: cx + r,
    y1: cy + r,
    sdf: (x, y) => Math.hypot(x - cx, y - cy) - r,
  };
}

/**
 * Rotated ellipse. The distance is Quilez's first-order approximation |f| / |grad f|, exact on the
 * boundary and good to a fraction of a pixel near it, which is all anti-aliasing and rims need.
 */
export function ellipse(cx: number, cy: number, rx: number, ry: number, angle = 0): Shape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const ex = Math.hypot(rx * c, ry * s);
  const ey = Math.hypot(rx * s, ry * c);
  const irx = 1 / rx;
  const iry = 1 / ry;
  return {
    x0: cx - ex,
    y0: cy - ey,
    x1: cx + ex,
    y1: cy + ey,
    sdf: (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * c + dy * s) * irx;
      const v = (-dx * s + dy * c) * iry;
      const k0 = Math.hypot(u, v);
      const k1 = Math.hypot(u * irx, v * iry);
      if (k1 === 0) return -Math.min(rx, ry);
      return (k0 * (k0 - 1)) / k1;
    },
  };
}

/** Rotated rectangle with rounded corners; halfW/halfH include the rounding radius. */
export function roundedBox(
  cx: number,
  cy: number,
  halfW: number,
  halfH: number,
  angle: number,
  radius: number,
): Shape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r = Math.min(radius, halfW, halfH);
  const bx = halfW - r;
  const by = halfH - r;
  const ex = Math.abs(halfW * c) + Math.abs(halfH * s);
  const ey = Math.abs(halfW * s) + Math.abs(halfH * c);
  return {
    x0: cx - ex,
    y0: cy - ey,
    x1: cx + ex,
    y1: cy + ey,
    sdf: (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const qx = Math.abs(dx * c + dy * s) - bx;
      const qy = Math.abs(-dx * s + dy * c) - by;
      const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
      return outside + Math.min(Math.max(qx, qy), 0) - r;
    },
  };
}

/** Segment a→b with radius ra at a and rb at b (a cone-capped capsule, approximate for ra != rb). */
export function capsule(a: Vec2, b: Vec2, ra: number, rb = ra): Shape {
  const [ax, ay] = a;
  const [bx, by] = b;
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy || 1e-9;
  const rMax = Math.max(ra, rb);
  return {
    x0: Math.min(ax, bx) - rMax,
    y0: Math.min(ay, by) - rMax,
    x1: Math.max(ax, bx) + rMax,
    y1: Math.max(ay, by) + rMax,
    sdf: (x, y) => {
      const px = x - ax;
      const py = y - ay;
      let t = (px * vx + py * vy) / len2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      return Math.hypot(px - vx * t, py - vy * t) - (ra + (rb - ra) * t);
    },
  };
}

/**
 * Any simple polygon (convex or not), optionally grown by `round` pixels, which rounds convex
 * corners: exact distance to the nearest edge, sign from the even-odd rule.
 */
export function polygon(points: readonly Vec2[], round = 0): Shape {
  const n = points.length;
  if (n < 3) throw new Error('polygon needs at least 3 points');
  // Per edge (from vertex j = i - 1 to vertex i): start point, direction and 1/length^2.
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const ex = new Float64Array(n);
  const ey = new Float64Array(n);
  const inv = new Float64Array(n);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const [xi, yi] = points[i] as Vec2;
    const [xj, yj] = points[(i + n - 1) % n] as Vec2;
    sx[i] = xj;
    sy[i] = yj;
    ex[i] = xi - xj;
    ey[i] = yi - yj;
    inv[i] = 1 / ((xi - xj) ** 2 + (yi - yj) ** 2 || 1e-9);
    x0 = Math.min(x0, xi);
    y0 = Math.min(y0, yi);
    x1 = Math.max(x1, xi);
    y1 = Math.max(y1, yi);
  }
  return {
    x0: x0 - round,
    y0: y0 - round,
    x1: x1 + round,
    y1: y1 + round,
    sdf: (x, y) => {
      let best = Infinity;
      let inside = false;
      for (let i = 0; i < n; i++) {
        const xj = sx[i] as number;
        const yj = sy[i] as number;
        const dx0 = ex[i] as number;
        const dy0 = ey[i] as number;
        const wx = x - xj;
        const wy = y - yj;
        let t = (wx * dx0 + wy * dy0) * (inv[i] as number);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = wx - dx0 * t;
        const dy = wy - dy0 * t;
        const d2 = dx * dx + dy * dy;
        if (d2 < best) best = d2;
        const yi = yj + dy0;
        if (yi > y !== yj > y && x < xj + (wy * dx0) / dy0) inside = !inside;
      }
      const d = Math.sqrt(best);
      return (inside ? -d : d) - round;
    },
  };
}

/** Translate a shape (used for per-frame motion of rigid structures). */
export function translated(shape: Shape, dx: number, dy: number): Shape {
  return {
    x0: shape.x0 + dx,
    y0: shape.y0 + dy,
    x1: shape.x1 + dx,
    y1: shape.y1 + dy,
    sdf: (x, y) => shape.sdf(x - dx, y - dy),
  };
}

/** Union of shapes (minimum distance): one silhouette made of several primitives. */
export function union(shapes: readonly Shape[]): Shape {
  if (shapes.length === 0) throw new Error('union needs at least one shape');
  return {
    x0: Math.min(...shapes.map((s) => s.x0)),
    y0: Math.min(...shapes.map((s) => s.y0)),
    x1: Math.max(...shapes.map((s) => s.x1)),
    y1: Math.max(...shapes.map((s) => s.y1)),
    sdf: (x, y) => {
      let d = Infinity;
      for (const s of shapes) {
        if (x < s.x0 - 4 || x > s.x1 + 4 || y < s.y0 - 4 || y > s.y1 + 4) continue;
        const v = s.sdf(x, y);
        if (v < d) d = v;
      }
      // Far from every part: a conservative positive distance keeps soft edges correct.
      return d === Infinity ? 4 : d;
    },
  };
}

/** Open polyline through the points (Catmull-Rom with repeated ends). */
export function smoothOpen(points: readonly Vec2[], steps = 6): Vec2[] {
  const n = points.length;
  const out: Vec2[] = [];
  for (let i = 0; i < n - 1; i++) {
    const p0 = points[Math.max(i - 1, 0)] as Vec2;
    const p1 = points[i] as Vec2;
    const p2 = points[i + 1] as Vec2;
    const p3 = points[Math.min(i + 2, n - 1)] as Vec2;
    for (let k = 0; k < steps; k++) out.push(catmullRom(p0, p1, p2, p3, k / steps));
  }
  const last = points[n - 1];
  if (last) out.push(last);
  return out;
}

function catmullRom(p0: Vec2, p1: Vec2, p2: Vec2, p3: Vec2, t: number): Vec2 {
  const t2 = t * t;
  const t3 = t2 * t;
  const f = (a: number, b: number, c: number, d: number): number =>
    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
  return [f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])];
}

/** A polygon of constant half-width around an open polyline (a cortical line, a rod, a crest). */
export function bandPolygon(line: readonly Vec2[], halfWidth: number): Vec2[] {
  const left: Vec2[] = [];
  const right: Vec2[] = [];
  for (let i = 0; i < line.length; i++) {
    const prev = line[Math.max(0, i - 1)] as Vec2;
    const next = line[Math.min(line.length - 1, i + 1)] as Vec2;
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy) || 1;
    const [x, y] = line[i] as Vec2;
    left.push([x - (dy / len) * halfWidth, y + (dx / len) * halfWidth]);
    right.push([x + (dy / len) * halfWidth, y - (dx / len) * halfWidth]);
  }
  return [...left, ...right.reverse()];
}
