import { Enums, type Types } from '@cornerstonejs/core';
import { imageToCanvas } from '../cornerstone/imageCoords';
import { useEffect, useRef, useState } from 'react';
import { decodeMaskPayload } from '../../../common/models/maskPayload';
import { rleDecode } from '../../../common/imaging/mask';
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

export interface OverlayStyle {
  /** Class name → shown. Classes not listed are shown. */
  classes: Readonly<Record<string, boolean>>;
  /** 0–1 multiplier on each class's opacity. */
  opacity: number;
  /** Draw outlines instead of filled masks. */
  outline: boolean;
}

export const DEFAULT_OVERLAY_STYLE: OverlayStyle = { classes: {}, opacity: 1, outline: false };

/** A frame's masks painted into an offscreen canvas at image resolution (cached per frame). */
async function frameLayer(api: Api, instanceId: number, frame: number, modelKey: string, style: OverlayStyle): Promise<HTMLCanvasElement | null> {
  const res = await fetch(api.fileUrl(`files/results/${instanceId}/${frame}/${encodeURIComponent(modelKey)}`), { credentials: 'same-origin' });
  if (res.status === 204 || res.status === 404) return null;
  if (!res.ok) throw new Error(`mask request failed (${res.status})`);
  const payload = decodeMaskPayload(new Uint8Array(await res.arrayBuffer()));
  const canvas = document.createElement('canvas');
  canvas.width = payload.width;
  canvas.height = payload.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const w = payload.width;
  const img = ctx.createImageData(w, payload.height);
  // Structures first, the bolus last so it stays visible on top.
  const ordered = [...payload.classes].sort((a, b) => (a.name === 'bolus' ? 1 : 0) - (b.name === 'bolus' ? 1 : 0));
  for (const cls of ordered) {
    if (style.classes[cls.name] === false) continue;
    const [r, g, b, a] = COLOURS[cls.name] ?? FALLBACK;
    const alpha = Math.round(Math.min(255, (style.outline ? 255 : a) * style.opacity));
    const mask = rleDecode(cls.rle, w * payload.height);
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      if (style.outline) {
        const x = i % w;
        const inner = x > 0 && x < w - 1 && mask[i - 1] && mask[i + 1] && mask[i - w] && mask[i + w];
        if (inner) continue;
      }
      const o = i * 4;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = alpha;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
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
  const cache = useRef(new Map<string, HTMLCanvasElement | null>());
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
      let layer = cache.current.get(key);
      if (layer === undefined) {
        layer = await frameLayer(props.api, where.instanceId, where.frame, props.modelKey, style).catch(() => null);
        cache.current.set(key, layer);
      }
      if (!layer || disposed || c.frame !== index) return;
      const vp: Types.IStackViewport = c.stackViewport;
      const tl = imageToCanvas(vp, imageId, [-0.5, -0.5]);
      const br = imageToCanvas(vp, imageId, [layer.width - 0.5, layer.height - 0.5]);
      if (!tl || !br) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(layer, tl[0], tl[1], br[0] - tl[0], br[1] - tl[1]);
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
