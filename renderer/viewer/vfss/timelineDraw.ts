/**
 * What the VFSS timeline draws on its uPlot canvases (drawClear/draw hooks: anatomical bands, bolus
 * segments, event marks and AI proposals with their labels, PAS evidence frames, edited-frame ticks)
 * and the current-frame line over them, with the theme and layout both panels share.
 *
 * Every hook reads the model and labels from `Live`, the component's ref, so a data change is one
 * redraw and a frame change only moves the current-frame line.
 */
import uPlot from 'uplot';
import type { TimelineMark, TimelineModel } from './timelineData';
import type { Labels } from './timelineLabels';

/** Both panels reserve the same axis widths so that their plot areas line up. */
export const AXIS_LEFT_PX = 52;
export const AXIS_RIGHT_PX = 40;
export const FONT = '11px system-ui, sans-serif';
/** Event labels sit in lanes this tall; the first lanes are a strip above the top panel's plot. */
export const LABEL_H = 13;
export const STRIP_LANES = 2;

/** The app's dark theme (renderer/styles.css) and the timeline's own series colours. */
export const C = {
  text: '#e6e9ee',
  muted: '#8d96a3',
  grid: 'rgba(141, 150, 163, 0.14)',
  labelBg: 'rgba(15, 18, 22, 0.85)',
  area: '#4aa3ff',
  areaFill: 'rgba(74, 163, 255, 0.18)',
  confidence: '#3fb950',
  head: '#f0883e',
  tail: '#39c5cf',
  user: '#e6e9ee',
  ai: '#c8b9ff',
  pas: '#ff7b72',
  edited: '#f0c36b',
  current: '#ff5c5c',
  segment: 'rgba(74, 163, 255, 0.09)',
  segmentEdge: 'rgba(74, 163, 255, 0.35)',
  bandA: 'rgba(255, 255, 255, 0.035)',
  bandB: 'rgba(255, 255, 255, 0.075)',
};

export interface Live {
  model: TimelineModel;
  labels: Labels;
  currentFrame: number;
  onSeek: (frame: number) => void;
  /** The hover tooltip, written outside React (it changes on every mouse move). */
  tip: HTMLDivElement | null;
  /** The panel under the mouse, if any. */
  hover: uPlot | null;
}

export type LiveRef = { current: Live };

/** Canvas x of a timeline x, in device pixels. */
export function cx(u: uPlot, x: number): number {
  return Math.round(u.valToPos(x, 'x', true));
}

export function drawBands(u: uPlot, live: Live): void {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.font = `${Math.round(10 * px)}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const textH = 11 * px;
  // A label too close to the one above (a thin band such as the ramus) moves right of it instead.
  let prev: { y: number; right: number } | null = null;
  live.model.bands.forEach((band, i) => {
    const y0 = u.valToPos(band.y0, 'row', true);
    const y1 = u.valToPos(band.y1, 'row', true);
    const top = Math.min(y0, y1);
    const h = Math.abs(y1 - y0);
    ctx.fillStyle = i % 2 === 0 ? C.bandA : C.bandB;
    ctx.fillRect(bbox.left, top, bbox.width, h);
    const text = live.labels.bands[band.name];
    const y = top + h / 2;
    const x = prev && y - prev.y < textH ? prev.right + 8 * px : bbox.left + 4 * px;
    ctx.fillStyle = C.muted;
    ctx.fillText(text, x, y);
    prev = { y, right: x + ctx.measureText(text).width };
  });
  ctx.restore();
}

export function drawSegments(u: uPlot, live: Live, withLabels: boolean): void {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.font = `${Math.round(10 * px)}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const seg of live.model.segments) {
    const x0 = cx(u, seg.x0);
    const x1 = Math.max(cx(u, seg.x1), x0 + px);
    ctx.fillStyle = C.segment;
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
    ctx.fillStyle = C.segmentEdge;
    ctx.fillRect(x0, bbox.top, px, bbox.height);
    ctx.fillRect(x1 - px, bbox.top, px, bbox.height);
    if (withLabels) {
      ctx.fillStyle = C.muted;
      ctx.fillText(live.labels.bolus(seg.ordinal), x0 + 3 * px, bbox.top + bbox.height - 2 * px);
    }
  }
  ctx.restore();
}

