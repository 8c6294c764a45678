/**
 * proposeAnatomy on a hand-built lateral neck (rectangles whose landmarks are known exactly), its
 * mirror image, noisy copies of it, missing structures, and two phantom frames; bandAt's edges.
 */
import { describe, expect, it } from 'vitest';
import { bandAt, proposeAnatomy, type AnatomyInput } from '../../../common/vfss/anatomy';
import { VfssAnatomy } from '../../../common/vfss/schema';
import { createVfssPhantom } from '../../../common/phantoms/vfss';
import { testAnatomy } from './fixtures';

const W = 512;
const H = 512;

function rect(mask: Uint8Array, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) mask.fill(1, y * W + Math.max(0, x0), y * W + Math.min(W, x1));
}

function ellipse(mask: Uint8Array, cx: number, cy: number, rx: number, ry: number): void {
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) if (((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1) mask[y * W + x] = 1;
  }
}

/** Vertebral bodies (top, bottom-edge) rows of the synthetic neck, C2 first. */
const BODIES: Array<[number, number]> = [
  [190, 241],
  [252, 294],
  [305, 346],
  [358, 400],
  [411, 453],
  [464, 506],
];

/**
 * A patient facing left: bodies at x 330–378 with articular pillars behind them, the dens on C2, a
 * mandible whose angle (gonion) is the pixel (299, 229), a hyoid body centred at (230, 285).
 */
function syntheticNeck(): AnatomyInput {
  const cervicalSpine = new Uint8Array(W * H);
  const mandible = new Uint8Array(W * H);
  const hyoid = new Uint8Array(W * H);
  for (const [top, bottom] of BODIES) {
    rect(cervicalSpine, 330, top, 378, bottom);
    rect(cervicalSpine, 384, top - 4, 420, bottom + 8);
  }
  rect(cervicalSpine, 342, 130, 366, 191);
  rect(mandible, 100, 150, 300, 230);
  rect(mandible, 262, 60, 300, 230);
  ellipse(hyoid, 230, 285, 13, 6);
  rect(hyoid, 240, 270, 280, 274);
  return { width: W, height: H, cervicalSpine, mandible, hyoid };
}

function mirrored(input: AnatomyInput): AnatomyInput {
  const flip = (m: Uint8Array): Uint8Array => {
    const out = new Uint8Array(m.length);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + (W - 1 - x)] = m[y * W + x] as number;
    return out;
  };
  return { ...input, cervicalSpine: flip(input.cervicalSpine), mandible: flip(input.mandible), hyoid: input.hyoid && flip(input.hyoid) };
}

/** Deterministic speckle (isolated 2×2 specks) and a 1-px grown outline. */
function noisy(mask: Uint8Array, seed: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      out[i] = mask[i] || mask[i - 1] || mask[i + 1] || mask[i - W] || mask[i + W] ? 1 : 0;
    }
  }
  let s = seed;
  for (let k = 0; k < 40; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const x = s % (W - 2);
    const y = Math.floor(s / W) % (H - 2);
    rect(out, x, y, x + 2, y + 2);
  }
  return out;
}

function anatomyOf(input: AnatomyInput): VfssAnatomy {
  const result = proposeAnatomy(input);
  if ('error' in result) throw new Error(result.error);
  return result.anatomy;
}

const mid = (b: [number, number]): number => (b[0] + b[1]) / 2;
const C2 = BODIES[0] as [number, number];
const C3 = BODIES[1] as [number, number];
const C4 = BODIES[2] as [number, number];
const C5 = BODIES[3] as [number, number];
const C6 = BODIES[4] as [number, number];

