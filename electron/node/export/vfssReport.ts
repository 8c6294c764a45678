/**
 * The VFSS PDF report a clinician prints: header, AI notice, patient (pseudonymous) and study, frame
 * rate with its source, a summary, the timeline chart (vector), per-bolus PAS, events and timing
 * measures, key frames, and a footer with page numbers on every page.
 *
 * pdfkit's standard fonts (Helvetica) keep the output small, offline and real text (searchable);
 * they encode WinAnsi only, so every string goes through pdfText(), which spells out what WinAnsi
 * lacks (arrows, ≥) instead of printing garbage. The same model gives the same bytes: the document
 * dates come from generatedAt and nothing else reads the clock.
 */
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { VFSS_EVENTS, type Bolus, type MeasureValue, type TrackPoint, type VfssEventName } from '../../../common/vfss/schema';

export interface VfssReportModel {
  generatedAt: Date;
  appName: string;
  appVersion: string;
  author: string;
  patient: { pseudoId: string; sex: string | null };
  study: { date: string | null; description: string; modality: string };
  instance: { frames: number; rows: number; columns: number; fps: number | null; rateSource: string; variable: boolean };
  model: { id: string; version: string; executionProvider: string; clinicalUse: boolean } | null;
  boluses: Array<{ bolus: Bolus; measures: MeasureValue[] }>;
  track: TrackPoint[];
  /** Per-frame acquisition time (ms), when the cine has one; else times come from fps. */
  timestampsMs: number[] | null;
  /** Times are shown relative to this frame (Kinovea's time origin). */
  originFrame: number;
  /** e.g. "Bolus passes ramus (BPM)"; the text in brackets is the chart's short label. */
  eventLabels: Record<VfssEventName, string>;
  /** PAS 1..8 → its Rosenbek description. */
  pasDescriptions: Record<number, string>;
  keyFrames: Array<{ frame: number; caption: string; png: Uint8Array }>;
}

type Doc = PDFKit.PDFDocument;
type Clock = (frame: number) => number | null;

const PAGE_W = 595.28; // A4 in points
const PAGE_H = 841.89;
const M = { top: 64, bottom: 60, left: 48, right: 48 };
const CONTENT_W = PAGE_W - M.left - M.right;
const BOTTOM = PAGE_H - M.bottom;
const F = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };
const C = {
  ink: '#1d2733', muted: '#5f6b78', rule: '#c5ccd4', zebra: '#f3f5f8', accent: '#1f4e79', warn: '#b42318',
  warnBg: '#fdf0ee', infoBg: '#eef4fa', head: '#1f4e79', tail: '#d9822b', area: '#5b8fc7', edited: '#2e7d32',
  segment: ['#e3ecf7', '#eaf3e6'],
};
/** One colour per event, in VFSS_EVENTS order. */
const EVENT_COLORS = ['#6a3d9a', '#1f78b4', '#33a02c', '#e31a1c', '#ff7f00', '#b15928', '#a6761d', '#666666'];
const SHORT: Record<VfssEventName, string> = {
  firstPosteriorMovement: 'FPM', bolusPassesRamus: 'BPM', hyoidBurstOnset: 'HYB', uesOpening: 'UESO',
  lvcOnset: 'LVC', lvcOffset: 'LVCoff', tailThroughUes: 'TUES', uesClosure: 'UESC',
};
const CONSISTENCY: Record<Bolus['consistency'], string> = {
  thin: 'Thin (IDDSI 0)', slightlyThick: 'Slightly thick (IDDSI 1)', mildlyThick: 'Mildly thick (IDDSI 2)',
  moderatelyThick: 'Moderately thick (IDDSI 3)', extremelyThick: 'Extremely thick (IDDSI 4)',
  mincedMoist: 'Minced & moist (IDDSI 5)', softBiteSized: 'Soft & bite-sized (IDDSI 6)', regular: 'Regular (IDDSI 7)',
};

