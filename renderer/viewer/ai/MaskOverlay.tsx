import { Enums, type Types } from '@cornerstonejs/core';
import { imageToCanvas } from '../cornerstone/imageCoords';
import { useEffect, useRef, useState } from 'react';
import { decodeMaskPayload } from '../../../common/models/maskPayload';
import { paintMaskLayer, type MaskLayerStyle } from './maskLayer';
import type { Api } from '../../api/client';
import type { StackController } from '../cornerstone/StackController';
import type { DisplaySet } from '../displaySet';

const COLOURS: Record<string, [number, number, number, number]> = {
  bolus: [0, 210, 255, 130],
  cervicalSpine: [255, 196, 0, 70],
  mandible: [190, 120, 255, 70],
  hyoid: [0, 255, 140, 120],
};
const FALLBACK: [number, number, number, number] = [255, 80, 80, 110];

export type OverlayStyle = MaskLayerStyle;

export const DEFAULT_OVERLAY_STYLE: OverlayStyle = { classes: {}, opacity: 1, outline: false };

/** A frame's masks painted at image resolution over their bounding box (cached per frame). */
interface FrameLayer {
  bitmap: ImageBitmap;
  x: number;
  y: number;
}

/** Layers kept per overlay: enough for a whole demo cine, bounded for long studies. */
const MAX_CACHED_LAYERS = 320;

async function frameLayer(api: Api, instanceId: number, frame: number, modelKey: string, style: OverlayStyle): Promise<FrameLayer | null> {
  const res = await fetch(api.fileUrl(`files/results/${instanceId}/${frame}/${encodeURIComponent(modelKey)}`), { credentials: 'same-origin' });
  if (res.status === 204 || res.status === 404) return null;
  if (!res.ok) throw new Error(`mask request failed (${res.status})`);
  const payload = decodeMaskPayload(new Uint8Array(await res.arrayBuffer()));
  const layer = paintMaskLayer(payload, style, (name) => COLOURS[name] ?? FALLBACK);
  if (!layer) return null;
  const bitmap = await createImageBitmap(new ImageData(layer.rgba, layer.width, layer.height));
  return { bitmap, x: layer.x, y: layer.y };
}

/**
 * Frame key → layer (null: nothing to draw), least recently used first; evicted bitmaps are closed.
 * One load per key at a time; a load whose key was invalidated meanwhile is not cached.
 */
class LayerCache {
  private readonly layers = new Map<string, FrameLayer | null>();
  private readonly pending = new Map<string, Promise<FrameLayer | null>>();

  load(key: string, make: () => Promise<FrameLayer | null>): Promise<FrameLayer | null> {
    const hit = this.layers.get(key);
    if (hit !== undefined) {
      this.layers.delete(key);
      this.layers.set(key, hit);
      return Promise.resolve(hit);
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const p: Promise<FrameLayer | null> = make()
      .catch(() => null)
      .then((layer) => {
        if (this.pending.get(key) !== p) return layer;
        this.pending.delete(key);
        this.layers.set(key, layer);
        for (const [k] of this.layers) {
          if (this.layers.size <= MAX_CACHED_LAYERS) break;
          this.delete(k);
        }
        return layer;
      });
    this.pending.set(key, p);
    return p;
  }

  delete(key: string): void {
    this.layers.get(key)?.bitmap.close();
    this.layers.delete(key);
    this.pending.delete(key);
  }

  clear(): void {
    for (const k of [...this.layers.keys()]) this.delete(k);
    this.pending.clear();
  }
}

/**
 * Draws a model's masks over the viewport, following Cornerstone's camera (zoom, pan) and the
 * displayed frame. Masks arrive as binary payloads by URL, one frame at a time, and are cached.
 */
export function MaskOverlay(props: {
  api: Api;
  controller: StackController | null;
  displaySet: DisplaySet;
  modelKey: string | null;
  visible: boolean;
  version: number;
  style?: OverlayStyle;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const cache = useRef(new LayerCache());
  const style = props.style ?? DEFAULT_OVERLAY_STYLE;
  const styleKey = JSON.stringify(style);
  const [redraw, setRedraw] = useState(0);

  useEffect(() => {
    cache.current.clear();
  }, [props.modelKey, props.version, styleKey]);

  // Frames appear as the model (or a person) finishes them: drop those frames from the cache and
  // repaint when the one on screen is among them.
  useEffect(
    () =>
      props.api.onEvent((e) => {
        if (e.type !== 'results.frames') return;
        let onScreen = false;
        const current = props.controller ? props.displaySet.frames[props.controller.frame] : undefined;
        for (const f of e.frames) {
          cache.current.delete(`${e.instanceId}:${f}`);
          if (current && current.instanceId === e.instanceId && current.frame === f) onScreen = true;
        }
        if (onScreen) setRedraw((n) => n + 1);
      }),
    [props.api, props.controller, props.displaySet],
  );

  useEffect(() => {
    const c = props.controller;
    const el = canvas.current;
    if (!c || !el) return;
    let disposed = false;
    const draw = async () => {
      const ctx = el.getContext('2d');
      if (!ctx || disposed) return;
      const rect = c.element.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      if (el.width !== Math.round(rect.width * dpr) || el.height !== Math.round(rect.height * dpr)) {
        el.width = Math.round(rect.width * dpr);
        el.height = Math.round(rect.height * dpr);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
      if (!props.visible || !props.modelKey) return;
      const index = c.frame;
      const where = props.displaySet.frames[index];
      const imageId = props.displaySet.imageIds[index];
      if (!where || !imageId) return;
      const key = `${where.instanceId}:${where.frame}`;
      const modelKey = props.modelKey;
      const layer = await cache.current.load(key, () => frameLayer(props.api, where.instanceId, where.frame, modelKey, style));
      // A bitmap closed meanwhile (evicted, or the cache cleared) has zero size.
      if (!layer || disposed || c.frame !== index || layer.bitmap.width === 0) return;
      const vp: Types.IStackViewport = c.stackViewport;
      const { bitmap, x, y } = layer;
      const tl = imageToCanvas(vp, imageId, [x - 0.5, y - 0.5]);
      const br = imageToCanvas(vp, imageId, [x + bitmap.width - 0.5, y + bitmap.height - 0.5]);
      if (!tl || !br) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(bitmap, tl[0], tl[1], br[0] - tl[0], br[1] - tl[1]);
    };
    const onRender = () => void draw();
    c.element.addEventListener(Enums.Events.IMAGE_RENDERED, onRender);
    void draw();
    return () => {
      disposed = true;
      c.element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRender);
    };
    // style is captured through styleKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.controller, props.displaySet, props.modelKey, props.visible, props.api, props.version, styleKey, redraw]);

  return <canvas ref={canvas} className="mask-overlay" data-testid="mask-overlay" aria-hidden="true" />;
}
