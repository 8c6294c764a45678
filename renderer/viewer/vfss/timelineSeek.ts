/**
 * The mouse on the VFSS timeline: hovering a panel shows the values at that frame in a tooltip, and
 * clicking or dragging on either panel seeks.
 */
import type uPlot from 'uplot';
import type { BandName } from '../../../common/vfss/schema';
import { frameAtX } from './timelineData';
import type { Live, LiveRef } from './timelineDraw';

/** The values at the hovered frame, in a tooltip beside the cursor of the panel under the mouse. */
export function showTip(u: uPlot, live: Live): void {
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
export function attachPointer(u: uPlot, live: LiveRef): () => void {
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
