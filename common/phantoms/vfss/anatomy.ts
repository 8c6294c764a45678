/**
 * Renders what does not move relative to the head, once per phantom: an attenuation map (soft
 * tissue, airways, bones, metal, shoulders, then blur) and the silhouettes of the cervical spine and
 * mandible. Frames shift this map by the head motion and add what moves.
 */
import type { Rng } from '../random';
import { valueNoise } from '../noise';
import { addCorticalShape, addShape, fillPolygon, gaussianBlur, type PixelBox } from '../raster';
import type { Shape, Vec2 } from '../shapes';
import { cervicalSpineParts, jawParts, skullBaseParts, type BonePart } from './bones';
import type { VfssDifficultyParams } from './difficulty';
import type { VfssLayout } from './layout';
import {
  addBodySoftTissue,
  addShoulders,
  addStaticAirways,
  AIRWAY_AIR,
  earringShape,
  pharynxOutline,
} from './softTissue';

/** Attenuation of dental metal and jewellery: the one thing as dark as barium. */
export const METAL_DENSITY = 2.4;

export interface VfssAnatomy {
  /** Static attenuation at rest pose, blurred. */
  attenuation: Float32Array;
  spineMask: Uint8Array;
  mandibleMask: Uint8Array;
  /** Air in the pharyngeal lumen at rest (attenuation removed), over `box`; a swallow squeezes it out. */
  pharynxAir: { box: PixelBox; data: Float32Array };
  /** Trabecular texture, reused for bones drawn per frame. */
  texture: Float32Array;
}

export function renderVfssAnatomy(
  rng: Rng,
  layout: VfssLayout,
  params: VfssDifficultyParams,
  width: number,
  height: number,
  withMetal: boolean,
): VfssAnatomy {
  const n = width * height;
  const k = layout.pose.scale;
  const attenuation = new Float32Array(n);
  const texture = valueNoise(rng.fork('trabecular'), width, height, Math.max(2, 5 * k), 3, 0.6);

  addBodySoftTissue(attenuation, width, height, layout, rng.fork('soft'));
  addStaticAirways(attenuation, width, height, layout, rng.fork('airways'));
  const pharynxAir = rasterAir(pharynxOutline(layout), width, height, 1.5 * k);
  subtractCrop(attenuation, width, pharynxAir);

  const spineMask = new Uint8Array(n);
  const mandibleMask = new Uint8Array(n);
  const jaw = jawParts(layout, rng.fork('jaw'), withMetal);
  for (const part of [...skullBaseParts(layout), ...jaw.maxilla]) drawBone(attenuation, width, height, part, texture);
  for (const part of cervicalSpineParts(layout)) drawBone(attenuation, width, height, part, texture, 1, spineMask);
  for (const part of jaw.mandible) drawBone(attenuation, width, height, part, texture, 1, mandibleMask);
  const metal: Shape[] = [...jaw.metal];
  if (withMetal && rng.chance(0.5)) metal.push(earringShape(layout, rng.fork('earring')));
  for (const shape of metal) addShape(attenuation, width, height, shape, METAL_DENSITY);

  const shoulderRng = rng.fork('shoulders');
  addShoulders(attenuation, width, height, layout, shoulderRng.range(...params.shoulders), shoulderRng);

  gaussianBlur(attenuation, width, height, params.blurSigma * k);
  for (let i = 0; i < n; i++) if ((attenuation[i] as number) < 0) attenuation[i] = 0;

  return { attenuation, spineMask, mandibleMask, pharynxAir, texture };
}

export function drawBone(
  target: Float32Array,
  width: number,
  height: number,
  part: BonePart,
  texture: Float32Array,
  soft = 1,
  mask?: Uint8Array,
): void {
  addCorticalShape(target, width, height, part.shape, part.interior, part.rim, part.rimWidth, texture, part.texture, soft, mask);
}

/** Air of a polygonal lumen as a soft-edged crop (scanline fill + blur: cheap for long outlines). */
function rasterAir(outline: readonly Vec2[], width: number, height: number, soft: number): { box: PixelBox; data: Float32Array } {
  const pad = Math.ceil(3 * soft) + 1;
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const box: PixelBox = {
    x0: Math.max(0, Math.floor(Math.min(...xs)) - pad),
    y0: Math.max(0, Math.floor(Math.min(...ys)) - pad),
    x1: Math.min(width, Math.ceil(Math.max(...xs)) + pad),
    y1: Math.min(height, Math.ceil(Math.max(...ys)) + pad),
  };
  const w = Math.max(0, box.x1 - box.x0);
  const h = Math.max(0, box.y1 - box.y0);
  const data = new Float32Array(w * h);
  fillPolygon(data, w, h, outline.map(([x, y]) => [x - box.x0, y - box.y0] as Vec2), AIRWAY_AIR);
  gaussianBlur(data, w, h, soft);
  return { box, data };
}

function subtractCrop(target: Float32Array, width: number, crop: { box: PixelBox; data: Float32Array }): void {
  const { box, data } = crop;
  const w = box.x1 - box.x0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      target[y * width + x] = (target[y * width + x] as number) - (data[(y - box.y0) * w + (x - box.x0)] as number);
    }
  }
}
