import { describe, expect, it } from 'vitest';
import { createVfssPhantom, type VfssFrame, type VfssPhantom } from '../../../../common/phantoms/vfss';

function meanUnder(image: Uint8Array, mask: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      s += image[i] as number;
      n++;
    }
  }
  return n ? s / n : NaN;
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] as number;
  return n;
}

function centroid(mask: Uint8Array, width: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sx += i % width;
    sy += Math.floor(i / width);
    n++;
  }
  return [sx / n, sy / n];
}

/** Imaged pixels about `r` px from the bolus mask but outside it: its local background. */
function surroundings(frame: VfssFrame, width: number, height: number, r: number): Uint8Array {
  const { bolus } = frame.masks;
  const out = new Uint8Array(bolus.length);
  for (let i = 0; i < bolus.length; i++) {
    if (!bolus[i]) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    for (let dy = -r; dy <= r; dy += r) {
      for (let dx = -r; dx <= r; dx += r) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const j = yy * width + xx;
        if (!bolus[j] && (frame.image[j] as number) > 20) out[j] = 1;
      }
    }
  }
  return out;
}

const phantoms = new Map<string, VfssPhantom>();
function phantom(seed: number, difficulty: 'easy' | 'standard' | 'hard', frames = 300, facing?: 'left' | 'right'): VfssPhantom {
  const key = `${seed}/${difficulty}/${frames}/${facing}`;
  let p = phantoms.get(key);
  if (!p) {
    p = createVfssPhantom({ seed, difficulty, frames, facing });
    phantoms.set(key, p);
  }
  return p;
}

