/**
 * The vector timeline chart of the VFSS report: bolus segments, bolus area, head/tail rows, event
 * and PAS markers in non-overlapping label lanes, edited frames and a time axis.
 */
import { VFSS_EVENTS, type Bolus, type TrackPoint } from '../../../../common/vfss/schema';
import { findOriginEvent, formatNumber, maxOf, shortLabel, type Clock, type VfssReportModel } from './model';
import { C, F, pdfText, write, type Doc } from './pdfKit';

/** One colour per event, in VFSS_EVENTS order. */
const EVENT_COLORS = ['#6a3d9a', '#1f78b4', '#33a02c', '#e31a1c', '#ff7f00', '#b15928', '#a6761d', '#666666'];

export interface ChartSpec {
  /** Frame range shown (inclusive). */
  from: number;
  to: number;
  areaH: number;
  posH: number;
  /** Boluses whose events and PAS frame are marked. */
  marked: Bolus[];
  legend: boolean;
}

interface Marker { frame: number; label: string; color: string; dotted: boolean; lane: number; left: number; width: number }

/** Bolus area, head/tail rows, event markers, edited frames and a time axis; returns its height. */
export function drawTimeline(doc: Doc, m: VfssReportModel, clock: Clock, spec: ChartSpec, x: number, y: number, w: number): number {
  const gutter = 48;
  const px0 = x + gutter;
  const px1 = x + w - 6;
  const useTime = clock(spec.from) !== null && clock(spec.to) !== null;
  const value = (f: number): number => (useTime ? clock(f) ?? f : f);
  const d0 = value(spec.from);
  const d1 = Math.max(value(spec.to), d0 + 1);
  const xOf = (f: number): number => px0 + ((value(f) - d0) / (d1 - d0)) * (px1 - px0);
  const track = m.track.filter((p) => p.frame >= spec.from && p.frame <= spec.to).sort((a, b) => a.frame - b.frame);

  // Short labels over the plot, in as many lanes as they need (at most 6) so they do not overlap;
  // a label with no room left keeps its line only.
  const markers: Marker[] = [];
  const addMarker = (frame: number, label: string, color: string, dotted: boolean): void => {
    if (frame < spec.from || frame > spec.to || markers.some((k) => k.frame === frame && k.label === label)) return;
    doc.font(F.bold).fontSize(6.5);
    const width = doc.widthOfString(pdfText(label));
    const left = Math.min(Math.max(xOf(frame) - width / 2, px0), px1 - width);
    markers.push({ frame, label, color, dotted, lane: 0, left, width });
  };
  for (const b of spec.marked) {
    VFSS_EVENTS.forEach((name, i) => {
      const mark = b.events[name];
      if (mark) addMarker(mark.frame, shortLabel(m, name), EVENT_COLORS[i] ?? C.ink, false);
    });
    if (b.pas !== null && b.pasFrame !== null) addMarker(b.pasFrame, `PAS ${b.pas}`, C.warn, true);
  }
  markers.sort((a, b) => a.left - b.left);
  const laneEnd: number[] = [];
  for (const mk of markers) {
    let lane = laneEnd.findIndex((end) => end + 3 <= mk.left);
    if (lane < 0 && laneEnd.length < 6) lane = laneEnd.push(-Infinity) - 1;
    if (lane >= 0) laneEnd[lane] = mk.left + mk.width;
    mk.lane = lane;
  }
  const laneH = 8.5;
  const lanes = Math.max(1, laneEnd.length);
  const areaTop = y + lanes * laneH + 4;
  const posTop = areaTop + spec.areaH + 10;
  const plotBottom = posTop + spec.posH;
  const editY = plotBottom + 4;
  const axisY = editY + 11;

  // Bolus segments behind everything.
  m.boluses.forEach(({ bolus: b }, i) => {
    const s = Math.max(b.startFrame, spec.from);
    const e = Math.min(b.endFrame, spec.to);
    if (s > e) return;
    doc.rect(xOf(s), areaTop, Math.max(1, xOf(e) - xOf(s)), plotBottom - areaTop).fill(C.segment[i % 2] ?? C.zebra);
    write(doc, `B${b.ordinal}`, xOf(s) + 2, areaTop + 2, { size: 7, font: F.bold, color: C.accent, lineBreak: false });
  });

  // Bolus area.
  const areaTicks = niceTicks(0, Math.max(1, maxOf(track.map((p) => p.areaPx))), 3);
  const areaMax = areaTicks[areaTicks.length - 1] ?? 1;
  const yArea = (v: number): number => areaTop + spec.areaH - (v / areaMax) * spec.areaH;
  panelFrame(doc, x, px0, areaTop, px1, spec.areaH, 'Area (px)', areaTicks.map((t) => [yArea(t), formatNumber(t, 0)]));
  for (const run of runs(track, (p) => p.analyzed)) {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) continue;
    doc.moveTo(xOf(first.frame), yArea(0));
    for (const p of run) doc.lineTo(xOf(p.frame), yArea(p.areaPx));
    doc.lineTo(xOf(last.frame), yArea(0)).closePath().fillOpacity(0.35).fill(C.area).fillOpacity(1);
    polyline(doc, run.map((p) => [xOf(p.frame), yArea(p.areaPx)]));
    doc.lineWidth(0.8).stroke(C.area);
  }

  // Head and tail rows, inverted (row 0 at the top) so that downward motion goes down.
  const rows = track.flatMap((p) => [p.head?.[1], p.tail?.[1]]).filter((v): v is number => v !== undefined);
  const lo = rows.length ? -maxOf(rows.map((r) => -r)) : 0;
  const hi = rows.length ? maxOf(rows) : m.instance.rows;
  const rowTicks = niceTicks(Math.max(0, lo - 10), Math.min(m.instance.rows, hi + 10), 4);
  const r0 = rowTicks[0] ?? 0;
  const r1 = Math.max(rowTicks[rowTicks.length - 1] ?? m.instance.rows, r0 + 1);
  const yRow = (r: number): number => posTop + ((r - r0) / (r1 - r0)) * spec.posH;
  panelFrame(doc, x, px0, posTop, px1, spec.posH, 'Row (px)', rowTicks.map((t) => [yRow(t), formatNumber(t, 0)]));
  for (const [key, color, dash] of [['tail', C.tail, true], ['head', C.head, false]] as const) {
    for (const run of runs(track, (p) => p.analyzed && p[key] !== null)) {
      polyline(doc, run.map((p) => [xOf(p.frame), yRow(p[key]?.[1] ?? r0)]));
      if (dash) doc.dash(3, { space: 2 });
      doc.lineWidth(1.1).stroke(color);
      doc.undash();
    }
  }

  // Event markers: lines first, then the labels on white so that leaders pass behind them.
  const laneY = (mk: Marker): number => y + (lanes - 1 - mk.lane) * laneH;
  for (const mk of markers) {
    const mx = xOf(mk.frame);
    doc.moveTo(mx, areaTop).lineTo(mx, plotBottom).lineWidth(0.7);
    if (mk.dotted) doc.dash(1, { space: 1.5 });
    doc.stroke(mk.color);
    doc.undash();
    if (mk.lane >= 0) doc.moveTo(mx, laneY(mk) + 7).lineTo(mx, areaTop).lineWidth(0.3).stroke(mk.color);
  }
  for (const mk of markers.filter((k) => k.lane >= 0)) {
    doc.rect(mk.left - 1, laneY(mk) - 0.5, mk.width + 2, laneH - 0.5).fill('#ffffff');
    write(doc, mk.label, mk.left, laneY(mk), { size: 6.5, font: F.bold, color: mk.color, lineBreak: false });
  }

  // Edited frames as ticks in a strip.
  write(doc, 'Edited', x, editY, { size: 6.5, color: C.muted, lineBreak: false });
  doc.rect(px0, editY, px1 - px0, 6).fill(C.zebra);
  const half = (px1 - px0) / Math.max(1, spec.to - spec.from) / 2;
  for (const run of runs(track, (p) => p.edited)) {
    const a = xOf(run[0]?.frame ?? spec.from) - half;
    const b = xOf(run[run.length - 1]?.frame ?? spec.from) + half;
    doc.rect(Math.max(px0, a), editY, Math.max(0.8, Math.min(px1, b) - Math.max(px0, a)), 6).fill(C.edited);
  }

  // Time axis.
  doc.moveTo(px0, axisY).lineTo(px1, axisY).lineWidth(0.6).stroke(C.ink);
  for (const t of niceTicks(d0, d1, 8).filter((v) => v >= d0 - 1e-6 && v <= d1 + 1e-6)) {
    const tx = px0 + ((t - d0) / (d1 - d0)) * (px1 - px0);
    doc.moveTo(tx, axisY).lineTo(tx, axisY + 3).lineWidth(0.6).stroke(C.ink);
    write(doc, formatNumber(t, 0), tx - 20, axisY + 4.5, { size: 6.5, color: C.ink, width: 40, align: 'center', lineBreak: false });
  }
  const origin = findOriginEvent(m);
  const axisTitle = useTime ? `Time (ms) from frame ${m.originFrame + 1}${origin ? ` (${origin})` : ''}` : 'Frame (frame rate unknown)';
  write(doc, axisTitle, px0, axisY + 13, { size: 7, font: F.bold, color: C.ink, width: px1 - px0, align: 'center' });
  let bottom = axisY + 22;
  if (spec.legend) {
    drawLegend(doc, px0, bottom + 4);
    bottom += 16;
  }
  return bottom - y;
}

