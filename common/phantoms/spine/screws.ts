/**
 * Posterior instrumentation in the lateral view: a pair of pedicle screws per level (left and right
 * nearly superimposed, slightly offset), threaded shafts entering behind the body through the pedicle
 * towards the anterior cortex, tulip heads, and a contoured rod joining the heads.
 */
import { clamp, type Rng } from '../random';
import { capsule, roundedBox, smoothOpen, union, type Shape, type Vec2 } from '../shapes';
import { vertebraFrame, local, type VertebraFrame } from './anatomy';
import type { SpineLayout } from './layout';

const LEVELS = ['L1', 'L2', 'L3', 'L4', 'L5', 'S1'] as const;
export type InstrumentedLevel = (typeof LEVELS)[number];

export interface Instrumentation {
  levels: InstrumentedLevel[];
  /** Every metal part; their union is the screw mask. */
  parts: Shape[];
}

/**
 * A threaded screw from `tail` (head side) along `dir` for `length` px: core radius with a
 * triangular thread profile of the given pitch, tapering over the last `tipLength`.
 */
export function threadedScrew(tail: Vec2, dir: Vec2, length: number, radius: number, threadDepth: number, pitch: number): Shape {
  const [ax, ay] = tail;
  const [dx, dy] = dir;
  const tipLength = radius * 2.2;
  const reach = radius + threadDepth;
  const bx = ax + dx * length;
  const by = ay + dy * length;
  return {
    x0: Math.min(ax, bx) - reach,
    y0: Math.min(ay, by) - reach,
    x1: Math.max(ax, bx) + reach,
    y1: Math.max(ay, by) + reach,
    sdf: (x, y) => {
      const px = x - ax;
      const py = y - ay;
      const along = px * dx + py * dy;
      const radial = Math.abs(-px * dy + py * dx);
      const t = clamp(along, 0, length);
      const phase = (t / pitch) % 1;
      const thread = threadDepth * (1 - Math.abs(2 * phase - 1));
      const taper = t > length - tipLength ? Math.max(0.15, (length - t) / tipLength) : 1;
      const side = radial - (radius + thread) * taper;
      const end = Math.max(-along, along - length);
      return end > 0 ? Math.hypot(Math.max(side, 0), end) : Math.max(side, end);
    },
  };
}

export function sampleInstrumentation(rng: Rng, layout: SpineLayout): Instrumentation {
  const mm = layout.pxPerMm;
  const count = rng.int(2, 4);
  const lowest = rng.chance(0.5) ? 5 : rng.chance(0.7) ? 4 : 3; // index into LEVELS: S1, L5 or L4
  const levels = LEVELS.slice(Math.max(0, lowest - count + 1), lowest + 1);
  const parts: Shape[] = [];
  const heads: Vec2[] = [];
  for (const level of levels) {
    const { entry, dir, length } = trajectory(level, layout, rng);
    for (const side of [0, 1]) {
      const wobble = side === 0 ? 0 : rng.normal(0, 0.035);
      const d: Vec2 = [dir[0] * Math.cos(wobble) - dir[1] * Math.sin(wobble), dir[0] * Math.sin(wobble) + dir[1] * Math.cos(wobble)];
      const shift: Vec2 = side === 0 ? [0, 0] : [rng.normal(0, 2) * mm, rng.normal(0, 1.5) * mm];
      const tail: Vec2 = [entry[0] + shift[0], entry[1] + shift[1]];
      parts.push(threadedScrew(tail, d, length, 2.6 * mm, 0.75 * mm, 2.8 * mm));
      const head: Vec2 = [tail[0] - d[0] * 5 * mm, tail[1] - d[1] * 5 * mm];
      parts.push(roundedBox(head[0], head[1], 6.5 * mm, 6 * mm, Math.atan2(d[1], d[0]), 2 * mm));
      if (side === 0) heads.push([head[0] - d[0] * 3 * mm, head[1] - d[1] * 3 * mm]);
    }
  }
  parts.push(rod(heads, 2.75 * mm, 6 * mm));
  return { levels: [...levels], parts };
}

/** Entry point behind the body, direction (unit, towards anterior) and length for a level. */
function trajectory(level: InstrumentedLevel, layout: SpineLayout, rng: Rng): { entry: Vec2; dir: Vec2; length: number } {
  const mm = layout.pxPerMm;
  if (level === 'S1') {
    const { anterior: sa, posterior: sp } = layout.s1;
    const e: Vec2 = [(sa[0] - sp[0]) / Math.hypot(sa[0] - sp[0], sa[1] - sp[1]), (sa[1] - sp[1]) / Math.hypot(sa[0] - sp[0], sa[1] - sp[1])];
    const down: Vec2 = [-e[1], e[0]];
    const entry: Vec2 = [sp[0] - e[0] * 20 * mm + down[0] * 14 * mm, sp[1] - e[1] * 20 * mm + down[1] * 14 * mm];
    // Aimed up and forward at the sacral promontory.
    const target: Vec2 = [sa[0] - e[0] * 6 * mm + down[0] * 5 * mm, sa[1] - e[1] * 6 * mm + down[1] * 5 * mm];
    const dist = Math.hypot(target[0] - entry[0], target[1] - entry[1]);
    return { entry, dir: [(target[0] - entry[0]) / dist, (target[1] - entry[1]) / dist], length: dist * rng.range(0.85, 0.95) };
  }
  const v = layout.vertebrae.find((x) => x.name === level);
  if (!v) throw new Error(`no vertebra ${level}`);
  const f: VertebraFrame = vertebraFrame(v);
  const entry = local(f, f.posteriorWall, -22 * mm, f.height * rng.range(0.0, 0.15));
  const tilt = rng.normal(0, 0.05);
  const dir: Vec2 = [f.anterior[0] * Math.cos(tilt) - f.anterior[1] * Math.sin(tilt), f.anterior[0] * Math.sin(tilt) + f.anterior[1] * Math.cos(tilt)];
  return { entry, dir, length: 22 * mm + f.depth * rng.range(0.7, 0.85) };
}

/** A rod contoured through the screw heads, extended a little beyond the end heads. */
function rod(heads: Vec2[], radius: number, overhang: number): Shape {
  const first = heads[0] as Vec2;
  const last = heads[heads.length - 1] as Vec2;
  const second = heads[1] ?? last;
  const beforeLast = heads[heads.length - 2] ?? first;
  const extend = (a: Vec2, b: Vec2): Vec2 => {
    const len = Math.hypot(a[0] - b[0], a[1] - b[1]) || 1;
    return [a[0] + ((a[0] - b[0]) / len) * overhang, a[1] + ((a[1] - b[1]) / len) * overhang];
  };
  const line = smoothOpen([extend(first, second), ...heads, extend(last, beforeLast)], 5);
  const pieces: Shape[] = [];
  for (let i = 0; i + 1 < line.length; i++) pieces.push(capsule(line[i] as Vec2, line[i + 1] as Vec2, radius));
  return union(pieces);
}
