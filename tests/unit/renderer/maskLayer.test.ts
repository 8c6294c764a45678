import { describe, expect, it } from 'vitest';
import { rleDecode, rleEncode } from '../../../common/imaging/rle';
import type { MaskPayload } from '../../../common/models/maskPayload';
import { createRng } from '../../../common/phantoms/random';
import { paintMaskLayer, type MaskLayerStyle, type Rgba } from '../../../renderer/viewer/ai/maskLayer';

const COLOURS: Record<string, Rgba> = { bolus: [0, 210, 255, 130], hyoid: [0, 255, 140, 120], mandible: [190, 120, 255, 70] };
const colourOf = (name: string): Rgba => COLOURS[name] ?? [255, 80, 80, 110];

/** The per-pixel painter the run-based one replaces: decode each mask, test every pixel. */
function reference(p: MaskPayload, style: MaskLayerStyle): Uint8ClampedArray {
  const w = p.width;
  const out = new Uint8ClampedArray(w * p.height * 4);
  const ordered = [...p.classes].sort((a, b) => (a.name === 'bolus' ? 1 : 0) - (b.name === 'bolus' ? 1 : 0));
  for (const cls of ordered) {
    if (style.classes[cls.name] === false) continue;
    const [r, g, b, a] = colourOf(cls.name);
    const alpha = Math.round(Math.min(255, (style.outline ? 255 : a) * style.opacity));
    const mask = rleDecode(cls.rle, w * p.height);
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      if (style.outline) {
        const x = i % w;
        if (x > 0 && x < w - 1 && mask[i - 1] && mask[i + 1] && mask[i - w] && mask[i + w]) continue;
      }
      out.set([r, g, b, alpha], i * 4);
    }
  }
  return out;
}

/** The layer placed back into a full-frame RGBA buffer. */
function placed(p: MaskPayload, style: MaskLayerStyle): Uint8ClampedArray {
  const out = new Uint8ClampedArray(p.width * p.height * 4);
  const layer = paintMaskLayer(p, style, colourOf);
  if (!layer) return out;
  for (let y = 0; y < layer.height; y++) out.set(layer.rgba.subarray(y * layer.width * 4, (y + 1) * layer.width * 4), ((layer.y + y) * p.width + layer.x) * 4);
  return out;
}

function blobs(rand: () => number, w: number, h: number, count: number, touchEdges: boolean): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let k = 0; k < count; k++) {
    const cx = touchEdges && k === 0 ? 0 : rand() * w;
    const cy = touchEdges && k === 1 ? h - 1 : rand() * h;
    const rx = 1 + rand() * w * 0.2;
    const ry = 1 + rand() * h * 0.2;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) m[y * w + x] = 1;
  }
  // Speckle: single pixels and one-pixel lines, where outlines and fills differ most.
  for (let k = 0; k < count * 3; k++) m[Math.floor(rand() * w * h)] = 1;
  return m;
}

describe('paintMaskLayer', () => {
  const styles: MaskLayerStyle[] = [
    { classes: {}, opacity: 1, outline: false },
    { classes: {}, opacity: 0.4, outline: true },
    { classes: { hyoid: false }, opacity: 0.7, outline: false },
    { classes: { mandible: false }, opacity: 1, outline: true },
  ];

  it('paints the same pixels as decoding every mask and testing every pixel', () => {
    const rng = createRng(7, 'maskLayer');
    const rand = () => rng.next();
    for (let trial = 0; trial < 24; trial++) {
      const w = 17 + Math.floor(rand() * 60);
      const h = 9 + Math.floor(rand() * 50);
      const payload: MaskPayload = {
        width: w,
        height: h,
        classes: ['mandible', 'bolus', 'hyoid'].map((name, i) => {
          const mask = blobs(rand, w, h, 1 + Math.floor(rand() * 3), trial % 3 === i);
          return { name, areaPx: 0, meanProbability: 1, rle: rleEncode(mask) };
        }),
      };
      for (const style of styles) expect(placed(payload, style)).toEqual(reference(payload, style));
    }
  });

  it('covers only the bounding box of what is shown, and nothing when nothing is shown', () => {
    const w = 40;
    const m = new Uint8Array(w * 30);
    for (let y = 10; y < 14; y++) for (let x = 5; x < 9; x++) m[y * w + x] = 1;
    const payload: MaskPayload = { width: w, height: 30, classes: [{ name: 'bolus', areaPx: 16, meanProbability: 1, rle: rleEncode(m) }] };
    const layer = paintMaskLayer(payload, { classes: {}, opacity: 1, outline: false }, colourOf);
    expect(layer && { x: layer.x, y: layer.y, width: layer.width, height: layer.height }).toEqual({ x: 5, y: 10, width: 4, height: 4 });
    expect(paintMaskLayer(payload, { classes: { bolus: false }, opacity: 1, outline: false }, colourOf)).toBeNull();
    const empty: MaskPayload = { width: w, height: 30, classes: [{ name: 'bolus', areaPx: 0, meanProbability: 0, rle: rleEncode(new Uint8Array(w * 30)) }] };
    expect(paintMaskLayer(empty, { classes: {}, opacity: 1, outline: true }, colourOf)).toBeNull();
  });
});
