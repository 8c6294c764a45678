/**
 * The bolus timeline under the VFSS viewer (CLINICAL.md §1): two uPlot panels on one time axis —
 * (a) bolus area and model confidence, (b) bolus head and tail rows against the anatomical bands —
 * with event marks, AI proposals, bolus segments, PAS evidence frames, edited frames and the current
 * frame. Clicking or dragging on either panel seeks.
 *
 * The plots are created once and fed new data with setData; everything drawn over the series
 * (bands, marks, segments) is read from a ref in uPlot's drawClear/draw hooks, so a data change is
 * one redraw and a frame change moves two DOM lines without redrawing at all.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BandName, Bolus, EventProposal, TrackPoint, VfssAnatomy, VfssEventName } from '../../../common/vfss/schema';
import { buildTimeline, frameAtX, type TimelineMark, type TimelineModel } from './timelineData';

export interface TimelineProps {
  track: TrackPoint[];
  timestampsMs: number[] | null;
  originFrame: number;
  currentFrame: number;
  boluses: Bolus[];
  proposals: EventProposal[];
  anatomy: VfssAnatomy | null;
  /** Short event names for the marks (e.g. "BPM", "UESO"). */
  eventShort: Record<VfssEventName, string>;
  /** Show the area divided by (C2–C4)² (when the length is known). */
  normalised: boolean;
  onSeek: (frame: number) => void;
  /** Total height in CSS px (default 280); the width follows the container. */
  height?: number;
}

const DEFAULT_HEIGHT = 280;
const HEADER_PX = 20;
/** Both panels reserve the same axis widths so that their plot areas line up. */
const AXIS_LEFT_PX = 52;
const AXIS_RIGHT_PX = 40;
const FONT = '11px system-ui, sans-serif';
/** Event labels sit in lanes this tall; the first lanes are a strip above the top panel's plot. */
const LABEL_H = 13;
const STRIP_LANES = 2;

