import { Enums } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillPolygon, interpolateRange, paintStroke } from '../../../common/vfss/maskEdit';
import type { ResidueRegionName, VfssReview } from '../../../common/vfss/schema';
import { useApp } from '../../app/ApiContext';
import { canvasToImage, imageToCanvas } from '../cornerstone/imageCoords';
import type { StackController } from '../cornerstone/StackController';
import type { DisplaySet } from '../displaySet';
import type { MaskEditSession } from './maskEditSession';

export type EditTool = 'none' | 'brush' | 'eraser' | 'polygon' | 'region';

export interface EditState {
  tool: EditTool;
  /** Brush radius in image pixels. */
  radius: number;
  /** With tool 'region': which residue region is being drawn. */
  region?: ResidueRegionName;
}

/** Residue regions to outline when their frame is on screen. */
export interface RegionOutlines {
  frame: number;
  regions: Partial<Record<ResidueRegionName, ReadonlyArray<readonly [number, number]>>>;
}

const REGION_COLOUR: Record<ResidueRegionName, string> = { vallecula: 'rgba(255,220,90,0.95)', pyriform: 'rgba(255,140,220,0.95)' };

type Pt = [number, number];

/** Canvas (CSS px) → image pixel coordinates of the frame on screen. */
function toImage(c: StackController, displaySet: DisplaySet, x: number, y: number): Pt | null {
  const imageId = displaySet.imageIds[c.frame];
  if (!imageId) return null;
  return canvasToImage(c.stackViewport, imageId, x, y);
}

function toCanvas(c: StackController, displaySet: DisplaySet, p: Pt): Pt | null {
  const imageId = displaySet.imageIds[c.frame];
  if (!imageId) return null;
  return imageToCanvas(c.stackViewport, imageId, p);
}

/**
 * The drawing surface over the viewport while a mask tool is active: brush and eraser strokes
 * (a preview while the pointer moves, one saved revision on release) and polygon fill (click the
 * corners; double-click or Enter fills, Escape cancels).
 */
