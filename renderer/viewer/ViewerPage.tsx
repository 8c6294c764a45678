import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Measurement, StudyDetail } from '../../common/api';
import { clampRange, SPEEDS, type FrameRange } from '../../common/cine/playback';
import { useApp } from '../app/ApiContext';
import { findShortcut } from '../app/shortcuts';
import { CineBar } from './cine/CineBar';
import { CinePlayer } from './cine/CinePlayer';
import { initCornerstone } from './cornerstone/init';
import { StackController, type ViewState } from './cornerstone/StackController';
import type { PrimaryTool } from './cornerstone/tools';
import { buildDisplaySet } from './displaySet';
import { History } from './measurements/History';
import { measurementTextLines, registerCalibrations } from './measurements/canvasText';
import { MeasurementSync } from './measurements/MeasurementSync';
import { MeasurementPanel } from './MeasurementPanel';
import { SeriesList } from './SeriesList';
import { Toolbar } from './Toolbar';
import { exposeViewerDebug } from './viewerDebug';
import { AiPanel } from './ai/AiPanel';
import { DEFAULT_OVERLAY_STYLE, MaskOverlay, type OverlayStyle } from './ai/MaskOverlay';
import { MaskEditSession } from './vfss/maskEditSession';
import { MaskEditSurface, MaskEditTools, type EditState } from './vfss/MaskEditor';
import { Timeline } from './vfss/Timeline';
import { useVfssReview } from './vfss/useVfssReview';
import { VfssPanel } from './vfss/VfssPanel';
import { EVENT_INFO } from '../../common/vfss/events';
import type { ResidueRegionName, VfssEventName } from '../../common/vfss/schema';

const EVENT_SHORT = Object.fromEntries(EVENT_INFO.map((e) => [e.name, e.short])) as Record<VfssEventName, string>;


