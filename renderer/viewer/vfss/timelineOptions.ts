/**
 * The uPlot options of the VFSS timeline's two panels on one time axis: (a) bolus area and model
 * confidence, (b) bolus head and tail rows against the anatomical bands. Both hook into the drawing
 * (timelineDraw) and the hover tooltip (timelineSeek), which read everything from `live`.
 */
import type uPlot from 'uplot';
import { AXIS_LEFT_PX, AXIS_RIGHT_PX, C, drawBands, drawEdited, drawMarks, drawSegments, FONT, LABEL_H, placeCurrent, STRIP_LANES, type Live, type LiveRef } from './timelineDraw';
import { showTip } from './timelineSeek';

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

export function areaOptions(live: LiveRef, syncKey: string, width: number, height: number): uPlot.Options {
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

export function rowOptions(live: LiveRef, syncKey: string, width: number, height: number): uPlot.Options {
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