export function MaskEditSurface(p: {
  controller: StackController | null;
  displaySet: DisplaySet;
  session: MaskEditSession | null;
  edit: EditState;
  outlines?: RegionOutlines | null;
  onRegion?: (region: ResidueRegionName, frame: number, points: Array<[number, number]>) => void;
  onDone?: () => void;
}) {
  const { notify } = useApp();
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const points = useRef<Pt[]>([]);
  const drawing = useRef(false);
  const active = p.edit.tool !== 'none' && p.session !== null && p.controller !== null;

  const paintPreview = () => {
    const el = canvas.current;
    const c = p.controller;
    if (!el || !c) return;
    const rect = el.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    if (el.width !== Math.round(rect.width * dpr) || el.height !== Math.round(rect.height * dpr)) {
      el.width = Math.round(rect.width * dpr);
      el.height = Math.round(rect.height * dpr);
    }
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, el.width, el.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const shownFrame = p.displaySet.frames[c.frame]?.frame ?? c.frame;
    if (p.outlines && p.outlines.frame === shownFrame) {
      for (const [name, poly] of Object.entries(p.outlines.regions) as Array<[ResidueRegionName, ReadonlyArray<readonly [number, number]>]>) {
        const q = poly.map((v) => toCanvas(c, p.displaySet, [v[0], v[1]])).filter((v): v is Pt => v !== null);
        if (q.length < 3) continue;
        ctx.strokeStyle = REGION_COLOUR[name];
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 3]);
        ctx.beginPath();
        q.forEach((v, i) => (i === 0 ? ctx.moveTo(v[0], v[1]) : ctx.lineTo(v[0], v[1])));
        ctx.closePath();
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    const pts = points.current.map((q) => toCanvas(c, p.displaySet, q)).filter((q): q is Pt => q !== null);
    if (pts.length === 0) return;
    const erase = p.edit.tool === 'eraser';
    ctx.strokeStyle = erase ? 'rgba(255,90,90,0.9)' : 'rgba(0,210,255,0.9)';
    ctx.fillStyle = erase ? 'rgba(255,90,90,0.35)' : 'rgba(0,210,255,0.35)';
    if (p.edit.tool === 'region' && p.edit.region) ctx.strokeStyle = REGION_COLOUR[p.edit.region];
    if (p.edit.tool === 'polygon' || p.edit.tool === 'region') {
      ctx.beginPath();
      pts.forEach((q, i) => (i === 0 ? ctx.moveTo(q[0], q[1]) : ctx.lineTo(q[0], q[1])));
      ctx.stroke();
      for (const q of pts) ctx.fillRect(q[0] - 2, q[1] - 2, 4, 4);
      return;
    }
    // Brush radius on screen: image radius scaled by the current zoom.
    const a = toCanvas(c, p.displaySet, [0, 0]);
    const b = toCanvas(c, p.displaySet, [p.edit.radius, 0]);
    const r = a && b ? Math.hypot(b[0] - a[0], b[1] - a[1]) : p.edit.radius;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 2 * r;
    ctx.strokeStyle = ctx.fillStyle;
    ctx.beginPath();
    pts.forEach((q, i) => (i === 0 ? ctx.moveTo(q[0], q[1]) : ctx.lineTo(q[0], q[1])));
    if (pts.length === 1) ctx.lineTo((pts[0] as Pt)[0] + 0.01, (pts[0] as Pt)[1]);
    ctx.stroke();
  };

  const commit = async () => {
    const s = p.session;
    const c = p.controller;
    const pts = points.current;
    points.current = [];
    if (!s || !c || pts.length === 0) return paintPreview();
    const frame = p.displaySet.frames[c.frame]?.frame ?? c.frame;
    if (p.edit.tool === 'region') {
      if (p.edit.region && pts.length >= 3) p.onRegion?.(p.edit.region, frame, pts.map((q) => [Math.round(q[0] * 10) / 10, Math.round(q[1] * 10) / 10]));
      p.onDone?.();
      paintPreview();
      return;
    }
    try {
      const before = await s.current(frame);
      const next =
        p.edit.tool === 'polygon'
          ? fillPolygon(before, s.width, s.height, pts, 1)
          : paintStroke(before, s.width, s.height, pts, p.edit.radius, p.edit.tool === 'eraser' ? 0 : 1);
      await s.apply([{ frame, mask: next }], p.edit.tool === 'polygon' ? 'polygon' : p.edit.tool === 'eraser' ? 'eraser' : 'brush');
    } catch (e) {
      notify(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      paintPreview();
    }
  };

  // Region outlines follow the frame, zoom and pan.
  useEffect(() => {
    const c = p.controller;
    if (!c) return;
    const onRender = () => paintPreview();
    c.element.addEventListener(Enums.Events.IMAGE_RENDERED, onRender);
    paintPreview();
    return () => c.element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRender);
    // paintPreview reads the latest props through the closure it is re-created with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.controller, p.outlines]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (p.edit.tool !== 'polygon' && p.edit.tool !== 'region') return;
      if (e.key === 'Enter' && points.current.length >= 3) {
        e.preventDefault();
        void commit();
      } else if (e.key === 'Escape') {
        points.current = [];
        paintPreview();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const local = (e: React.PointerEvent | React.MouseEvent): Pt | null => {
    const c = p.controller;
    const el = canvas.current;
    if (!c || !el) return null;
    const rect = el.getBoundingClientRect();
    return toImage(c, p.displaySet, e.clientX - rect.left, e.clientY - rect.top);
  };

  return (
    <canvas
      ref={canvas}
      className={`mask-edit-surface${active ? ' active' : ''}`}
      data-testid="mask-edit-surface"
      data-tool={p.edit.tool}
      style={{ pointerEvents: active ? 'auto' : 'none', cursor: active ? 'crosshair' : 'default' }}
      onPointerDown={(e) => {
        if (!active || e.button !== 0) return;
        const q = local(e);
        if (!q) return;
        if (p.edit.tool === 'polygon' || p.edit.tool === 'region') {
          points.current.push(q);
        } else {
          (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
          drawing.current = true;
          points.current = [q];
        }
        paintPreview();
      }}
      onPointerMove={(e) => {
        if (!drawing.current) return;
        const q = local(e);
        if (q) points.current.push(q);
        paintPreview();
      }}
      onPointerUp={() => {
        if (!drawing.current) return;
        drawing.current = false;
        void commit();
      }}
      onDoubleClick={() => {
        if ((p.edit.tool === 'polygon' || p.edit.tool === 'region') && points.current.length >= 3) void commit();
      }}
    />
  );
}

/** The mask tools in the side panel: tool choice, size, copy / interpolate / accept AI, undo / redo. */
export function MaskEditTools(p: {
  edit: EditState;
  onEdit(next: EditState): void;
  session: MaskEditSession | null;
  review: VfssReview | null;
  frame: number;
  range: { start: number; end: number } | null;
  timestampsMs: readonly number[] | null;
}) {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const s = p.session;
  const edited = new Set(p.review?.editedFrames ?? []);
  const fail = (e: unknown) => notify(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const before = [...edited].filter((f) => f < p.frame).sort((a, b) => b - a)[0];
  const after = [...edited].filter((f) => f > p.frame).sort((a, b) => a - b)[0];
  const interpolateBetween = before !== undefined && after !== undefined ? ([before, after] as const) : null;

  const tool = (id: EditTool, label: string) => (
    <button
      type="button"
      className={p.edit.tool === id ? 'active' : ''}
      aria-pressed={p.edit.tool === id}
      onClick={() => p.onEdit({ ...p.edit, tool: p.edit.tool === id ? 'none' : id })}
      data-testid={`mask-tool-${id}`}
      disabled={!s}
    >
      {label}
    </button>
  );

  return (
    <div className="vfss-block mask-tools" data-testid="mask-tools">
      <div className="row">
        <strong>{t('vfss.mask.title')}</strong>
        {edited.has(p.frame) && <span className="badge reviewed" data-testid="frame-reviewed">{t('vfss.mask.reviewed')}</span>}
      </div>
      <div className="row">
        {tool('brush', t('vfss.mask.brush'))}
        {tool('eraser', t('vfss.mask.eraser'))}
        {tool('polygon', t('vfss.mask.polygon'))}
        <label className="check">
          {t('vfss.mask.size')}
          <input type="range" min={1} max={40} value={p.edit.radius} onChange={(e) => p.onEdit({ ...p.edit, radius: Number(e.target.value) })} aria-label={t('vfss.mask.size')} data-testid="brush-size" />
          <span className="mono">{p.edit.radius}</span>
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          disabled={!s || busy || p.frame === 0}
          onClick={() => void run(async () => { if (s) await s.apply([{ frame: p.frame, mask: await s.current(p.frame - 1) }], 'copyPrevious'); })}
          data-testid="mask-copy-previous"
        >
          {t('vfss.mask.copyPrevious')}
        </button>
        <button
          type="button"
          disabled={!s || busy || !interpolateBetween}
          title={interpolateBetween ? t('vfss.mask.interpolateRange', { a: interpolateBetween[0] + 1, b: interpolateBetween[1] + 1 }) : t('vfss.mask.interpolateNeeds')}
          onClick={() =>
            void run(async () => {
              if (!s || !interpolateBetween) return;
              const [a, b] = interpolateBetween;
              const filled = interpolateRange(a, await s.current(a), b, await s.current(b), s.width, s.height, p.timestampsMs);
              await s.apply([...filled].map(([frame, mask]) => ({ frame, mask })), 'interpolate');
            })
          }
          data-testid="mask-interpolate"
        >
          {t('vfss.mask.interpolate')}
        </button>
        <button
          type="button"
          disabled={!s || busy || !p.range || !p.review?.modelKey}
          title={p.range ? t('vfss.mask.acceptRange', { a: p.range.start + 1, b: p.range.end + 1 }) : ''}
          onClick={() =>
            void run(async () => {
              if (!p.range || !s) return;
              await api.call['vfss.acceptAi']({ instanceId: s.instanceId, startFrame: p.range.start, endFrame: p.range.end });
            })
          }
          data-testid="mask-accept-ai"
        >
          {t('vfss.mask.acceptAi')}
        </button>
      </div>
      <div className="row">
        <button type="button" disabled={!s?.canUndo || busy} onClick={() => void run(async () => s?.undo())} data-testid="mask-undo">
          ↶ {t('vfss.mask.undo')}
        </button>
        <button type="button" disabled={!s?.canRedo || busy} onClick={() => void run(async () => s?.redo())} data-testid="mask-redo">
          ↷ {t('vfss.mask.redo')}
        </button>
        <button
          type="button"
          disabled={!s || busy || !edited.has(p.frame)}
          onClick={() => void run(async () => void (s && (await api.call['vfss.saveMasks']({ instanceId: s.instanceId, action: 'revert', edits: [{ frame: p.frame, rle: null }] }))))}
          data-testid="mask-revert"
        >
          {t('vfss.mask.revert')}
        </button>
      </div>
    </div>
  );
}