function drawLegend(doc: Doc, x: number, y: number): void {
  const mid = y + 3.5;
  const items: Array<[string, (a: number) => void]> = [
    ['Bolus head', (a) => { doc.moveTo(a, mid).lineTo(a + 14, mid).lineWidth(1.1).stroke(C.head); }],
    ['Bolus tail', (a) => { doc.moveTo(a, mid).lineTo(a + 14, mid).dash(3, { space: 2 }).lineWidth(1.1).stroke(C.tail); doc.undash(); }],
    ['Bolus area', (a) => { doc.rect(a, y, 14, 7).fillOpacity(0.35).fill(C.area).fillOpacity(1); }],
    ['Bolus segment', (a) => { doc.rect(a, y, 14, 7).fill(C.segment[0] ?? C.zebra); }],
    ['Edited frame', (a) => { doc.rect(a + 5, y, 4, 7).fill(C.edited); }],
    ['PAS evidence frame', (a) => { doc.moveTo(a + 7, y - 1).lineTo(a + 7, y + 8).dash(1, { space: 1.5 }).lineWidth(0.7).stroke(C.warn); doc.undash(); }],
  ];
  let lx = x;
  for (const [label, swatch] of items) {
    swatch(lx);
    write(doc, label, lx + 18, y, { size: 7, color: C.ink, lineBreak: false });
    doc.font(F.regular).fontSize(7);
    lx += 18 + doc.widthOfString(label) + 14;
  }
}