export async function renderVfssReport(model: VfssReportModel): Promise<Uint8Array> {
  const title = 'Swallow study (VFSS) report';
  const doc: Doc = new PDFDocument({
    size: 'A4', margins: M, bufferPages: true, autoFirstPage: true, lang: 'en', displayTitle: true,
    info: {
      Title: pdfText(`${title} - ${model.patient.pseudoId}`), Author: pdfText(model.author),
      Subject: 'Videofluoroscopic swallow study', Creator: pdfText(`${model.appName} ${model.appVersion}`),
      Producer: pdfText(model.appName), CreationDate: model.generatedAt, ModDate: model.generatedAt,
    },
  });
  const done = collect(doc);
  const clock = makeClock(model);

  drawTitle(doc, model, title);
  drawAiNotice(doc, model);
  drawFacts(doc, model);
  drawSummary(doc, model);
  drawTimelineSection(doc, model, clock);
  for (const entry of model.boluses) drawBolus(doc, model, clock, entry.bolus, entry.measures);
  drawKeyFrames(doc, model, clock);
  drawSignOff(doc, model);
  drawPageFurniture(doc, model, title);
  doc.end();
  return done;
}

/**
 * A grey frame with coloured masks over it (filled with `alpha` and/or outlined 1 px at the output
 * size), scaled down so its longer side is at most maxSide, as PNG.
 */