describe('proposeAnatomy on a synthetic neck', () => {
  it('faces away from the spine and puts the UES from mid-C5 to mid-C6', () => {
    const a = anatomyOf(syntheticNeck());
    expect(a.facing).toBe('left');
    expect(a.source).toBe('ai');
    expect(a.bands.ues?.y0).toBeCloseTo(mid(C5), 5);
    expect(a.bands.ues?.y1).toBeCloseTo(mid(C6), 5);
    expect(a.bands.esophagus).toEqual({ y0: mid(C6), y1: H });
    expect(() => VfssAnatomy.parse(a)).not.toThrow();
  });

  it('ends the ramus band just above the mandibular angle and orders the bands top to bottom', () => {
    const a = anatomyOf(syntheticNeck());
    const pitch = 53; // median mid-to-mid spacing of C3..C7
    expect(a.bands.ramus?.y1).toBeCloseTo(230 - 0.17 * pitch, 5);
    const edges = ['oralCavity', 'ramus', 'vallecula', 'pyriformSinus', 'ues', 'esophagus'].map((n) => a.bands[n as 'ues']);
    for (let i = 1; i < edges.length; i++) {
      expect(edges[i]?.y0).toBe(edges[i - 1]?.y1);
      expect((edges[i]?.y1 ?? 0) > (edges[i]?.y0 ?? 0)).toBe(true);
    }
  });

  it('puts the vallecula floor at the top of the hyoid body', () => {
    const a = anatomyOf(syntheticNeck());
    expect(a.bands.vallecula?.y1).toBe(279);
  });

  it('measures C2–C4 between the anterior-inferior corners', () => {
    const a = anatomyOf(syntheticNeck());
    expect(a.c2c4LengthPx).toBeCloseTo(C4[1] - C2[1], 5);
  });

  it('without a hyoid puts the vallecula floor at the inferior endplate of C3', () => {
    const a = anatomyOf({ ...syntheticNeck(), hyoid: null });
    expect(a.bands.vallecula?.y1).toBe(C3[1]);
    const empty = anatomyOf({ ...syntheticNeck(), hyoid: new Uint8Array(W * H) });
    expect(empty.bands.vallecula?.y1).toBe(C3[1]);
  });

  it('gives the same bands for a patient facing right', () => {
    const left = anatomyOf(syntheticNeck());
    const right = anatomyOf(mirrored(syntheticNeck()));
    expect(right.facing).toBe('right');
    for (const name of ['ramus', 'vallecula', 'pyriformSinus', 'ues'] as const) {
      expect(right.bands[name]?.y0).toBeCloseTo(left.bands[name]?.y0 ?? NaN, 5);
      expect(right.bands[name]?.y1).toBeCloseTo(left.bands[name]?.y1 ?? NaN, 5);
    }
    expect(right.c2c4LengthPx).toBeCloseTo(left.c2c4LengthPx ?? NaN, 5);
  });

  it('tolerates speckle and a grown outline (model-like masks)', () => {
    const clean = anatomyOf(syntheticNeck());
    const input = syntheticNeck();
    const a = anatomyOf({
      ...input,
      cervicalSpine: noisy(input.cervicalSpine, 1),
      mandible: noisy(input.mandible, 2),
      hyoid: input.hyoid && noisy(input.hyoid, 3),
    });
    expect(a.facing).toBe('left');
    for (const [name, edge] of [['ramus', 'y1'], ['vallecula', 'y1'], ['ues', 'y0'], ['ues', 'y1']] as const) {
      expect(Math.abs((a.bands[name]?.[edge] ?? NaN) - (clean.bands[name]?.[edge] ?? NaN))).toBeLessThanOrEqual(2);
    }
    expect(Math.abs((a.c2c4LengthPx ?? NaN) - (clean.c2c4LengthPx ?? NaN))).toBeLessThanOrEqual(2);
  });

  it('extrapolates the UES by whole segments when C6 is outside the field', () => {
    const input = syntheticNeck();
    // Cut everything below C5.
    input.cervicalSpine.fill(0, 405 * W);
    const a = anatomyOf(input);
    expect(a.bands.ues?.y0).toBeCloseTo(mid(C5), 5);
    expect(Math.abs((a.bands.ues?.y1 ?? NaN) - mid(C6))).toBeLessThanOrEqual(1.5);
  });
});

describe('proposeAnatomy errors', () => {
  it('names the missing structure', () => {
    const input = syntheticNeck();
    expect(proposeAnatomy({ ...input, mandible: new Uint8Array(W * H) })).toEqual({ error: 'no mandible in the structure masks' });
    expect(proposeAnatomy({ ...input, cervicalSpine: new Uint8Array(W * H) })).toEqual({ error: 'no cervical spine in the structure masks' });
  });

  it('refuses masks of the wrong size and a spine that is not behind the mandible', () => {
    const input = syntheticNeck();
    expect(proposeAnatomy({ ...input, hyoid: new Uint8Array(10) })).toEqual({ error: `hyoid mask has 10 pixels, ${W}×${H} expected` });
    const overlapping = new Uint8Array(W * H);
    rect(overlapping, 100, 100, 400, 400);
    const result = proposeAnatomy({ ...input, cervicalSpine: overlapping, mandible: overlapping });
    expect('error' in result && result.error).toMatch(/cannot tell which way the patient faces/);
  });

  it('refuses a spine without separate vertebral bodies', () => {
    const input = syntheticNeck();
    const block = new Uint8Array(W * H);
    rect(block, 330, 130, 420, 506);
    const result = proposeAnatomy({ ...input, cervicalSpine: block });
    expect('error' in result && result.error).toMatch(/vertebral bodies/);
  });
});

describe('proposeAnatomy on phantom frames', () => {
  for (const facing of ['left', 'right'] as const) {
    it(`finds the phantom's bands and C2–C4 length (facing ${facing})`, () => {
      const phantom = createVfssPhantom({ seed: 11, frames: 24, facing });
      const { masks } = phantom.renderFrame(0);
      const a = anatomyOf({ width: phantom.width, height: phantom.height, cervicalSpine: masks.cervicalSpine, mandible: masks.mandible, hyoid: masks.hyoid });
      expect(a.facing).toBe(facing);
      expect(Math.abs((a.bands.ramus?.y1 ?? NaN) - phantom.bands.ramus.y1)).toBeLessThanOrEqual(6);
      expect(Math.abs((a.bands.ues?.y0 ?? NaN) - phantom.bands.ues.y0)).toBeLessThanOrEqual(5);
      expect(Math.abs((a.bands.ues?.y1 ?? NaN) - phantom.bands.ues.y1)).toBeLessThanOrEqual(5);
      expect(Math.abs((a.c2c4LengthPx ?? NaN) - phantom.c2c4LengthPx)).toBeLessThanOrEqual(3);
    });
  }
});

describe('bandAt', () => {
  const anatomy = testAnatomy('left');

  it('gives the band containing a row, a boundary row to the lower band', () => {
    expect(bandAt(anatomy, 150)).toBe('oralCavity');
    expect(bandAt(anatomy, 200)).toBe('ramus');
    expect(bandAt(anatomy, 219.9)).toBe('ramus');
    expect(bandAt(anatomy, 220)).toBe('vallecula');
    expect(bandAt(anatomy, 399)).toBe('ues');
    expect(bandAt(anatomy, 511.5)).toBe('esophagus');
    expect(bandAt(anatomy, 512)).toBe('esophagus');
  });
  it('is null outside the bands', () => {
    expect(bandAt(anatomy, 99)).toBeNull();
    expect(bandAt(anatomy, 600)).toBeNull();
  });
});