export function ViewerPage({ studyId, onBack }: { studyId: number; onBack: () => void }) {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [study, setStudy] = useState<StudyDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seriesId, setSeriesId] = useState<number | null>(null);
  const [view, setView] = useState<ViewState>({ frame: 0, windowWidth: null, windowCenter: null, zoomPercent: 100, invert: false });
  const [loaded, setLoaded] = useState<{ done: number; total: number } | null>(null);
  const [tool, setTool] = useState<PrimaryTool>('windowLevel');
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  const [, setHistoryVersion] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [loop, setLoop] = useState<FrameRange>({ start: 0, end: 0 });
  const [origin, setOrigin] = useState(0);
  const [rendering, setRendering] = useState<string>('');
  const [active, setActive] = useState<StackController | null>(null);
  const [overlay, setOverlay] = useState<{ modelKey: string | null; visible: boolean }>({ modelKey: null, visible: false });
  const [resultsVersion, setResultsVersion] = useState(0);
  const bumpResults = useCallback(() => setResultsVersion((v) => v + 1), []);
  const [overlayStyle, setOverlayStyle] = useState<OverlayStyle>(DEFAULT_OVERLAY_STYLE);
  const [edit, setEdit] = useState<EditState>({ tool: 'none', radius: 6 });
  const [selectedBolusId, setSelectedBolusId] = useState<number | null>(null);
  const [normalised, setNormalised] = useState(false);
  const [, setEditVersion] = useState(0);
  const element = useRef<HTMLDivElement>(null);
  const controller = useRef<StackController | null>(null);
  const player = useRef<CinePlayer | null>(null);
  const sync = useRef<MeasurementSync | null>(null);
  const history = useMemo(() => new History(() => setHistoryVersion((v) => v + 1)), []);

  useEffect(() => {
    let cancelled = false;
    api.call['study.get']({ studyId }).then(
      (s) => {
        if (cancelled) return;
        setStudy(s);
        const best = [...s.series].sort((a, b) => sumFrames(b) - sumFrames(a))[0];
        setSeriesId((id) => id ?? best?.id ?? null);
      },
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [api, studyId]);

  const series = study?.series.find((s) => s.id === seriesId) ?? null;
  const displaySet = useMemo(() => (series ? buildDisplaySet(series, api.fileUrl) : null), [series, api]);

  useEffect(() => {
    const el = element.current;
    if (!el || !displaySet || !study) return;
    let disposed = false;
    let stopLoadErrors = () => {};
    let unsubscribe = () => {};
    let unregisterCalibrations = () => {};
    const resize = new ResizeObserver(() => controller.current?.resize());
    (async () => {
      const mode = await initCornerstone();
      if (disposed) return;
      setRendering(mode.cpuRendering ? t('viewer.renderCpu', { reason: mode.reason.split(' (')[0] }) : t('viewer.renderGpu', { reason: mode.reason }));
      unregisterCalibrations = registerCalibrations(
        displaySet.imageIds.map((id, i) => [id, displaySet.calibrationOf(displaySet.frames[i]?.instanceId ?? -1)] as const),
      );
      const c = new StackController(el, measurementTextLines);
      controller.current = c;
      setActive(c);
      unsubscribe = c.subscribe(setView);
      stopLoadErrors = c.onImageLoadFailed((m, index) =>
        setError(t('viewer.loadFailed', { message: index >= 0 && total > 1 ? `${m} (${t('viewer.onFrame', { frame: index + 1 })})` : m })),
      );
      resize.observe(el);
      const total = displaySet.imageIds.length;
      await c.setStack(displaySet.imageIds, 0);
      if (disposed) return;
      c.setTool(tool);
      setView(c.state());
      setLoop({ start: 0, end: total - 1 });
      if (displaySet.timing?.timestampsMs) {
        player.current = new CinePlayer(c, displaySet.timing.timestampsMs, setPlaying);
      }
      const s = new MeasurementSync(api, c, displaySet, history, setMeasurements, (m) => notify(t('viewer.saveFailed', { message: m })));
      sync.current = s;
      s.start();
      await s.load(study.id);
      exposeViewerDebug({ controller: c, player: () => player.current, displaySet });
      if (total > 1) {
        setLoaded({ done: 0, total });
        await c.prefetch((done) => !disposed && setLoaded({ done, total }));
      }
    })().catch((e: unknown) => !disposed && setError(t('viewer.loadFailed', { message: e instanceof Error ? e.message : String(e) })));
    return () => {
      disposed = true;
      resize.disconnect();
      unsubscribe();
      unregisterCalibrations();
      stopLoadErrors();
      player.current?.dispose();
      player.current = null;
      sync.current?.dispose();
      sync.current = null;
      controller.current?.dispose();
      controller.current = null;
      setActive(null);
      setLoaded(null);
      setPlaying(false);
    };
    // The tool is applied once at creation; later changes go through setTool below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [displaySet, study?.id, api, history]);

  const total = displaySet?.imageIds.length ?? 0;
  const vfssInstanceId = study?.workflow === 'vfss' && displaySet ? (displaySet.cineInstanceId ?? displaySet.frames[0]?.instanceId ?? null) : null;
  const vfss = useVfssReview(api, vfssInstanceId, studyId);
  const vfssReview = vfss.review;
  const editedRef = useRef<ReadonlySet<number>>(new Set());
  editedRef.current = new Set(vfssReview?.editedFrames ?? []);
  const reviewShape = vfssReview ? `${vfssReview.instanceId}:${vfssReview.width}:${vfssReview.height}:${vfssReview.modelKey ?? ''}` : '';
  const maskSession = useMemo(
    () =>
      vfssReview && vfssReview.frames > 0
        ? new MaskEditSession(api, vfssReview.instanceId, vfssReview.width, vfssReview.height, vfssReview.modelKey, (f) => editedRef.current.has(f), () => setEditVersion((v) => v + 1))
        : null,
    // Re-created only when the instance, its size or the model changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, reviewShape],
  );
  useEffect(() => {
    if (study?.workflow !== 'vfss' || !vfssReview) return;
    setOverlay((o) => (o.modelKey ? o : { modelKey: vfssReview.modelKey ?? 'none', visible: true }));
  }, [study?.workflow, vfssReview]);
  const selectedBolus = vfssReview?.boluses.find((b) => b.id === selectedBolusId) ?? vfssReview?.boluses[0] ?? null;
  /** The frame on screen now, for key handlers that may run before React re-renders `view.frame`. */
  const renderedFrame = useRef(view.frame);
  renderedFrame.current = view.frame;
  const liveFrame = useCallback(() => controller.current?.frame ?? renderedFrame.current, []);
  const seek = useCallback(
    (frame: number) => {
      player.current?.pause();
      void controller.current?.showFrame(Math.max(0, Math.min(total - 1, frame)));
    },
    [total],
  );
  // Stable, so that the swallow panel (memoised: it does not follow the frame) is not re-rendered
  // on every frame of a cine.
  const drawRegion = useCallback(
    (region: ResidueRegionName) => setEdit((e) => (e.tool === 'region' && e.region === region ? { ...e, tool: 'none' } : { ...e, tool: 'region', region })),
    [],
  );
  const chooseTool = (next: PrimaryTool) => {
    setTool(next);
    controller.current?.setTool(next);
  };
  const applyLoop = (range: FrameRange) => {
    const r = clampRange(range, total);
    setLoop(r);
    player.current?.setRange(r);
  };
  const changeSpeed = (s: number) => {
    setSpeed(s);
    player.current?.setSpeed(s);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = findShortcut(e, 'viewer');
      if (!id || id === 'help') return;
      const c = controller.current;
      const handled = ((): boolean => {
        switch (id) {
          case 'prevFrame':
            player.current?.pause();
            void c?.step(-1);
            return true;
          case 'nextFrame':
            player.current?.pause();
            void c?.step(1);
            return true;
          case 'firstFrame':
            seek(0);
            return true;
          case 'lastFrame':
            seek(total - 1);
            return true;
          case 'playPause':
            player.current?.toggle();
            return true;
          case 'slower':
          case 'faster': {
            const i = SPEEDS.findIndex((s) => s === speed);
            const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + (id === 'faster' ? 1 : -1)))];
            if (next) changeSpeed(next);
            return true;
          }
          case 'loopIn': {
            const f = liveFrame();
            applyLoop({ start: f, end: Math.max(f, loop.end) });
            return true;
          }
          case 'loopOut': {
            const f = liveFrame();
            applyLoop({ start: Math.min(loop.start, f), end: f });
            return true;
          }
          case 'windowLevel':
          case 'pan':
          case 'zoom':
          case 'length':
          case 'angle':
          case 'cobb':
            chooseTool(id);
            return true;
          case 'fit':
            c?.fit();
            return true;
          case 'invert':
            c?.invert();
            return true;
          case 'reset':
            c?.reset();
            return true;
          case 'undo':
            void history.undo();
            return true;
          case 'redo':
            void history.redo();
            return true;
          case 'back':
            onBack();
            return true;
          default:
            return false;
        }
      })();
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (error && !study) {
    return (
      <section className="viewer error-page">
        <p className="error">{error}</p>
        <button type="button" onClick={onBack}>
          {t('viewer.back')}
        </button>
      </section>
    );
  }

  const current = displaySet?.frames[view.frame];
  const calibration = current && displaySet ? displaySet.calibrationOf(current.instanceId) : { rowMm: null, colMm: null, source: 'none' as const };
  const loading = loaded && loaded.done < loaded.total;

  return (
    <section className="viewer" aria-label={study?.description ?? ''}>
      <div className="viewer-head">
        <button type="button" onClick={onBack}>
          ← {t('viewer.back')}
        </button>
        {study && (
          <div className="study-title">
            <strong>{study.patientLabel}</strong> · {study.description || '—'} · {study.studyDate ?? ''}{' '}
            <span className={`wf wf-${study.workflow}`}>{t(`workflow.${study.workflow}`)}</span>
            {study.demo && <span className="badge demo">{t('app.demoBadge')}</span>}
          </div>
        )}
      </div>
      <Toolbar
        tool={tool}
        onTool={chooseTool}
        onFit={() => controller.current?.fit()}
        onInvert={() => controller.current?.invert()}
        onReset={() => controller.current?.reset()}
        onUndo={() => void history.undo()}
        onRedo={() => void history.redo()}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
      />
      <div className="viewer-body">
        {study && <SeriesList study={study} selected={seriesId} onSelect={setSeriesId} />}
        <div className="viewport-wrap">
          <div
            ref={element}
            className="viewport"
            data-testid="viewport"
            onContextMenu={(e) => e.preventDefault()}
            tabIndex={-1}
          />
          {displaySet && (
            <MaskOverlay api={api} controller={active} displaySet={displaySet} modelKey={overlay.modelKey} visible={overlay.visible} version={resultsVersion} style={overlayStyle} />
          )}
          {displaySet && vfssInstanceId !== null && (
            <MaskEditSurface
              controller={active}
              displaySet={displaySet}
              session={maskSession}
              edit={edit}
              outlines={selectedBolus?.residue ?? null}
              onRegion={(region, frame, points) => {
                if (!selectedBolus) return notify(t('vfss.residue.needsBolus'));
                api.call['vfss.setResidue']({ bolusId: selectedBolus.id, frame, region, points }).catch((e: Error) => notify(t('errors.generic', { message: e.message })));
              }}
              onDone={() => setEdit((e) => (e.tool === 'region' ? { ...e, tool: 'none' } : e))}
            />
          )}
          <div className="overlay tl">
            {displaySet?.kindLabel}
            {error && <div className="error">{error}</div>}
          </div>
          <div className="overlay tr" data-testid="view-state">
            {view.windowWidth !== null && view.windowCenter !== null && (
              <div>{t('viewer.wl', { width: Math.round(view.windowWidth), center: Math.round(view.windowCenter) })}</div>
            )}
            <div>{t('viewer.zoom', { zoom: view.zoomPercent })}</div>
            <div className="render-mode" data-testid="render-mode">{rendering}</div>
          </div>
          {loading && (
            <div className="overlay bl loading" data-testid="loading">
              {t('viewer.loading')} {loaded.done}/{loaded.total}
              <progress max={loaded.total} value={loaded.done} />
            </div>
          )}
        </div>
        <div className="side-panels">
          <MeasurementPanel
            measurements={measurements}
            calibration={calibration}
            multiFrame={total > 1}
            onSelect={(m) => void sync.current?.reveal(m)}
            onDelete={(m) => void sync.current?.remove(m.id)}
          />
          {study && vfssInstanceId !== null && (
            <>
              <VfssPanel
                instanceId={vfssInstanceId}
                state={vfss}
                liveFrame={liveFrame}
                timing={displaySet?.timing ?? null}
                origin={origin}
                loop={loop}
                overlay={overlayStyle}
                onOverlay={setOverlayStyle}
                onSeek={seek}
                selectedBolusId={selectedBolus?.id ?? null}
                onSelectBolus={setSelectedBolusId}
                drawingRegion={edit.tool === 'region' ? (edit.region ?? null) : null}
                onDrawRegion={drawRegion}
              />
              <MaskEditTools
                edit={edit}
                onEdit={setEdit}
                session={maskSession}
                review={vfssReview}
                frame={view.frame}
                range={selectedBolus ? { start: selectedBolus.startFrame, end: selectedBolus.endFrame } : null}
                timestampsMs={displaySet?.timing?.timestampsMs ?? null}
              />
            </>
          )}
          {study && (
            <AiPanel
              workflow={study.workflow}
              studyId={study.id}
              instanceId={displaySet?.cineInstanceId ?? current?.instanceId ?? null}
              overlay={overlay}
              onOverlay={setOverlay}
              onResults={bumpResults}
            />
          )}
        </div>
      </div>
      {vfssReview && total > 1 && (
        <div className="timeline-wrap" aria-label={t('vfss.timeline')}>
          <label className="check timeline-toggle">
            <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.target.checked)} disabled={!vfssReview.anatomy?.c2c4LengthPx} />
            {t('vfss.normalised')}
          </label>
          <Timeline
            track={vfssReview.track}
            timestampsMs={displaySet?.timing?.timestampsMs ?? null}
            originFrame={origin}
            currentFrame={view.frame}
            boluses={vfssReview.boluses}
            proposals={vfssReview.proposals}
            anatomy={vfssReview.anatomy}
            eventShort={EVENT_SHORT}
            normalised={normalised}
            onSeek={seek}
          />
        </div>
      )}
      {total > 1 && displaySet && (
        <CineBar
          frame={view.frame}
          total={total}
          timing={displaySet.timing}
          playing={playing}
          speed={speed}
          loop={loop}
          origin={origin}
          onSeek={seek}
          onToggle={() => player.current?.toggle()}
          onSpeed={changeSpeed}
          onLoopIn={() => applyLoop({ start: view.frame, end: Math.max(view.frame, loop.end) })}
          onLoopOut={() => applyLoop({ start: Math.min(loop.start, view.frame), end: view.frame })}
          onLoopClear={() => applyLoop({ start: 0, end: total - 1 })}
          onOrigin={setOrigin}
          onSetRate={(fps) => {
            if (displaySet.cineInstanceId === null) return;
            api.call['study.setFrameRate']({ instanceId: displaySet.cineInstanceId, fps }).then(setStudy, (e: Error) =>
              notify(t('errors.generic', { message: e.message })),
            );
          }}
        />
      )}
    </section>
  );
}

function sumFrames(s: StudyDetail['series'][number]): number {
  return s.instances.reduce((n, i) => n + i.frames, 0);
}
