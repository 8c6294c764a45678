/**
 * PDF primitives for the VFSS report: page geometry, fonts and colours, text that the standard fonts
 * can show (pdfText), write/height helpers that keep doc.y under what was written, headings, notes,
 * boxes and tables that break across pages, and the running header/footer drawn on every page.
 *
 * pdfkit's standard fonts (Helvetica) encode WinAnsi only, so every string goes through pdfText(),
 * which spells out what WinAnsi lacks (arrows, ≥) instead of printing garbage.
 */
import { formatDateTime, formatStudyDate, type VfssReportModel } from './model';

export type Doc = PDFKit.PDFDocument;

export const PAGE_W = 595.28; // A4 in points
const PAGE_H = 841.89;
export const M = { top: 64, bottom: 60, left: 48, right: 48 };
export const CONTENT_W = PAGE_W - M.left - M.right;
const BOTTOM = PAGE_H - M.bottom;
export const F = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };
export const C = {
  ink: '#1d2733', muted: '#5f6b78', rule: '#c5ccd4', zebra: '#f3f5f8', accent: '#1f4e79', warn: '#b42318',
  warnBg: '#fdf0ee', infoBg: '#eef4fa', head: '#1f4e79', tail: '#d9822b', area: '#5b8fc7', edited: '#2e7d32',
  segment: ['#e3ecf7', '#eaf3e6'],
};

export function box(doc: Doc, head: string, body: string, color: string, bg: string): void {
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

export type Cell = Array<{ text: string; bold?: boolean; small?: boolean; color?: string }>;
export interface Column { title: string; width: number; align?: 'left' | 'right' }

export function table(doc: Doc, columns: Column[], rows: Cell[][]): void {
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

export function write(doc: Doc, s: string, x: number, y: number, o: WriteOptions = {}): void {
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

export function height(doc: Doc, s: string, width: number, size: number, font: string): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(pdfText(s), { width, lineGap: 0.5 });
}

export function heading(doc: Doc, s: string): void {
  ensureSpace(doc, 40);
  doc.y += 4;
  write(doc, s, M.left, doc.y, { size: 12.5, font: F.bold, color: C.accent });
  hRule(doc, doc.y + 2, C.accent, 0.8);
  doc.y += 8;
}

export function subheading(doc: Doc, s: string): void {
  ensureSpace(doc, 50);
  write(doc, s, M.left, doc.y, { size: 9.5, font: F.bold, color: C.ink });
  doc.y += 3;
}

export function sectionLabel(doc: Doc, s: string, x: number, y: number): void {
  write(doc, s.toUpperCase(), x, y, { size: 7.5, font: F.bold, color: C.accent, characterSpacing: 0.8 });
}

export function note(doc: Doc, s: string): void {
  write(doc, s, M.left, doc.y, { size: 9, font: F.italic, color: C.muted, width: CONTENT_W });
  doc.y += 10;
}

export function hRule(doc: Doc, y: number, color: string, width: number): void {
  doc.moveTo(M.left, y).lineTo(PAGE_W - M.right, y).lineWidth(width).stroke(color);
}

export function ensureSpace(doc: Doc, h: number): void {
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
export function pdfText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    const ok = c === 10 || (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(c);
    out += ok ? ch : SPELLED[ch] ?? '?';
  }
  return out;
}

/** Running header on pages after the first, footer with page numbers on every page. */
export function drawPageFurniture(doc: Doc, m: VfssReportModel, title: string): void {
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

export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error('VFSS report: a key frame is not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function collect(doc: Doc): Promise<Uint8Array> {
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
