/**
 * The VFSS PDF report a clinician prints: header, AI notice, patient (pseudonymous) and study, frame
 * rate with its source, a summary, the timeline chart (vector), per-bolus PAS, events and timing
 * measures, key frames, and a footer with page numbers on every page.
 *
 * pdfkit's standard fonts (Helvetica) keep the output small, offline and real text (searchable);
 * they encode WinAnsi only, so every string goes through pdfText(), which spells out what WinAnsi
 * lacks (arrows, ≥) instead of printing garbage. The same model gives the same bytes: the document
 * dates come from generatedAt and nothing else reads the clock.
 *
 * Split by concern under report/: model.ts (the model and derived values), pdfKit.ts (PDF
 * primitives and page furniture), timelineChart.ts (the vector timeline), keyFrame.ts (key-frame
 * PNGs) and sections.ts (the report itself). This module is the entry point.
 */
export { renderKeyFramePng } from './report/keyFrame';
export type { VfssReportModel } from './report/model';
export { renderVfssReport } from './report/sections';
