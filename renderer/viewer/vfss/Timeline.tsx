/**
 * The bolus timeline under the VFSS viewer (CLINICAL.md §1): two uPlot panels on one time axis —
 * (a) bolus area and model confidence, (b) bolus head and tail rows against the anatomical bands —
 * with event marks, AI proposals, bolus segments, PAS evidence frames, edited frames and the current
 * frame. Clicking or dragging on either panel seeks.
 *
 * The plots are created once and fed new data with setData; everything drawn over the series
 * (bands, marks, segments) is read from a ref in uPlot's drawClear/draw hooks, so a data change is
 * one redraw and a frame change moves two DOM lines without redrawing at all.
 *
 * This file is the React component; the uPlot options are in timelineOptions, the canvas drawing in
 * timelineDraw, the hover tooltip and seeking in timelineSeek, the UI strings in timelineLabels.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Bolus, EventProposal, TrackPoint, VfssAnatomy, VfssEventName } from '../../../common/vfss/schema';
import { buildTimeline } from './timelineData';
import { AXIS_LEFT_PX, C, placeCurrent, type Live } from './timelineDraw';
import { labelsFor } from './timelineLabels';
import { areaOptions, rowOptions } from './timelineOptions';
import { attachPointer } from './timelineSeek';

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
