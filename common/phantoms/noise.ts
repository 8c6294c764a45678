/**
 * Noise fields: smooth value noise for texture (trabecular bone, soft-tissue thickness, stain
 * unevenness) and a bank of Gaussian samples for per-frame detector noise.
 */
import type { Rng } from './random';

/**
 * Fractal value noise, roughly in [-1, 1]: random values on a lattice of `cell` pixels, smoothstep
 * interpolation, `octaves` layers each with half the cell size and `gain` times the amplitude.
 * `stretch` > 1 elongates features along x (fibres, trabeculae that follow load lines).
 */
export function valueNoise(
  rng: Rng,
  width: number,
  height: number,
  cell: number,
  octaves = 3,
  gain = 0.5,
  stretch = 1,
): Float32Array {
  const out = new Float32Array(width * height);
  let amplitude = 1;
  let total = 0;
  let size = cell;
  for (let o = 0; o < octaves && size >= 1; o++) {
    addOctave(out, width, height, size * stretch, size, amplitude, rng.fork('octave', o));
    total += amplitude;
    amplitude *= gain;
    size /= 2;
  }
  const inv = 1 / total;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * inv;
  return out;
}

function addOctave(
  out: Float32Array,
  width: number,
  height: number,
  cellX: number,
  cellY: number,
  amplitude: number,
  rng: Rng,
): void {
  const gw = Math.ceil(width / cellX) + 2;
  const gh = Math.ceil(height / cellY) + 2;
  const lattice = new Float32Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next() * 2 - 1;
  // Column lattice indices and weights are the same on every row: compute once.
  const ix = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = x / cellX;
    const i0 = Math.floor(fx);
    const t = fx - i0;
    ix[x] = i0;
    wx[x] = t * t * (3 - 2 * t);
  }
  // Interpolate the two lattice rows around y once per image row, then only along x per pixel.
  const rowValues = new Float32Array(gw);
  for (let y = 0; y < height; y++) {
    const fy = y / cellY;
    const j0 = Math.floor(fy);
    const t = fy - j0;
    const wy = t * t * (3 - 2 * t);
    const r0 = j0 * gw;
    const r1 = r0 + gw;
    for (let i = 0; i < gw; i++) {
      const a = lattice[r0 + i] as number;
      rowValues[i] = a + wy * ((lattice[r1 + i] as number) - a);
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i0 = ix[x] as number;
      const a = rowValues[i0] as number;
      out[row + x] = (out[row + x] as number) + amplitude * (a + (wx[x] as number) * ((rowValues[i0 + 1] as number) - a));
    }
  }
}

/**
 * A bank of standard-normal samples. A frame takes its detector noise from the bank at a
 * pseudo-random offset, which costs one read per pixel instead of a logarithm and a square root,
 * and keeps frames independent of each other's rendering order.
 */
export function gaussianBank(rng: Rng, length: number): Float32Array {
  const bank = new Float32Array(length);
  for (let i = 0; i < length; i++) bank[i] = rng.normal();
  return bank;
}
