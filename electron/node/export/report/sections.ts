/**
 * The sections of the VFSS report, top to bottom: title, AI notice, patient/study/cine facts,
 * summary, timeline, one page per bolus, key frames and sign-off; then the page furniture. The
 * document dates come from generatedAt and nothing else reads the clock, so the same model gives
 * the same bytes.
 */
import PDFDocument from 'pdfkit';
import { VFSS_EVENTS, type Bolus, type MeasureValue } from '../../../../common/vfss/schema';
import {
  CONSISTENCY, durationMs, formatDateTime, formatMs, formatNumber, formatSex, formatSigned, formatStudyDate, frameSpan,
  makeClock, maxOf, shortLabel, timeSuffix, type Clock, type VfssReportModel,
} from './model';
import {
  box, C, collect, CONTENT_W, drawPageFurniture, ensureSpace, F, heading, height, hRule, M, note, PAGE_W, pdfText,
  pngSize, sectionLabel, subheading, table, write, type Cell, type Doc,
} from './pdfKit';
import { drawTimeline } from './timelineChart';

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