/** Event lines (solid: marked; dashed: AI proposal) and, in the top panel, their labels in lanes. */
export function drawMarks(u: uPlot, live: Live, withLabels: boolean): void {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  const colorOf = (mk: TimelineMark): string => (mk.kind === 'user' ? C.user : C.ai);
  const stripTop = withLabels ? bbox.top - STRIP_LANES * LABEL_H * px : bbox.top;
  const bottom = bbox.top + bbox.height;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, stripTop, bbox.width, bottom - stripTop);
  ctx.clip();
  ctx.lineWidth = px;
  for (const mk of [...live.model.proposals, ...live.model.marks]) {
    const x = cx(u, mk.x) + 0.5;
    ctx.strokeStyle = colorOf(mk);
    ctx.globalAlpha = mk.kind === 'proposal' ? 0.8 : 0.9;
    ctx.setLineDash(mk.kind === 'proposal' ? [4 * px, 3 * px] : []);
    ctx.beginPath();
    ctx.moveTo(x, stripTop);
    ctx.lineTo(x, bottom);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  if (withLabels) {
    const items = [
      ...live.model.marks.map((mk) => ({ x: mk.x, text: mk.label, color: colorOf(mk), italic: false })),
      ...live.model.proposals.map((mk) => ({ x: mk.x, text: `${mk.label}?`, color: C.ai, italic: true })),
      ...live.model.pas.map((s) => ({ x: s.x, text: `PAS ${s.pas}`, color: C.pas, italic: false })),
    ].sort((a, b) => a.x - b.x);
    const laneEnds: number[] = [];
    // Two more lanes may cover the top of the plot; a label with no room left is not drawn (the
    // tooltip and the screen-reader list still name it).
    const lanes = STRIP_LANES + Math.min(2, Math.max(0, Math.floor(bbox.height / (LABEL_H * px)) - 3));
    ctx.textBaseline = 'top';
    for (const it of items) {
      ctx.font = `${it.italic ? 'italic ' : ''}${Math.round(10 * px)}px system-ui, sans-serif`;
      const w = ctx.measureText(it.text).width + 6 * px;
      const x = Math.min(cx(u, it.x) + 2 * px, bbox.left + bbox.width - w);
      let lane = laneEnds.findIndex((end) => end <= x);
      if (lane === -1 && laneEnds.length < lanes) lane = laneEnds.length;
      if (lane === -1) continue;
      laneEnds[lane] = x + w + 2 * px;
      const y = stripTop + lane * LABEL_H * px;
      ctx.fillStyle = C.labelBg;
      ctx.fillRect(x, y, w, (LABEL_H - 1) * px);
      ctx.fillStyle = it.color;
      ctx.fillText(it.text, x + 3 * px, y + 1 * px);
    }
  }
  ctx.restore();
}

/** Frames a person edited: short ticks along the bottom of the panel. */
export function drawEdited(u: uPlot, live: Live): void {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  const h = 5 * px;
  ctx.save();
  ctx.fillStyle = C.edited;
  const w = Math.max(px, Math.round(2 * px));
  for (const x of live.model.editedX) ctx.fillRect(cx(u, x) - Math.floor(w / 2), bbox.top + bbox.height - h, w, h);
  ctx.restore();
}

const CURRENT_CLASS = 'vfss-timeline-current';

/** The current-frame line: a DOM element over the plot, so a frame change needs no canvas redraw. */
export function placeCurrent(u: uPlot, live: Live): void {
  let line = u.over.querySelector<HTMLDivElement>(`.${CURRENT_CLASS}`);
  if (!line) {
    line = document.createElement('div');
    line.className = CURRENT_CLASS;
    Object.assign(line.style, { position: 'absolute', top: '0', bottom: '0', left: '0', width: '2px', marginLeft: '-1px', background: C.current, pointerEvents: 'none' });
    u.over.appendChild(line);
  }
  const m = live.model;
  const x = m.x[live.currentFrame];
  if (x === undefined) {
    line.style.display = 'none';
    return;
  }
  line.style.display = '';
  line.style.transform = `translateX(${u.valToPos(x, 'x')}px)`;
}
