import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameTiming } from '../../../common/api';
import { timeFromOriginMs } from '../../../common/cine/playback';
import { EVENT_INFO, eventByKey, eventInfo } from '../../../common/vfss/events';
import { computeMeasures } from '../../../common/vfss/measures';
import { PAS_TABLE } from '../../../common/vfss/pas';
import { Consistency, type Bolus, type ExportFormat, type ResidueRegionName, type VfssEventName } from '../../../common/vfss/schema';
import { useApp } from '../../app/ApiContext';
import type { OverlayStyle } from '../ai/MaskOverlay';
import type { VfssReviewState } from './useVfssReview';

export interface VfssPanelProps {
  instanceId: number;
  state: VfssReviewState;
  /**
   * The frame on screen now, read when the user acts (keys, ●, ⇤/⇥, evidence frame). The panel
   * does not re-render per frame: a key pressed right after a step can also arrive before React
   * has rendered the new frame, so it reads the viewport.
   */
  liveFrame(): number;
  timing: FrameTiming | null;
  origin: number;
  loop: { start: number; end: number };
  overlay: OverlayStyle;
  onOverlay(next: OverlayStyle): void;
  onSeek(frame: number): void;
  selectedBolusId: number | null;
  onSelectBolus(id: number | null): void;
  /** Start drawing a residue region on the current frame (the viewer's polygon surface). */
  onDrawRegion(region: ResidueRegionName): void;
  drawingRegion: ResidueRegionName | null;
}

const STRUCTURES = ['bolus', 'cervicalSpine', 'mandible', 'hyoid'] as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/**
 * The swallow review beside the viewer: "Analyze swallow", overlay switches, bolus segments with
 * their events (keyboard 1–8 or buttons, AI proposals to accept), the timing measures computed
 * live, PAS with its evidence frame, and the exports.
 */