/** Panel border, horizontal grid with tick labels, and a vertical title in the gutter. */
function panelFrame(doc: Doc, x: number, x0: number, top: number, x1: number, h: number, title: string, ticks: Array<[number, string]>): void {
  for (const [ty, label] of ticks) {
    doc.moveTo(x0, ty).lineTo(x1, ty).lineWidth(0.3).stroke(C.rule);
    write(doc, label, x0 - 36, ty - 2.5, { size: 6.5, color: C.muted, width: 33, align: 'right', lineBreak: false });
  }
  doc.rect(x0, top, x1 - x0, h).lineWidth(0.6).stroke(C.muted);
  doc.save();
  doc.rotate(-90, { origin: [x + 4, top + h / 2] });
  write(doc, title, x + 4 - h / 2, top + h / 2 - 4, { size: 7, font: F.bold, color: C.muted, width: h, align: 'center', lineBreak: false });
  doc.restore();
}

function polyline(doc: Doc, pts: Array<[number, number]>): void {
  pts.forEach(([px, py], i) => (i === 0 ? doc.moveTo(px, py) : doc.lineTo(px, py)));
  if (pts.length === 1 && pts[0]) doc.lineTo(pts[0][0] + 0.5, pts[0][1]);
}

/** Maximal runs of consecutive frames that pass `keep`. */
function runs(track: TrackPoint[], keep: (p: TrackPoint) => boolean): TrackPoint[][] {
  const out: TrackPoint[][] = [];
  let cur: TrackPoint[] = [];
  for (const p of track) {
    const prev = cur[cur.length - 1];
    if (!keep(p) || (prev && p.frame !== prev.frame + 1)) {
      if (cur.length) out.push(cur);
      cur = [];
    }
    if (keep(p)) cur.push(p);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Round tick values (1, 2, 5 × 10^k steps) covering [lo, hi]. */
function niceTicks(lo: number, hi: number, target: number): number[] {
  const span = Math.max(hi - lo, 1e-9);
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 0.999; t += step) out.push(Math.round(t / step) * step);
  return out.filter((t, i, a) => i === 0 || t > (a[i - 1] ?? -Infinity));
}