describe('VFSS phantom', () => {
  it('renders byte-identical frames for the same options, in any order', () => {
    const a = createVfssPhantom({ seed: 11, frames: 120 });
    const b = createVfssPhantom({ seed: 11, frames: 120 });
    const f = a.events.bolusPassesRamus;
    const fa = a.renderFrame(f);
    b.renderFrame(3);
    b.renderFrame(f + 7);
    const fb = b.renderFrame(f);
    expect(Buffer.from(fb.image).equals(Buffer.from(fa.image))).toBe(true);
    for (const k of ['bolus', 'cervicalSpine', 'mandible', 'hyoid'] as const) {
      expect(Buffer.from(fb.masks[k]).equals(Buffer.from(fa.masks[k]))).toBe(true);
    }
    expect(fb.bolusHead).toEqual(fa.bolusHead);
    expect(b.events).toEqual(a.events);
  });

  it('differs between seeds in anatomy and placement', () => {
    const a = createVfssPhantom({ seed: 1, frames: 60, facing: 'left' });
    const b = createVfssPhantom({ seed: 2, frames: 60, facing: 'left' });
    expect(a.c2c4LengthPx).not.toBeCloseTo(b.c2c4LengthPx, 3);
    const ma = a.renderFrame(0).masks.cervicalSpine;
    const mb = b.renderFrame(0).masks.cervicalSpine;
    let differ = 0;
    for (let i = 0; i < ma.length; i++) if (ma[i] !== mb[i]) differ++;
    expect(differ).toBeGreaterThan(1000);
  });

  it('returns well-formed frames, masks and bands', () => {
    const p = phantom(4, 'standard');
    expect(p.frames).toBe(300);
    expect(p.fps).toBe(30);
    const frame = p.renderFrame(p.events.uesOpening);
    expect(frame.image).toBeInstanceOf(Uint8Array);
    expect(frame.image.length).toBe(512 * 512);
    for (const m of Object.values(frame.masks)) {
      expect(m.length).toBe(512 * 512);
      expect(m.every((v) => v === 0 || v === 1)).toBe(true);
    }
    const order = ['oralCavity', 'ramus', 'vallecula', 'pyriformSinus', 'ues', 'esophagus'] as const;
    order.forEach((name, i) => {
      const band = p.bands[name];
      expect(band.y1).toBeGreaterThan(band.y0);
      const next = order[i + 1];
      if (next) expect(p.bands[next].y0).toBeCloseTo(band.y1, 6);
    });
    expect(p.c2c4LengthPx).toBeGreaterThan(60);
    expect(p.c2c4LengthPx).toBeLessThan(160);
    expect(() => p.renderFrame(300)).toThrow(RangeError);
    expect(() => createVfssPhantom({ seed: 1, frames: 10 })).toThrow(RangeError);
  });

  for (const difficulty of ['easy', 'standard', 'hard'] as const) {
    it(`orders events plausibly and consistently with the rendered bolus (${difficulty})`, () => {
      for (const seed of [0, 5]) {
        const p = phantom(seed, difficulty);
        const e = p.events;
        expect(e.firstPosteriorMovement).toBeLessThan(e.bolusPassesRamus);
        expect(e.bolusPassesRamus).toBeLessThan(e.tailThroughUes);
        expect(e.tailThroughUes).toBeLessThanOrEqual(e.uesClosure);
        expect(e.hyoidBurstOnset).toBeLessThan(e.uesOpening);
        expect(e.uesOpening).toBeLessThan(e.uesClosure);
        expect(e.lvcOnset).toBeLessThan(e.lvcOffset);
        for (const v of Object.values(e)) expect(v >= 0 && v < p.frames).toBe(true);

        // Each bolus event is the first frame where its rule holds.
        const head = (f: number) => p.renderFrame(f).bolusHead;
        const tail = (f: number) => p.renderFrame(f).bolusTail;
        const atRamus = head(e.bolusPassesRamus);
        expect(atRamus).not.toBeNull();
        expect((atRamus as [number, number])[1]).toBeGreaterThan(p.bands.ramus.y1);
        expect(head(e.bolusPassesRamus - 1)?.[1] ?? -1).toBeLessThanOrEqual(p.bands.ramus.y1);
        const t = tail(e.tailThroughUes);
        expect(t === null || t[1] > p.bands.ues.y1).toBe(true);
        const tBefore = tail(e.tailThroughUes - 1);
        expect(tBefore).not.toBeNull();
        expect((tBefore as [number, number])[1]).toBeLessThanOrEqual(p.bands.ues.y1);
        // The UES is open before the head enters it.
        for (let f = e.bolusPassesRamus; f < e.uesOpening; f++) expect(head(f)?.[1] ?? 0).toBeLessThanOrEqual(p.bands.ues.y0);
        // The head leaves its held position at firstPosteriorMovement and not before.
        const held = head(e.firstPosteriorMovement - 1);
        const moved = head(e.firstPosteriorMovement);
        expect(held).not.toBeNull();
        expect(moved).not.toEqual(held);
      }
    });
  }

  it('shows no bolus before the swallow and no moving bolus after it', () => {
    for (const difficulty of ['easy', 'standard', 'hard'] as const) {
      const p = phantom(5, difficulty);
      const first = p.renderFrame(0);
      expect(first.bolusAreaPx).toBe(0);
      expect(count(first.masks.bolus)).toBe(0);
      expect(first.bolusHead).toBeNull();
      const last = p.renderFrame(p.frames - 1);
      expect(last.bolusHead).toBeNull();
      expect(last.bolusTail).toBeNull();
      expect(last.bolusAreaPx).toBe(last.residueAreaPx);
      expect(count(last.masks.bolus)).toBe(last.bolusAreaPx);
    }
    const clean = createVfssPhantom({ seed: 5, frames: 90, residue: false });
    expect(clean.renderFrame(89).bolusAreaPx).toBe(0);
  });

  it('draws the bolus darker than bone and its surroundings in every frame it is present', () => {
    for (const difficulty of ['easy', 'standard', 'hard'] as const) {
      const p = phantom(0, difficulty);
      const e = p.events;
      let checked = 0;
      for (let f = e.firstPosteriorMovement - 5; f <= e.uesClosure + 10; f++) {
        const frame = p.renderFrame(f);
        if (frame.bolusAreaPx < 40) continue;
        const bolus = meanUnder(frame.image, frame.masks.bolus);
        expect(bolus).toBeLessThan(meanUnder(frame.image, frame.masks.cervicalSpine));
        expect(bolus).toBeLessThan(meanUnder(frame.image, frame.masks.mandible));
        expect(bolus).toBeLessThan(meanUnder(frame.image, surroundings(frame, p.width, p.height, 6)) - 10);
        checked++;
      }
      expect(checked).toBeGreaterThan(30);
    }
  });

  it('keeps structure masks present and the bolus mask present through the swallow', () => {
    const p = phantom(5, 'standard');
    const e = p.events;
    for (let f = 0; f < p.frames; f += 7) {
      const frame = p.renderFrame(f);
      expect(count(frame.masks.cervicalSpine)).toBeGreaterThan(5000);
      expect(count(frame.masks.mandible)).toBeGreaterThan(3000);
      expect(count(frame.masks.hyoid)).toBeGreaterThan(50);
    }
    for (let f = e.firstPosteriorMovement; f < e.tailThroughUes; f++) {
      const frame = p.renderFrame(f);
      expect(frame.bolusAreaPx).toBeGreaterThan(0);
      expect(count(frame.masks.bolus)).toBe(frame.bolusAreaPx);
    }
  });

  it('moves the hyoid up and forward in the burst and not before it', () => {
    for (const facing of ['left', 'right'] as const) {
      const p = phantom(2, 'easy', 300, facing);
      const e = p.events;
      const rest = centroid(p.renderFrame(0).masks.hyoid, p.width);
      const before = centroid(p.renderFrame(e.hyoidBurstOnset - 1).masks.hyoid, p.width);
      const peak = centroid(p.renderFrame(e.uesOpening + 4).masks.hyoid, p.width);
      // Before the burst only the small whole-head motion moves it.
      expect(Math.hypot(before[0] - rest[0], before[1] - rest[1])).toBeLessThan(4);
      expect(rest[1] - peak[1]).toBeGreaterThan(10);
      const forward = facing === 'left' ? rest[0] - peak[0] : peak[0] - rest[0];
      expect(forward).toBeGreaterThan(8);
    }
  });

  it('faces the chosen side', () => {
    for (const facing of ['left', 'right'] as const) {
      const frame = phantom(2, 'easy', 300, facing).renderFrame(0);
      const spine = centroid(frame.masks.cervicalSpine, 512);
      const jaw = centroid(frame.masks.mandible, 512);
      expect(facing === 'left' ? jaw[0] < spine[0] : jaw[0] > spine[0]).toBe(true);
    }
  });

  it('renders a frame in a few milliseconds (printed, not asserted)', () => {
    const p = createVfssPhantom({ seed: 9 });
    for (let f = 0; f < 10; f++) p.renderFrame(f * 20); // JIT warm-up
    const batches = [0, 1, 2].map((b) => {
      const t0 = performance.now();
      for (let f = 60 + b * 30; f < 90 + b * 30; f++) p.renderFrame(f);
      return (performance.now() - t0) / 30;
    });
    console.log(`VFSS 512x512: ${Math.min(...batches).toFixed(2)} ms/frame (best of 3 batches of 30, warm)`);
  });
});