function VfssPanelView(p: VfssPanelProps) {
  const { t, i18n } = useTranslation();
  const { api, notify } = useApp();
  const { review, job } = p.state;
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<Array<{ format: ExportFormat; fileName: string; url: string; bytes: number }>>([]);
  const boluses = review?.boluses ?? [];
  const selected = boluses.find((b) => b.id === p.selectedBolusId) ?? boluses[0] ?? null;
  const timestamps = p.timing?.timestampsMs ?? null;
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
  const fail = (e: unknown) => notify(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));

  const measures = useMemo(() => (selected ? computeMeasures(selected.events, timestamps) : []), [selected, timestamps]);
  const proposals = useMemo(
    () => (review && selected ? review.proposals.filter((q) => q.frame >= selected.startFrame && q.frame <= selected.endFrame) : review?.proposals ?? []),
    [review, selected],
  );

  // A bolus just created (or changed) is merged into the review at once, so a second key press
  // that follows quickly finds it instead of creating another one.
  const creating = useRef<Promise<Bolus> | null>(null);
  const merge = (b: Bolus) => {
    const current = p.state.review;
    if (!current) return;
    const others = current.boluses.filter((x) => x.id !== b.id);
    p.state.setReview({ ...current, boluses: [...others, b].sort((x, y) => x.startFrame - y.startFrame || x.id - y.id) });
  };

  const ensureBolus = async (): Promise<Bolus> => {
    if (selected) return selected;
    if (creating.current) return creating.current;
    const whole = p.loop.end > p.loop.start ? p.loop : { start: 0, end: (review?.frames ?? 1) - 1 };
    creating.current = api.call['vfss.saveBolus']({ instanceId: p.instanceId, startFrame: whole.start, endFrame: whole.end, consistency: 'thin', volumeMl: null });
    try {
      const b = await creating.current;
      merge(b);
      p.onSelectBolus(b.id);
      return b;
    } finally {
      creating.current = null;
    }
  };

  const markEvent = async (event: VfssEventName, frame: number | null, proposedFrame: number | null = null) => {
    try {
      const b = await ensureBolus();
      merge(await api.call['vfss.setEvent']({ bolusId: b.id, event, frame, source: proposedFrame === null ? 'user' : 'ai', proposedFrame }));
    } catch (e) {
      fail(e);
    }
  };

  // Keyboard: the event keys mark the event on the current frame.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const info = eventByKey(e.key);
      if (!info) return;
      e.preventDefault();
      void markEvent(info.name, p.liveFrame());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const analyze = async () => {
    setBusy(true);
    try {
      await api.call['vfss.analyze']({ instanceId: p.instanceId });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const saveBolus = async (b: Bolus, patch: Partial<Pick<Bolus, 'startFrame' | 'endFrame' | 'consistency' | 'volumeMl'>>) => {
    const next = { ...b, ...patch };
    try {
      await api.call['vfss.saveBolus']({
        instanceId: p.instanceId,
        id: b.id,
        startFrame: Math.min(next.startFrame, next.endFrame),
        endFrame: Math.max(next.startFrame, next.endFrame),
        consistency: next.consistency,
        volumeMl: next.volumeMl,
      });
    } catch (e) {
      fail(e);
    }
  };

  const newBolus = async () => {
    const total = review?.frames ?? 1;
    const start = p.loop.end > p.loop.start && (p.loop.start > 0 || p.loop.end < total - 1) ? p.loop.start : p.liveFrame();
    const end = p.loop.end > p.loop.start && (p.loop.start > 0 || p.loop.end < total - 1) ? p.loop.end : Math.min(total - 1, p.liveFrame() + 90);
    try {
      const b = await api.call['vfss.saveBolus']({ instanceId: p.instanceId, startFrame: start, endFrame: end, consistency: 'thin', volumeMl: null });
      p.onSelectBolus(b.id);
    } catch (e) {
      fail(e);
    }
  };

  const doExport = async (format: ExportFormat) => {
    try {
      const r = await api.call['vfss.export']({ instanceId: p.instanceId, format, originFrame: p.origin });
      setExported((list) => [{ format, ...r }, ...list.filter((x) => x.format !== format)]);
      const a = document.createElement('a');
      a.href = api.fileUrl(r.url);
      a.download = r.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      fail(e);
    }
  };

  const timeOf = (frame: number): string => {
    const ms = timeFromOriginMs(timestamps, frame, p.origin);
    return ms === null ? '' : `${num.format(ms)} ms`;
  };

  const running = job && (job.state === 'queued' || job.state === 'running');
  const analysed = review ? review.track.filter((x) => x.analyzed).length : 0;

  return (
    <section className="vfss-panel" aria-label={t('vfss.title')} data-testid="vfss-panel">
      <h3>{t('vfss.title')}</h3>

      <div className="vfss-block">
        {review?.analyzeRefusal ? (
          <p className="muted" data-testid="analyze-refusal">{review.analyzeRefusal}</p>
        ) : review && !review.modelKey ? (
          <p className="error" data-testid="model-problem">{review.modelProblem}</p>
        ) : (
          <div className="row">
            <button type="button" className="primary" disabled={!review || busy || Boolean(running)} onClick={() => void analyze()} data-testid="analyze-swallow">
              {t('vfss.analyze')}
            </button>
            {job && (
              <span className={`job job-${job.state}`} data-testid="analysis-state" data-state={job.state}>
                {t(`ai.state.${job.state}`)}
                {job.executionProvider ? ` · ${job.executionProvider.toUpperCase()}` : ''}
              </span>
            )}
          </div>
        )}
        {running && job && (
          <div className="row">
            <progress max={1} value={job.progress} aria-label={t('ai.progress')} data-testid="analysis-progress" />
            <span className="muted">{job.framesCached + job.framesDone}/{job.framesTotal}</span>
            <button type="button" onClick={() => void api.call['jobs.cancel']({ jobId: job.id }).catch(fail)} data-testid="cancel-analysis">
              {t('ai.cancel')}
            </button>
          </div>
        )}
        {job && job.state === 'failed' && (
          <div className="row">
            <span className="error">{job.error}</span>
            <button type="button" onClick={() => void api.call['jobs.retry']({ jobId: job.id }).catch(fail)}>{t('ai.retry')}</button>
          </div>
        )}
        {review && analysed > 0 && (
          <div className="muted small" data-testid="analysed-count">
            {t('vfss.analysed', { count: analysed, total: review.frames })}
            {review.editedFrames.length > 0 ? ` · ${t('vfss.edited', { count: review.editedFrames.length })}` : ''}
          </div>
        )}
        {review?.anatomyProblem && analysed > 0 && <div className="muted small">{review.anatomyProblem}</div>}
      </div>

      <div className="vfss-block" data-testid="overlay-controls">
        <div className="row">
          {STRUCTURES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={p.overlay.classes[s] !== false}
                onChange={(e) => p.onOverlay({ ...p.overlay, classes: { ...p.overlay.classes, [s]: e.target.checked } })}
                data-testid={`overlay-${s}`}
              />
              {t(`vfss.structure.${s}`)}
            </label>
          ))}
        </div>
        <div className="row">
          <label className="check">
            {t('vfss.opacity')}
            <input type="range" min={0.1} max={1} step={0.05} value={p.overlay.opacity} onChange={(e) => p.onOverlay({ ...p.overlay, opacity: Number(e.target.value) })} aria-label={t('vfss.opacity')} />
          </label>
          <label className="check">
            <input type="checkbox" checked={p.overlay.outline} onChange={(e) => p.onOverlay({ ...p.overlay, outline: e.target.checked })} data-testid="overlay-outline" />
            {t('vfss.outline')}
          </label>
        </div>
      </div>

      <div className="vfss-block">
        <div className="row">
          <strong>{t('vfss.boluses')}</strong>
          <button type="button" onClick={() => void newBolus()} data-testid="new-bolus">+ {t('vfss.newBolus')}</button>
        </div>
        {boluses.length === 0 && <p className="muted small">{t('vfss.noBolus')}</p>}
        <div className="bolus-tabs" role="tablist">
          {boluses.map((b) => (
            <button key={b.id} type="button" role="tab" aria-selected={selected?.id === b.id} className={selected?.id === b.id ? 'active' : ''} onClick={() => p.onSelectBolus(b.id)} data-testid="bolus-tab">
              {t('vfss.bolusN', { n: b.ordinal })}
              {b.pas !== null ? ` · PAS ${b.pas}` : ''}
            </button>
          ))}
        </div>
        {selected && (
          <div className="bolus-detail" data-testid="bolus-detail" data-bolus-id={selected.id}>
            <div className="row small">
              <button type="button" onClick={() => p.onSeek(selected.startFrame)} className="link">{t('vfss.frameN', { n: selected.startFrame + 1 })}</button>–
              <button type="button" onClick={() => p.onSeek(selected.endFrame)} className="link">{t('vfss.frameN', { n: selected.endFrame + 1 })}</button>
              <button type="button" onClick={() => void saveBolus(selected, { startFrame: p.liveFrame() })} title={t('vfss.setStart')}>⇤</button>
              <button type="button" onClick={() => void saveBolus(selected, { endFrame: p.liveFrame() })} title={t('vfss.setEnd')}>⇥</button>
              <button type="button" className="danger" onClick={() => void api.call['vfss.deleteBolus']({ id: selected.id }).then(() => p.onSelectBolus(null), fail)} title={t('vfss.deleteBolus')}>✕</button>
            </div>
            <div className="row small">
              <select value={selected.consistency} onChange={(e) => void saveBolus(selected, { consistency: Consistency.parse(e.target.value) })} aria-label={t('vfss.consistency')} data-testid="consistency">
                {Consistency.options.map((c) => (
                  <option key={c} value={c}>{t(`vfss.iddsi.${c}`)}</option>
                ))}
              </select>
              <input
                type="number"
                min={1}
                max={500}
                placeholder="mL"
                defaultValue={selected.volumeMl ?? ''}
                key={`${selected.id}:${selected.volumeMl ?? ''}`}
                onBlur={(e) => {
                  const v = e.target.value === '' ? null : Number(e.target.value);
                  if (v === selected.volumeMl || (v !== null && !(v > 0 && v <= 500))) return;
                  void saveBolus(selected, { volumeMl: v });
                }}
                aria-label={t('vfss.volume')}
                className="volume"
                data-testid="volume"
              />
              <span className="muted">mL</span>
            </div>

            <table className="vfss-events" data-testid="events-table">
              <tbody>
                {EVENT_INFO.map((info) => {
                  const mark = selected.events[info.name];
                  const proposal = proposals.find((q) => q.event === info.name);
                  return (
                    <tr key={info.name} data-event={info.name} data-frame={mark?.frame ?? ''}>
                      <td><kbd>{info.key}</kbd></td>
                      <td title={info.definition}>{info.short}</td>
                      <td>
                        {mark ? (
                          <button type="button" className="link" onClick={() => p.onSeek(mark.frame)} title={timeOf(mark.frame)}>
                            {mark.frame + 1}
                            {mark.source === 'ai' ? ' ·AI' : ''}
                          </button>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="actions">
                        <button type="button" onClick={() => void markEvent(info.name, p.liveFrame())} title={t('vfss.markHere')} data-testid={`mark-${info.name}`}>●</button>
                        {proposal && proposal.frame !== mark?.frame && (
                          <button
                            type="button"
                            className="proposal"
                            title={proposal.reason}
                            onClick={() => void markEvent(info.name, proposal.frame, proposal.frame)}
                            data-testid={`accept-${info.name}`}
                            data-proposed-frame={proposal.frame}
                          >
                            AI {proposal.frame + 1} ✓
                          </button>
                        )}
                        {mark && <button type="button" onClick={() => void markEvent(info.name, null)} title={t('vfss.clear')}>✕</button>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>

            <div className="row small pas-row">
              <strong>PAS</strong>
              <select
                value={selected.pas ?? ''}
                onChange={(e) => {
                  const pas = e.target.value === '' ? null : Number(e.target.value);
                  void api.call['vfss.setPas']({ bolusId: selected.id, pas, pasFrame: pas === null ? null : (selected.pasFrame ?? p.liveFrame()) }).catch(fail);
                }}
                aria-label="PAS"
                data-testid="pas"
              >
                <option value="">—</option>
                {PAS_TABLE.map((l) => (
                  <option key={l.score} value={l.score}>{`${l.score} · ${l.description}`}</option>
                ))}
              </select>
            </div>
            {selected.pas !== null && (
              <div className="row small">
                <span className="muted">{t('vfss.evidence')}</span>
                {selected.pasFrame !== null && (
                  <button type="button" className="link" onClick={() => p.onSeek(selected.pasFrame ?? 0)} data-testid="pas-frame">
                    {t('vfss.frameN', { n: selected.pasFrame + 1 })}
                  </button>
                )}
                <button type="button" onClick={() => void api.call['vfss.setPas']({ bolusId: selected.id, pas: selected.pas, pasFrame: p.liveFrame() }).catch(fail)}>{t('vfss.evidenceHere')}</button>
              </div>
            )}

            <div className="residue" data-testid="residue">
              <div className="row small">
                <strong>{t('vfss.residue.title')}</strong>
                {selected.residue && (
                  <button type="button" className="link" onClick={() => p.onSeek(selected.residue?.frame ?? 0)} data-testid="residue-frame">
                    {t('vfss.frameN', { n: selected.residue.frame + 1 })}
                  </button>
                )}
              </div>
              {(['vallecula', 'pyriform'] as const).map((region) => {
                const r = selected.residue?.results.find((x) => x.region === region);
                return (
                  <div key={region} className="row small residue-row" data-region={region} data-percent={r?.percentFull ?? ''}>
                    <span className="region-name">{t(`vfss.residue.${region}`)}</span>
                    {r ? (
                      <span className="num" title={t('vfss.residue.pixels', { residue: r.residuePx, region: r.regionPx })}>
                        {r.percentFull === null ? '—' : `${r.percentFull.toFixed(0)} % ${t('vfss.residue.full')}`}
                        {r.normalised !== null ? ` · ${r.normalised.toFixed(3)} (C2–C4)²` : ''}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    <button
                      type="button"
                      className={p.drawingRegion === region ? 'active' : ''}
                      onClick={() => p.onDrawRegion(region)}
                      title={t('vfss.residue.drawHint')}
                      data-testid={`draw-${region}`}
                    >
                      {t('vfss.residue.draw')}
                    </button>
                    {r && (
                      <button type="button" onClick={() => void api.call['vfss.setResidue']({ bolusId: selected.id, frame: selected.residue?.frame ?? p.liveFrame(), region, points: null }).then(merge, fail)} title={t('vfss.clear')}>
                        ✕
                      </button>
                    )}
                  </div>
                );
              })}
            </div>

            <table className="vfss-measures" data-testid="measures-table">
              <caption className="muted small">
                {p.timing?.fps ? t('vfss.rate', { fps: String(Number(p.timing.fps.toFixed(2))), source: p.timing.source }) : t('vfss.rateUnknown')}
                {p.timing?.variable ? ` · ${t('vfss.variable')}` : ''}
              </caption>
              <tbody>
                {measures.map((m) => (
                  <tr key={m.key} data-measure={m.key} data-ms={m.ms ?? ''} className={m.flag ? 'flagged' : ''}>
                    <td className="muted">{m.set === 'ASPEKT' ? 'A' : 'L'}</td>
                    <td title={`${m.from} → ${m.to}`}>{m.label}</td>
                    <td className="num">{m.ms === null ? '—' : `${num.format(m.ms)} ms`}</td>
                    <td>
                      {m.flag ? (
                        <span className="flag" title={m.flag.source}>⚑ {m.flag.text}</span>
                      ) : m.missing.length ? (
                        <span className="muted small" title={t('vfss.needs')}>{m.missing.map((e) => eventInfo(e).short).join(', ')}?</span>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="vfss-block" data-testid="exports">
        <strong>{t('vfss.export')}</strong>
        <div className="row">
          {(['trackCsv', 'measuresCsv', 'seg', 'pdf'] as const).map((f) => (
            <button key={f} type="button" onClick={() => void doExport(f)} data-testid={`export-${f}`}>
              {t(`vfss.exportAs.${f}`)}
            </button>
          ))}
        </div>
        {exported.map((x) => (
          <div key={x.format} className="muted small" data-testid="export-done" data-format={x.format}>
            <a href={api.fileUrl(x.url)} download={x.fileName}>{x.fileName}</a> ({Math.ceil(x.bytes / 1024)} KiB)
          </div>
        ))}
      </div>
    </section>
  );
}

/** Memoised: its props do not change from frame to frame, so a playing cine does not re-render it. */
export const VfssPanel = memo(VfssPanelView);