export async function renderKeyFramePng(
  gray: Uint8Array,
  width: number,
  height: number,
  overlays: Array<{ mask: Uint8Array; rgb: [number, number, number]; alpha: number; outline?: boolean }>,
  maxSide = 512,
): Promise<Uint8Array> {
  const n = width * height;
  if (gray.length !== n) throw new Error(`renderKeyFramePng: ${gray.length} grey values for ${width}x${height}`);
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) rgb.fill(gray[i] ?? 0, i * 3, i * 3 + 3);
  for (const o of overlays) {
    if (o.mask.length !== n) throw new Error('renderKeyFramePng: mask size differs from the frame');
    const a = Math.min(1, Math.max(0, o.alpha));
    if (a === 0) continue;
    for (let i = 0; i < n; i++) {
      if (!o.mask[i]) continue;
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round((rgb[i * 3 + c] ?? 0) * (1 - a) + (o.rgb[c] ?? 0) * a);
    }
  }
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const outW = Math.max(1, Math.round(width * scale));
  const outH = Math.max(1, Math.round(height * scale));
  const raw = { width, height, channels: 3 as const };
  const out = scale === 1
    ? Buffer.from(rgb)
    : await sharp(rgb, { raw }).resize(outW, outH, { kernel: 'lanczos3' }).raw().toBuffer();
  // Outlines are traced at the output size so they stay one crisp pixel wide.
  for (const o of overlays) {
    if (!o.outline) continue;
    const mask = scale === 1 ? o.mask : await scaledMask(o.mask, width, height, outW, outH);
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const i = y * outW + x;
        if (!mask[i]) continue;
        const edge = x === 0 || y === 0 || x === outW - 1 || y === outH - 1
          || !mask[i - 1] || !mask[i + 1] || !mask[i - outW] || !mask[i + outW];
        if (edge) out.set(o.rgb, i * 3);
      }
    }
  }
  const png = await sharp(out, { raw: { width: outW, height: outH, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

async function scaledMask(mask: Uint8Array, w: number, h: number, outW: number, outH: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(w * h);
  for (let i = 0; i < bytes.length; i++) bytes[i] = mask[i] ? 255 : 0;
  // sharp widens one-channel raw input to sRGB; read the first channel whatever it returns.
  const { data, info } = await sharp(bytes, { raw: { width: w, height: h, channels: 1 } })
    .resize(outW, outH, { kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(outW * outH);
  for (let i = 0; i < out.length; i++) out[i] = (data[i * info.channels] ?? 0) >= 128 ? 1 : 0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sections

function drawTitle(doc: Doc, m: VfssReportModel, title: string): void {
  doc.rect(0, 0, PAGE_W, 8).fill(C.accent);
  const top = 30;
  write(doc, `${m.appName} ${m.appVersion}`.toUpperCase(), M.left, top, { size: 8, font: F.bold, color: C.muted, characterSpacing: 1 });
  write(doc, title, M.left, top + 12, { size: 19, font: F.bold, color: C.ink });
  const rightW = 210;
  const rx = PAGE_W - M.right - rightW;
  write(doc, `Generated ${formatDateTime(m.generatedAt)}`, rx, top + 4, { size: 8.5, color: C.muted, width: rightW, align: 'right' });
  write(doc, `Author: ${m.author}`, rx, top + 16, { size: 8.5, color: C.muted, width: rightW, align: 'right' });
  hRule(doc, top + 42, C.accent, 1);
  doc.y = top + 52;
}

function drawAiNotice(doc: Doc, m: VfssReportModel): void {
  const ai = m.model;
  if (ai && !ai.clinicalUse) {
    const head = 'AI-assisted \u2014 demo model NOT FOR CLINICAL USE';
    const body = `Events marked "AI" were proposed by ${ai.id} ${ai.version} (${ai.executionProvider}) and accepted by a person. `
      + 'This is a demonstration model: its output must not be used for diagnosis or treatment decisions.';
    box(doc, head, body, C.warn, C.warnBg);
  } else if (ai) {
    box(doc, 'AI-assisted', `Events marked "AI" were proposed by ${ai.id} ${ai.version} (${ai.executionProvider}) and reviewed by a person.`, C.accent, C.infoBg);
  } else {
    write(doc, 'AI model: none recorded. All marks were made by a person.', M.left, doc.y, { size: 8.5, color: C.muted });
    doc.y += 12;
  }
}

function box(doc: Doc, head: string, body: string, color: string, bg: string): void {
  const pad = 8;
  const w = CONTENT_W - 2 * pad - 4;
  const bodyH = height(doc, body, w, 8.5, F.regular);
  const h = pad + 14 + bodyH + pad;
  const y = doc.y;
  doc.rect(M.left, y, CONTENT_W, h).fill(bg);
  doc.rect(M.left, y, 4, h).fill(color);
  write(doc, head, M.left + 4 + pad, y + pad, { size: 11, font: F.bold, color });
  write(doc, body, M.left + 4 + pad, y + pad + 14, { size: 8.5, color: C.ink, width: w });
  doc.y = y + h + 12;
}

function drawFacts(doc: Doc, m: VfssReportModel): void {
  const { instance: inst } = m;
  const rate = inst.fps === null ? 'unknown (times cannot be computed)' : `${formatNumber(inst.fps, 2)} fps`;
  const duration = durationMs(m);
  const columns: Array<[string, Array<[string, string]>]> = [
    ['Patient', [['Pseudonymous ID', m.patient.pseudoId], ['Sex', formatSex(m.patient.sex)]]],
    ['Study', [['Date', formatStudyDate(m.study.date)], ['Description', m.study.description || '\u2014'], ['Modality', m.study.modality]]],
    ['Cine', [
      ['Frames', `${inst.frames} (${inst.columns} \u00d7 ${inst.rows} px)`],
      ['Frame rate', rate],
      ['Rate source', inst.variable ? `${inst.rateSource}, variable frame timing` : inst.rateSource],
      ['Duration', duration === null ? '\u2014' : `${formatNumber(duration / 1000, 2)} s`],
    ]],
  ];
  const colW = CONTENT_W / 3;
  const y0 = doc.y;
  let bottom = y0;
  columns.forEach(([heading, rows], ci) => {
    const x = M.left + ci * colW;
    sectionLabel(doc, heading, x, y0);
    let y = y0 + 14;
    for (const [k, v] of rows) {
      write(doc, k, x, y, { size: 7, color: C.muted });
      const h = height(doc, v, colW - 12, 9, F.bold);
      write(doc, v, x, y + 8, { size: 9, font: F.bold, color: C.ink, width: colW - 12 });
      y += 8 + h + 4;
    }
    bottom = Math.max(bottom, y);
  });
  doc.y = bottom + 6;
}

function drawSummary(doc: Doc, m: VfssReportModel): void {
  heading(doc, 'Summary');
  if (m.boluses.length === 0) {
    note(doc, 'No boluses were defined for this study, so there are no PAS scores, events or timing measures to report.');
    return;
  }
  const rows: Cell[][] = m.boluses.map(({ bolus: b, measures }) => {
    const flags = measures.filter((x) => x.flag).map((x) => `${x.label}: ${x.flag?.text ?? ''}`);
    return [
      [{ text: `Bolus ${b.ordinal}`, bold: true }],
      [{ text: CONSISTENCY[b.consistency] }],
      [{ text: b.volumeMl === null ? '\u2014' : `${formatNumber(b.volumeMl, 1)} mL` }],
      [{ text: `${b.startFrame + 1}\u2013${b.endFrame + 1}` }],
      [{ text: b.pas === null ? 'not scored' : `PAS ${b.pas}`, bold: b.pas !== null, color: b.pas !== null && b.pas >= 6 ? C.warn : C.ink }],
      flags.length ? flags.map((t) => ({ text: t, color: C.warn })) : [{ text: 'none', color: C.muted }],
    ];
  });
  table(doc, [
    { title: 'Bolus', width: 52 }, { title: 'Consistency', width: 120 }, { title: 'Volume', width: 52 },
    { title: 'Frames', width: 58 }, { title: 'PAS', width: 58 }, { title: 'Flags', width: CONTENT_W - 340 },
  ], rows);
}

function drawTimelineSection(doc: Doc, m: VfssReportModel, clock: Clock): void {
  ensureSpace(doc, m.track.length ? 320 : 60);
  heading(doc, 'Timeline');
  if (m.track.length === 0) {
    note(doc, 'No bolus track: the cine has not been analysed yet, so the timeline charts are omitted.');
    return;
  }
  const last = Math.max(m.instance.frames - 1, maxOf(m.track.map((p) => p.frame)), 1);
  const spec = { from: 0, to: last, areaH: 78, posH: 112, marked: m.boluses.map((e) => e.bolus), legend: true };
  doc.y += drawTimeline(doc, m, clock, spec, M.left, doc.y, CONTENT_W) + 6;
}

/** One bolus per page: header bar, PAS, a timeline zoomed on the bolus, events and measures. */
function drawBolus(doc: Doc, m: VfssReportModel, clock: Clock, b: Bolus, measures: MeasureValue[]): void {
  doc.addPage();
  doc.y = M.top;
  doc.outline.addItem(`Bolus ${b.ordinal}`);
  const y = doc.y;
  doc.rect(M.left, y, CONTENT_W, 22).fill(C.accent);
  const volume = b.volumeMl === null ? 'volume not recorded' : `${formatNumber(b.volumeMl, 1)} mL`;
  write(doc, `Bolus ${b.ordinal}`, M.left + 8, y + 6, { size: 11, font: F.bold, color: '#ffffff' });
  write(doc, `${CONSISTENCY[b.consistency]} \u00b7 ${volume} \u00b7 frames ${b.startFrame + 1}\u2013${b.endFrame + 1}`, M.left + 80, y + 7.5,
    { size: 9, color: '#ffffff', width: CONTENT_W - 88, align: 'right' });
  doc.y = y + 30;

  // PAS with its evidence.
  if (b.pas === null) {
    write(doc, 'Penetration\u2013Aspiration Scale: not scored.', M.left, doc.y, { size: 10, font: F.bold, color: C.muted });
    doc.y += 4;
  } else {
    const desc = m.pasDescriptions[b.pas] ?? '';
    const evidence = b.pasFrame === null ? 'no evidence frame recorded'
      : `evidence frame ${b.pasFrame + 1}${timeSuffix(clock(b.pasFrame))}`;
    const color = b.pas >= 6 ? C.warn : b.pas >= 3 ? C.tail : C.edited;
    const py = doc.y;
    doc.roundedRect(M.left, py, 58, 34, 3).fill(color);
    write(doc, 'PAS', M.left, py + 4, { size: 7, font: F.bold, color: '#ffffff', width: 58, align: 'center' });
    write(doc, String(b.pas), M.left, py + 12, { size: 17, font: F.bold, color: '#ffffff', width: 58, align: 'center' });
    const tx = M.left + 68;
    const tw = CONTENT_W - 68;
    write(doc, desc, tx, py + 2, { size: 10, font: F.bold, color: C.ink, width: tw });
    const dh = height(doc, desc, tw, 10, F.bold);
    write(doc, `Penetration\u2013Aspiration Scale (Rosenbek 1996), worst event of the bolus; ${evidence}.`, tx, py + 4 + dh,
      { size: 8, color: C.muted, width: tw });
    doc.y = Math.max(py + 34, doc.y) + 8;
  }
  if (b.residue && b.residue.results.length) {
    const parts = b.residue.results.map((r) => {
      const name = r.region === 'vallecula' ? 'vallecula' : 'pyriform sinuses';
      const pct = r.percentFull === null ? 'empty region' : `${formatNumber(r.percentFull, 0)} % full`;
      const norm = r.normalised === null ? '' : `, ${formatNumber(r.normalised, 3)} of (C2\u2013C4)\u00b2`;
      return `${name} ${pct} (${r.residuePx} of ${r.regionPx} px${norm})`;
    });
    write(doc, `Residue at frame ${b.residue.frame + 1}${timeSuffix(clock(b.residue.frame))}: ${parts.join('; ')}.`, M.left, doc.y, { size: 9, color: C.ink, width: CONTENT_W });
    doc.y += 6;
  }
  if (b.notes.trim()) {
    write(doc, `Notes: ${b.notes.trim()}`, M.left, doc.y, { size: 8.5, font: F.italic, color: C.ink, width: CONTENT_W });
    doc.y += 6;
  }

  if (m.track.length) {
    const last = Math.max(m.instance.frames - 1, maxOf(m.track.map((p) => p.frame)));
    const pad = Math.max(5, Math.round((b.endFrame - b.startFrame) * 0.05));
    const spec = { from: Math.max(0, b.startFrame - pad), to: Math.min(last, b.endFrame + pad), areaH: 44, posH: 70, marked: [b], legend: false };
    subheading(doc, 'Timeline of this bolus');
    doc.y += drawTimeline(doc, m, clock, spec, M.left, doc.y, CONTENT_W) + 4;
  }

  subheading(doc, 'Events');
  // Marked events in the order they happened, then those still to be marked.
  const order = [...VFSS_EVENTS].sort((a, c) => (b.events[a]?.frame ?? Infinity) - (b.events[c]?.frame ?? Infinity));
  const eventRows: Cell[][] = order.map((name) => {
    const mark = b.events[name];
    const label = m.eventLabels[name];
    if (!mark) return [[{ text: label, color: C.muted }], [{ text: '\u2014', color: C.muted }], [{ text: '\u2014', color: C.muted }], [{ text: 'not marked', color: C.muted }]];
    const t = clock(mark.frame);
    const moved = mark.source === 'ai' && mark.proposedFrame !== null && mark.proposedFrame !== mark.frame
      ? `, moved from frame ${mark.proposedFrame + 1}` : '';
    const source = mark.source === 'ai' ? `AI, accepted${moved}` : 'User';
    return [
      [{ text: label }],
      [{ text: String(mark.frame + 1) }],
      [{ text: t === null ? '\u2014' : formatSigned(t) }],
      [{ text: `${source} \u00b7 ${mark.author}`, bold: mark.source === 'ai' }],
    ];
  });
  table(doc, [
    { title: 'Event', width: 200 }, { title: 'Frame', width: 50, align: 'right' },
    { title: 'Time (ms)', width: 60, align: 'right' }, { title: 'Source', width: CONTENT_W - 310 },
  ], eventRows);

  subheading(doc, 'Timing measures');
  if (measures.length === 0) {
    note(doc, 'No timing measures are configured.');
  } else {
    const measureRows: Cell[][] = measures.map((x) => [
      [{ text: x.set }],
      [{ text: x.label, bold: true }, { text: `${shortLabel(m, x.from)} to ${shortLabel(m, x.to)}${frameSpan(x)}`, small: true, color: C.muted }],
      [{ text: x.ms === null ? '\u2014' : formatMs(x.ms), bold: x.ms !== null }],
      x.flag ? [{ text: x.flag.text, color: C.warn, bold: true }, { text: x.flag.source, small: true, color: C.muted }] : [{ text: '\u2014', color: C.muted }],
      x.missing.length ? [{ text: x.missing.map((e) => m.eventLabels[e]).join('; '), color: C.tail }] : [{ text: '\u2014', color: C.muted }],
    ]);
    table(doc, [
      { title: 'Set', width: 56 }, { title: 'Measure', width: 150 }, { title: 'Interval', width: 58, align: 'right' },
      { title: 'Flag', width: 130 }, { title: 'Missing events', width: CONTENT_W - 394 },
    ], measureRows);
  }
  doc.y += 8;
}

function drawKeyFrames(doc: Doc, m: VfssReportModel, clock: Clock): void {
  const cols = m.keyFrames.length <= 4 ? 2 : 3;
  const gap = 14;
  const cellW = (CONTENT_W - gap * (cols - 1)) / cols;
  const rows: Array<Array<{ k: VfssReportModel['keyFrames'][number]; imgH: number; title: string }>> = [];
  const rowHeights: number[] = [];
  for (let start = 0; start < m.keyFrames.length; start += cols) {
    const row = m.keyFrames.slice(start, start + cols).map((k) => {
      const { width, height: h } = pngSize(k.png);
      return { k, imgH: Math.min(cellW * 1.2, (cellW * h) / width), title: `Frame ${k.frame + 1}${timeSuffix(clock(k.frame))}` };
    });
    rows.push(row);
    rowHeights.push(maxOf(row.map((r) => r.imgH + 16 + height(doc, r.k.caption, cellW, 8, F.regular))));
  }
  ensureSpace(doc, 40 + (rowHeights[0] ?? 20));
  heading(doc, 'Key frames');
  if (m.keyFrames.length === 0) {
    note(doc, 'No key frames were selected.');
    return;
  }
  rows.forEach((row, ri) => {
    const rowH = rowHeights[ri] ?? 0;
    ensureSpace(doc, rowH + 10);
    const y = doc.y;
    row.forEach((r, i) => {
      const x = M.left + i * (cellW + gap);
      doc.image(Buffer.from(r.k.png), x, y, { fit: [cellW, r.imgH], align: 'center', valign: 'center' });
      doc.rect(x, y, cellW, r.imgH).lineWidth(0.5).stroke(C.rule);
      write(doc, r.title, x, y + r.imgH + 4, { size: 8.5, font: F.bold, color: C.ink, width: cellW });
      write(doc, r.k.caption, x, y + r.imgH + 16, { size: 8, color: C.muted, width: cellW });
    });
    doc.y = y + rowH + 12;
  });
}

function drawSignOff(doc: Doc, m: VfssReportModel): void {
  ensureSpace(doc, 70);
  doc.y += 10;
  hRule(doc, doc.y, C.rule, 0.5);
  const y = doc.y + 10;
  write(doc, `Reported by: ${m.author}`, M.left, y, { size: 9, color: C.ink });
  write(doc, 'Signature', M.left + 230, y + 30, { size: 7.5, color: C.muted });
  write(doc, 'Date', M.left + 400, y + 30, { size: 7.5, color: C.muted });
  doc.moveTo(M.left + 230, y + 28).lineTo(M.left + 380, y + 28).moveTo(M.left + 400, y + 28).lineTo(M.left + CONTENT_W, y + 28)
    .lineWidth(0.5).stroke(C.ink);
  doc.y = y + 44;
}

/** Running header on pages after the first, footer with page numbers on every page. */
function drawPageFurniture(doc: Doc, m: VfssReportModel, title: string): void {
  const range = doc.bufferedPageRange();
  const demo = m.model !== null && !m.model.clinicalUse;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (i > range.start) {
      write(doc, `${title} \u00b7 ${m.patient.pseudoId}`, M.left, 30, { size: 8, font: F.bold, color: C.muted, width: CONTENT_W / 2 });
      write(doc, `Study ${formatStudyDate(m.study.date)} \u00b7 ${m.study.modality}`, M.left + CONTENT_W / 2, 30,
        { size: 8, color: C.muted, width: CONTENT_W / 2, align: 'right' });
      hRule(doc, 42, C.rule, 0.5);
    }
    const fy = PAGE_H - 42;
    hRule(doc, fy, C.rule, 0.5);
    write(doc, `${m.appName} ${m.appVersion} \u00b7 VFSS report \u00b7 ${m.patient.pseudoId} \u00b7 generated ${formatDateTime(m.generatedAt)}`,
      M.left, fy + 6, { size: 7, color: C.muted, width: CONTENT_W - 80 });
    if (demo) write(doc, 'AI demo model \u2014 NOT FOR CLINICAL USE', M.left, fy + 16, { size: 7, font: F.bold, color: C.warn });
    write(doc, `Page ${i - range.start + 1} of ${range.count}`, M.left + CONTENT_W - 80, fy + 6,
      { size: 8, font: F.bold, color: C.ink, width: 80, align: 'right' });
    doc.page.margins = margins;
  }
}

// ---------------------------------------------------------------------------------------------
// Timeline chart

interface ChartSpec {
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
function drawTimeline(doc: Doc, m: VfssReportModel, clock: Clock, spec: ChartSpec, x: number, y: number, w: number): number {
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

/** Largest value (0 for none), without spreading a long array into arguments. */
function maxOf(values: number[]): number {
  return values.reduce((a, v) => Math.max(a, v), values.length ? -Infinity : 0);
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

// ---------------------------------------------------------------------------------------------
// Tables and text

type Cell = Array<{ text: string; bold?: boolean; small?: boolean; color?: string }>;
interface Column { title: string; width: number; align?: 'left' | 'right' }

function table(doc: Doc, columns: Column[], rows: Cell[][]): void {
  const pad = 3.2;
  const size = (part: Cell[number]): number => (part.small ? 7 : 8.5);
  const partH = (part: Cell[number], w: number): number => height(doc, part.text, w, size(part), part.bold ? F.bold : F.regular);
  const header = (): void => {
    const y = doc.y;
    doc.rect(M.left, y, CONTENT_W, 16).fill(C.accent);
    let x = M.left;
    for (const c of columns) {
      write(doc, c.title, x + pad, y + 4.5, { size: 8, font: F.bold, color: '#ffffff', width: c.width - 2 * pad, align: c.align ?? 'left', lineBreak: false });
      x += c.width;
    }
    doc.y = y + 16;
  };
  ensureSpace(doc, 16 + 18);
  header();
  rows.forEach((row, ri) => {
    const cellH = row.map((cell, ci) => cell.reduce((s, part) => s + partH(part, (columns[ci]?.width ?? 0) - 2 * pad), 0));
    const h = Math.max(...cellH) + 2 * pad;
    if (doc.y + h > BOTTOM) {
      doc.addPage();
      doc.y = M.top;
      header();
    }
    const y = doc.y;
    if (ri % 2 === 1) doc.rect(M.left, y, CONTENT_W, h).fill(C.zebra);
    let x = M.left;
    row.forEach((cell, ci) => {
      const col = columns[ci];
      if (!col) return;
      let cy = y + pad;
      for (const part of cell) {
        write(doc, part.text, x + pad, cy, {
          size: size(part), font: part.bold ? F.bold : F.regular, color: part.color ?? C.ink,
          width: col.width - 2 * pad, align: col.align ?? 'left',
        });
        cy += partH(part, col.width - 2 * pad);
      }
      x += col.width;
    });
    doc.y = y + h;
  });
  hRule(doc, doc.y, C.rule, 0.5);
  doc.y += 8;
}

interface WriteOptions {
  size?: number; font?: string; color?: string; width?: number; align?: 'left' | 'right' | 'center';
  lineBreak?: boolean; characterSpacing?: number;
}

function write(doc: Doc, s: string, x: number, y: number, o: WriteOptions = {}): void {
  doc.font(o.font ?? F.regular).fontSize(o.size ?? 9).fillColor(o.color ?? C.ink);
  const text = pdfText(s);
  const options = {
    width: o.width, align: o.align ?? 'left', lineBreak: o.lineBreak ?? o.width !== undefined,
    characterSpacing: o.characterSpacing ?? 0, lineGap: 0.5,
  } as const;
  doc.text(text, x, y, options);
  // pdfkit leaves doc.y on the last line for unbroken text; put it under what was written.
  doc.y = y + (options.lineBreak && o.width !== undefined ? doc.heightOfString(text, options) : doc.currentLineHeight(true));
}

function height(doc: Doc, s: string, width: number, size: number, font: string): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(pdfText(s), { width, lineGap: 0.5 });
}

function heading(doc: Doc, s: string): void {
  ensureSpace(doc, 40);
  doc.y += 4;
  write(doc, s, M.left, doc.y, { size: 12.5, font: F.bold, color: C.accent });
  hRule(doc, doc.y + 2, C.accent, 0.8);
  doc.y += 8;
}

function subheading(doc: Doc, s: string): void {
  ensureSpace(doc, 50);
  write(doc, s, M.left, doc.y, { size: 9.5, font: F.bold, color: C.ink });
  doc.y += 3;
}

function sectionLabel(doc: Doc, s: string, x: number, y: number): void {
  write(doc, s.toUpperCase(), x, y, { size: 7.5, font: F.bold, color: C.accent, characterSpacing: 0.8 });
}

function note(doc: Doc, s: string): void {
  write(doc, s, M.left, doc.y, { size: 9, font: F.italic, color: C.muted, width: CONTENT_W });
  doc.y += 10;
}

function hRule(doc: Doc, y: number, color: string, width: number): void {
  doc.moveTo(M.left, y).lineTo(PAGE_W - M.right, y).lineWidth(width).stroke(color);
}

function ensureSpace(doc: Doc, h: number): void {
  if (doc.y + h > BOTTOM) {
    doc.addPage();
    doc.y = M.top;
  }
}

const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a,
  0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const SPELLED: Record<string, string> = { '\u2192': '->', '\u2190': '<-', '\u2265': '>=', '\u2264': '<=', '\u2212': '-', '\u2248': '~', '\u2009': ' ', '\u202f': ' ' };

/** Text the standard PDF fonts (WinAnsi) can show: spells out arrows and the like, "?" for the rest. */
function pdfText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    const ok = c === 10 || (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(c);
    out += ok ? ch : SPELLED[ch] ?? '?';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Frame → ms from the origin frame: the cine's timestamps where it has them, else the frame rate. */
function makeClock(m: VfssReportModel): Clock {
  const ts = m.timestampsMs;
  const fps = m.instance.fps;
  const raw = (f: number): number | null => {
    const t = ts?.[f];
    if (t !== undefined && Number.isFinite(t)) return t;
    return fps !== null && fps > 0 ? (f * 1000) / fps : null;
  };
  const base = raw(m.originFrame);
  return (f) => {
    const t = raw(f);
    return t === null || base === null ? null : t - base;
  };
}

function durationMs(m: VfssReportModel): number | null {
  const { frames, fps } = m.instance;
  const ts = m.timestampsMs;
  const first = ts?.[0];
  const last = ts?.[frames - 1];
  if (first !== undefined && last !== undefined && fps !== null) return last - first + 1000 / fps;
  return fps !== null && fps > 0 ? (frames * 1000) / fps : null;
}

function findOriginEvent(m: VfssReportModel): string | null {
  for (const { bolus: b } of m.boluses) {
    for (const name of VFSS_EVENTS) {
      if (b.events[name]?.frame === m.originFrame) return `${shortLabel(m, name)}, bolus ${b.ordinal}`;
    }
  }
  return null;
}

function shortLabel(m: VfssReportModel, name: VfssEventName): string {
  const bracket = /\(([^()]{1,8})\)\s*$/.exec(m.eventLabels[name] ?? '');
  return bracket?.[1] ?? SHORT[name];
}

function frameSpan(x: MeasureValue): string {
  return x.fromFrame !== null && x.toFrame !== null ? `, frames ${x.fromFrame + 1}\u2013${x.toFrame + 1}` : '';
}

function timeSuffix(t: number | null): string {
  return t === null ? '' : ` (${formatSigned(t)} ms)`;
}

/** A measure's interval as printed, e.g. "533 ms". */
function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

function formatSigned(ms: number): string {
  const r = Math.round(ms);
  return r > 0 ? `+${r}` : String(r);
}

function formatNumber(v: number, digits: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

function formatSex(sex: string | null): string {
  const s = sex?.trim().toUpperCase();
  return s === 'M' ? 'Male' : s === 'F' ? 'Female' : s === 'O' ? 'Other' : s ? sex ?? '' : 'Not recorded';
}

function formatStudyDate(date: string | null): string {
  if (!date) return 'Not recorded';
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  return d ? `${d[1]}-${d[2]}-${d[3]}` : date;
}

/** Local date and time with its UTC offset, e.g. "2025-03-14 10:22 (UTC+01:00)". */
function formatDateTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} `
    + `(UTC${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)})`;
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error('VFSS report: a key frame is not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function collect(doc: Doc): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.length));
    });
    doc.on('error', reject);
  });
}