/** The app's dark theme (renderer/styles.css) and the timeline's own series colours. */
const C = {
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

interface Labels {
  title: string;
  area: string;
  areaNorm: string;
  confidence: string;
  head: string;
  tail: string;
  marked: string;
  proposal: string;
  edited: string;
  axisMs: (origin: number) => string;
  axisFrames: (origin: number) => string;
  bolus: (ordinal: number) => string;
  frame: (frame: number) => string;
  bands: Record<BandName, string>;
}

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * UI strings: the app's messages where they exist (vfss.timeline, vfss.normalised, vfss.bolusN),
 * otherwise keys under vfssTimeline.* with English defaults until the message files have them.
 */
function labelsFor(t: Translate): Labels {
  // Values are filled in here as well, so the defaults read right even before i18next is set up.
  const msg = (key: string, defaultValue: string, values: Record<string, string | number> = {}): string =>
    t(key, { defaultValue, ...values }).replace(/\{\{(\w+)\}\}/g, (all, name: string) => String(values[name] ?? all));
  const s = (key: string, defaultValue: string, values: Record<string, string | number> = {}): string =>
    msg(`vfssTimeline.${key}`, defaultValue, values);
  return {
    title: msg('vfss.timeline', 'Bolus timeline'),
    area: s('area', 'Area (px)'),
    areaNorm: msg('vfss.normalised', 'Area / (C2–C4)²'),
    confidence: s('confidence', 'Confidence'),
    head: s('head', 'Head row'),
    tail: s('tail', 'Tail row'),
    marked: s('marked', 'Event'),
    proposal: s('proposal', 'AI proposal'),
    edited: s('edited', 'Edited'),
    axisMs: (origin) => s('axisMs', 'Time from frame {{frame}} (ms)', { frame: origin + 1 }),
    axisFrames: (origin) => s('axisFrames', 'Frames from frame {{frame}} (no frame timing)', { frame: origin + 1 }),
    bolus: (ordinal) => msg('vfss.bolusN', 'Bolus {{n}}', { n: ordinal }),
    frame: (frame) => s('frame', 'Frame {{frame}}', { frame: frame + 1 }),
    bands: {
      oralCavity: s('bands.oralCavity', 'Oral cavity'),
      ramus: s('bands.ramus', 'Ramus'),
      vallecula: s('bands.vallecula', 'Vallecula'),
      pyriformSinus: s('bands.pyriformSinus', 'Pyriform sinus'),
      ues: s('bands.ues', 'UES'),
      esophagus: s('bands.esophagus', 'Esophagus'),
    },
  };
}

interface Live {
  model: TimelineModel;
  labels: Labels;
  currentFrame: number;
  onSeek: (frame: number) => void;
  /** The hover tooltip, written outside React (it changes on every mouse move). */
  tip: HTMLDivElement | null;
  /** The panel under the mouse, if any. */
  hover: uPlot | null;
}

export function Timeline(p: TimelineProps) {
  const { t } = useTranslation();
  const labels = useMemo(() => labelsFor(t), [t]);
  const model = useMemo(
    () =>
      buildTimeline({
        track: p.track,
        timestampsMs: p.timestampsMs,
        originFrame: p.originFrame,
        boluses: p.boluses,
        proposals: p.proposals,
        anatomy: p.anatomy,
        eventShort: p.eventShort,
        normalised: p.normalised,
      }),
    [p.track, p.timestampsMs, p.originFrame, p.boluses, p.proposals, p.anatomy, p.eventShort, p.normalised],
  );
  const height = p.height ?? DEFAULT_HEIGHT;
  const syncKey = `vfss-timeline-${useId()}`;

  const rootRef = useRef<HTMLDivElement>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const rowRef = useRef<HTMLDivElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const live = useRef<Live>({ model, labels, currentFrame: p.currentFrame, onSeek: p.onSeek, tip: null, hover: null });
  const plots = useRef<{ area: uPlot; row: uPlot } | null>(null);

  // Create the two plots once; data, labels and the current frame reach them through `live`.
  useEffect(() => {
    const root = rootRef.current;
    const areaEl = areaRef.current;
    const rowEl = rowRef.current;
    if (!root || !areaEl || !rowEl) return;
    const { model: m } = live.current;
    live.current.tip = tipRef.current;
    const width = Math.max(1, Math.floor(root.clientWidth));
    const [hArea, hRow] = panelHeights(root.clientHeight);
    const area = new uPlot(areaOptions(live, syncKey, width, hArea), m.areaData, areaEl);
    const row = new uPlot(rowOptions(live, syncKey, width, hRow), m.rowData, rowEl);
    plots.current = { area, row };
    const stopPointer = [area, row].map((u) => attachPointer(u, live));
    const observer = new ResizeObserver(() => {
      const w = Math.max(1, Math.floor(root.clientWidth));
      const [a, r] = panelHeights(root.clientHeight);
      if (w !== area.width || a !== area.height) area.setSize({ width: w, height: a });
      if (w !== row.width || r !== row.height) row.setSize({ width: w, height: r });
    });
    observer.observe(root);
    return () => {
      observer.disconnect();
      for (const stop of stopPointer) stop();
      area.destroy();
      row.destroy();
      plots.current = null;
      live.current.tip = null;
      live.current.hover = null;
    };
  }, [syncKey]);

  useEffect(() => {
    live.current.onSeek = p.onSeek;
  }, [p.onSeek]);

  useEffect(() => {
    const changed = live.current.model !== model || live.current.labels !== labels;
    live.current.model = model;
    live.current.labels = labels;
    const pl = plots.current;
    if (!pl || !changed) return;
    pl.area.setData(model.areaData);
    pl.row.setData(model.rowData);
  }, [model, labels]);

  useEffect(() => {
    live.current.currentFrame = p.currentFrame;
    const pl = plots.current;
    if (!pl) return;
    placeCurrent(pl.area, live.current);
    placeCurrent(pl.row, live.current);
  }, [p.currentFrame]);

  const areaLabel = model.areaUnit === 'c2c4' ? labels.areaNorm : labels.area;
  const allMarks = [...model.marks, ...model.proposals];
  return (
    <div
      ref={rootRef}
      className="vfss-timeline"
      role="group"
      aria-label={labels.title}
      data-testid="vfss-timeline"
      data-current-frame={p.currentFrame}
      data-frames={model.frameCount}
      data-time-base={model.timeBase}
      style={{ position: 'relative', height, display: 'flex', flexDirection: 'column', minWidth: 0, overflow: 'hidden', background: 'var(--panel)', borderTop: '1px solid var(--line)', userSelect: 'none' }}
    >
      <div className="vfss-timeline-key" style={{ height: HEADER_PX, display: 'flex', gap: 12, alignItems: 'center', padding: `0 8px 0 ${AXIS_LEFT_PX}px`, fontSize: 11, color: 'var(--muted)', whiteSpace: 'nowrap', overflow: 'hidden' }}>
        <Key color={C.area} label={areaLabel} />
        <Key color={C.confidence} label={labels.confidence} />
        <Key color={C.head} label={labels.head} />
        <Key color={C.tail} label={labels.tail} />
        <Key color={C.user} label={labels.marked} />
        <Key color={C.ai} label={labels.proposal} dashed />
        <Key color={C.edited} label={labels.edited} />
      </div>
      <div ref={areaRef} className="vfss-timeline-area" />
      <div ref={rowRef} className="vfss-timeline-rows" />
      <div
        ref={tipRef}
        className="vfss-timeline-tip"
        data-testid="vfss-timeline-tip"
        aria-hidden="true"
        style={{ position: 'absolute', display: 'none', left: 0, top: 0, zIndex: 2, pointerEvents: 'none', whiteSpace: 'pre', fontSize: 11, lineHeight: 1.35, padding: '3px 6px', borderRadius: 4, border: '1px solid var(--line)', background: 'rgba(15, 18, 22, 0.92)', color: 'var(--text)', fontVariantNumeric: 'tabular-nums' }}
      />
      <ul className="sr-only">
        {allMarks.map((mk) => (
          <li key={`${mk.kind}-${mk.event}-${mk.frame}-${mk.bolus ?? ''}`}>
            {mk.label}: {labels.frame(mk.frame)}
            {mk.kind === 'proposal' ? ` (${labels.proposal})` : ''}
          </li>
        ))}
        {model.pas.map((s) => (
          <li key={`pas-${s.ordinal}`}>
            {labels.bolus(s.ordinal)}: PAS {s.pas}, {labels.frame(s.frame)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Key({ color, label, dashed = false }: { color: string; label: string; dashed?: boolean }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <span style={{ width: 14, height: 0, borderTop: `2px ${dashed ? 'dashed' : 'solid'} ${color}` }} />
      {label}
    </span>
  );
}

function panelHeights(total: number): [number, number] {
  const h = Math.max(80, total - HEADER_PX);
  const area = Math.round(h * 0.45);
  return [area, h - area];
}

type LiveRef = { current: Live };

const FRAME_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
const MS_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 30_000, 60_000, 120_000];

function xAxis(live: LiveRef, withValues: boolean): uPlot.Axis {
  return {
    scale: 'x',
    stroke: C.muted,
    font: FONT,
    labelFont: FONT,
    grid: { stroke: C.grid, width: 1 },
    ticks: { stroke: C.grid, width: 1, size: withValues ? 4 : 0 },
    size: withValues ? 20 : 2,
    gap: 2,
    // Whole frames when there are no timestamps; uPlot's default steps for milliseconds.
    incrs: () => (live.current.model.timeBase === 'frame' ? FRAME_STEPS : MS_STEPS),
    values: withValues ? (_u, splits) => splits.map((v) => String(Math.round(v))) : (_u, splits) => splits.map(() => ''),
    ...(withValues
      ? { label: () => xLabel(live.current), labelSize: 14, labelGap: 0 }
      : {}),
  };
}

function xLabel({ model, labels }: Live): string {
  return model.timeBase === 'ms' ? labels.axisMs(model.originFrame) : labels.axisFrames(model.originFrame);
}

function yAxis(scale: string, side: 1 | 3, size: number, values?: uPlot.Axis.Values, grid = true): uPlot.Axis {
  return {
    scale,
    side,
    size,
    stroke: C.muted,
    font: FONT,
    grid: { show: grid, stroke: C.grid, width: 1 },
    ticks: { stroke: C.grid, width: 1, size: 3 },
    gap: 3,
    ...(values ? { values } : {}),
  };
}

function baseOptions(syncKey: string, width: number, height: number, top: number): Pick<uPlot.Options, 'width' | 'height' | 'legend' | 'cursor' | 'padding'> {
  return {
    width,
    height,
    legend: { show: false },
    padding: [top, 0, 0, 0],
    cursor: {
      y: false,
      sync: { key: syncKey },
      drag: { x: false, y: false, setScale: false },
      points: { size: 5, width: 1 },
      // A double click would reset the zoom; there is no zoom.
      bind: { dblclick: () => null },
    },
  };
}

function areaOptions(live: LiveRef, syncKey: string, width: number, height: number): uPlot.Options {
  return {
    ...baseOptions(syncKey, width, height, STRIP_LANES * LABEL_H),
    scales: {
      x: { time: false },
      area: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      conf: { range: [0, 1] },
    },
    series: [
      {},
      { label: 'area', scale: 'area', stroke: C.area, fill: C.areaFill, width: 1.5, points: { show: false } },
      { label: 'confidence', scale: 'conf', stroke: C.confidence, width: 1, points: { show: false } },
    ],
    axes: [
      xAxis(live, false),
      yAxis('area', 3, AXIS_LEFT_PX, (_u, splits) => splits.map((v) => compact(v))),
      yAxis('conf', 1, AXIS_RIGHT_PX, (_u, splits) => splits.map((v) => v.toFixed(1)), false),
    ],
    hooks: {
      drawClear: [(u) => drawSegments(u, live.current, true)],
      draw: [(u) => drawMarks(u, live.current, true), (u) => placeCurrent(u, live.current)],
      setCursor: [(u) => showTip(u, live.current)],
    },
  };
}

function rowOptions(live: LiveRef, syncKey: string, width: number, height: number): uPlot.Options {
  return {
    ...baseOptions(syncKey, width, height, 6),
    scales: {
      x: { time: false },
      // Image rows grow downwards: the bolus moving down the pharynx goes down here too.
      row: {
        dir: -1,
        range: (_u, min, max) => {
          const r = live.current.model.rowRange;
          const lo = r ? r[0] : min;
          const hi = r ? r[1] : max;
          const pad = Math.max(2, (hi - lo) * 0.03);
          return Number.isFinite(lo) && Number.isFinite(hi) ? [lo - pad, hi + pad] : [0, 1];
        },
      },
    },
    series: [
      {},
      { label: 'head', scale: 'row', stroke: C.head, width: 1.5, points: { show: false } },
      { label: 'tail', scale: 'row', stroke: C.tail, width: 1.5, points: { show: false } },
    ],
    axes: [
      xAxis(live, true),
      yAxis('row', 3, AXIS_LEFT_PX, (_u, splits) => splits.map((v) => String(Math.round(v)))),
      // An empty right axis keeps the plot area aligned with the panel above.
      yAxis('row', 1, AXIS_RIGHT_PX, (_u, splits) => splits.map(() => ''), false),
    ],
    hooks: {
      drawClear: [(u) => drawBands(u, live.current), (u) => drawSegments(u, live.current, false)],
      draw: [(u) => drawMarks(u, live.current, false), (u) => drawEdited(u, live.current), (u) => placeCurrent(u, live.current)],
      setCursor: [(u) => showTip(u, live.current)],
    },
  };
}

function compact(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10_000) return `${Math.round(v / 1000)}k`;
  if (a >= 1000) return `${(v / 1000).toFixed(1)}k`;
  if (a >= 1) return String(Math.round(v * 10) / 10);
  return v.toPrecision(2);
}

/** Canvas x of a timeline x, in device pixels. */
function cx(u: uPlot, x: number): number {
  return Math.round(u.valToPos(x, 'x', true));
}

function drawBands(u: uPlot, live: Live): void {
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

function drawSegments(u: uPlot, live: Live, withLabels: boolean): void {
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
function drawMarks(u: uPlot, live: Live, withLabels: boolean): void {
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
function drawEdited(u: uPlot, live: Live): void {
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
function placeCurrent(u: uPlot, live: Live): void {
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

/** The values at the hovered frame, in a tooltip beside the cursor of the panel under the mouse. */
function showTip(u: uPlot, live: Live): void {
  const tip = live.tip;
  if (!tip || live.hover !== u) return;
  const frame = u.cursor.idx;
  const left = u.cursor.left ?? -1;
  const m = live.model;
  const x = frame === null || frame === undefined ? undefined : m.x[frame];
  if (frame === null || frame === undefined || x === undefined || left < 0) {
    tip.style.display = 'none';
    return;
  }
  const L = live.labels;
  const lines = [`${L.frame(frame)} · ${m.timeBase === 'ms' ? `${Math.round(x)} ms` : `${x >= 0 ? '+' : ''}${x}`}`];
  const area = m.area[frame];
  if (area !== null && area !== undefined) lines.push(`${m.areaUnit === 'c2c4' ? L.areaNorm : L.area}: ${m.areaUnit === 'c2c4' ? area.toFixed(3) : Math.round(area)}`);
  const point = m.points[frame];
  const row = (label: string, value: number | null | undefined, band: BandName | null | undefined) => {
    if (value !== null && value !== undefined) lines.push(`${label}: ${Math.round(value)}${band ? ` (${L.bands[band]})` : ''}`);
  };
  row(L.head, m.headRow[frame], point?.headBand);
  row(L.tail, m.tailRow[frame], point?.tailBand);
  const conf = m.confidence[frame];
  if (conf !== null && conf !== undefined) lines.push(`${L.confidence}: ${conf.toFixed(2)}`);
  const here = [...m.marks, ...m.proposals].filter((mk) => mk.frame === frame).map((mk) => (mk.kind === 'proposal' ? `${mk.label}?` : mk.label));
  const pas = m.pas.filter((s) => s.frame === frame).map((s) => `PAS ${s.pas}`);
  if (here.length + pas.length > 0) lines.push([...here, ...pas].join(', '));
  if (point?.edited) lines.push(L.edited);
  tip.textContent = lines.join('\n');
  tip.style.display = 'block';
  const root = tip.parentElement;
  if (!root) return;
  const over = u.over.getBoundingClientRect();
  const box = root.getBoundingClientRect();
  const at = over.left - box.left + left;
  const w = tip.offsetWidth;
  const tipLeft = at + 12 + w <= box.width ? at + 12 : Math.max(0, at - 12 - w);
  tip.style.transform = `translate(${Math.round(tipLeft)}px, ${Math.round(over.top - box.top + 2)}px)`;
}

/**
 * Hover shows the tooltip; click or drag on a panel seeks to the nearest frame. Mouse moves are coalesced to one seek per
 * animation frame, and a seek is sent only when the frame changes.
 */
function attachPointer(u: uPlot, live: LiveRef): () => void {
  let raf = 0;
  let clientX = 0;
  let last = -1;
  const flush = () => {
    raf = 0;
    const rect = u.over.getBoundingClientRect();
    const left = Math.min(Math.max(clientX - rect.left, 0), rect.width);
    const m = live.current.model;
    if (m.frameCount === 0) return;
    // m.x holds each frame's time from the origin, so it serves as the timestamps with the origin at 0 ms.
    const frame = frameAtX(u.posToVal(left, 'x'), m.timeBase === 'ms' ? m.x : null, m.originFrame, m.frameCount);
    if (frame === last) return;
    last = frame;
    live.current.onSeek(frame);
  };
  const queue = (e: MouseEvent) => {
    clientX = e.clientX;
    if (raf === 0) raf = requestAnimationFrame(flush);
  };
  const onMove = (e: MouseEvent) => queue(e);
  const onUp = (e: MouseEvent) => {
    queue(e);
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
  };
  const onDown = (e: MouseEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    last = -1;
    queue(e);
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };
  const onEnter = () => {
    live.current.hover = u;
  };
  const onLeave = () => {
    if (live.current.hover === u) live.current.hover = null;
    if (live.current.tip) live.current.tip.style.display = 'none';
  };
  u.over.addEventListener('mousedown', onDown);
  u.over.addEventListener('mouseenter', onEnter);
  u.over.addEventListener('mouseleave', onLeave);
  u.over.style.cursor = 'pointer';
  return () => {
    u.over.removeEventListener('mousedown', onDown);
    u.over.removeEventListener('mouseenter', onEnter);
    u.over.removeEventListener('mouseleave', onLeave);
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    if (raf !== 0) cancelAnimationFrame(raf);
  };
}
