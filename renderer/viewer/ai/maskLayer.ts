import { forEachRowSpan } from '../../../common/imaging/maskRuns';
import type { MaskPayload } from '../../../common/models/maskPayload';

/** A painted overlay layer: RGBA pixels of the masks' bounding box, placed at (x, y) in the image. */
export interface MaskLayerPixels {
  x: number;
  y: number;
  width: number;
  height: number;
  /** width × height × 4 bytes, straight (not premultiplied) alpha, as ImageData wants. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

export interface MaskLayerStyle {
  /** Class name → shown. Classes not listed are shown. */
  classes: Readonly<Record<string, boolean>>;
  /** 0–1 multiplier on each class's opacity. */
  opacity: number;
  /** Outlines (the mask's own boundary pixels, 4-connected) instead of filled masks. */
  outline: boolean;
}

export type Rgba = readonly [number, number, number, number];

/**
 * Paints a frame's masks into RGBA, walking the run-length encoding instead of decoding every
 * pixel: the layer covers only the bounding box of what is drawn, and filled runs are written as
 * whole 32-bit words. Classes are drawn in the given order with the bolus last, so it stays on top
 * where structures overlap it. Returns null when nothing is drawn.
 *
 * Same picture as decoding each mask and testing every pixel (tests/unit/renderer/maskLayer.test.ts
 * holds the per-pixel reference); several times cheaper for the small masks segmentation produces.
 */
export function paintMaskLayer(payload: MaskPayload, style: MaskLayerStyle, colourOf: (name: string) => Rgba): MaskLayerPixels | null {
  const { width: w, height: h } = payload;
  const shown = payload.classes
    .filter((c) => style.classes[c.name] !== false)
    .sort((a, b) => (a.name === 'bolus' ? 1 : 0) - (b.name === 'bolus' ? 1 : 0));
  let x0 = w;
  let y0 = h;
  let x1 = 0;
  let y1 = 0;
  for (const c of shown) {
    forEachRowSpan(c.rle, w, (row, a, b) => {
      if (row < y0) y0 = row;
      if (row + 1 > y1) y1 = row + 1;
      if (a < x0) x0 = a;
      if (b > x1) x1 = b;
    });
  }
  if (x1 <= x0 || y1 <= y0 || y1 > h) return null;
  const bw = x1 - x0;
  const bh = y1 - y0;
  const rgba = new Uint8ClampedArray(bw * bh * 4);
  const words = new Uint32Array(rgba.buffer);
  const probe = new Uint8Array(new Uint32Array([0x01020304]).buffer);
  const little = probe[0] === 4;
  const pack = ([r, g, b, a]: Rgba) => (little ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0);
  for (const c of shown) {
    const [r, g, b, a] = colourOf(c.name);
    const alpha = Math.round(Math.min(255, (style.outline ? 255 : a) * style.opacity));
    const colour = pack([r, g, b, alpha]);
    if (!style.outline) {
      forEachRowSpan(c.rle, w, (row, a0, a1) => {
        const o = (row - y0) * bw - x0;
        words.fill(colour, o + a0, o + a1);
      });
      continue;
    }
    // Outline: a set pixel is inside when its four neighbours are set. The mask is decoded into the
    // bounding box with a one-pixel unset margin, so pixels on the image's edges (and the box's)
    // are always outline, and a row's first pixel never sees the previous row's last one.
    const mw = bw + 2;
    const mask = new Uint8Array(mw * (bh + 2));
    forEachRowSpan(c.rle, w, (row, a0, a1) => {
      const o = (row - y0 + 1) * mw + 1 - x0;
      mask.fill(1, o + a0, o + a1);
    });
    for (let y = 0; y < bh; y++) {
      const m = (y + 1) * mw + 1;
      for (let x = 0; x < bw; x++) {
        const i = m + x;
        if (!mask[i]) continue;
        const inner = mask[i - 1] && mask[i + 1] && mask[i - mw] && mask[i + mw];
        if (!inner) words[y * bw + x] = colour;
      }
    }
  }
  return { x: x0, y: y0, width: bw, height: bh, rgba };
}
