import { memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job, ModelInfo, Workflow } from '../../../common/api';
import { useApp } from '../../app/ApiContext';

const TASKS: Record<Workflow, string[]> = {
  vfss: ['vfss.bolus'],
  spine: ['spine.segment', 'spine.restore'],
  pathology: ['pathology.classify', 'pathology.nuclei'],
  other: [],
};

export interface AiPanelProps {
  workflow: Workflow;
  studyId: number;
  /** The instance a model would run on (the cine, or the image on screen). */
  instanceId: number | null;
  overlay: { modelKey: string | null; visible: boolean };
  onOverlay(next: { modelKey: string | null; visible: boolean }): void;
  /** A job finished: results changed. */
  onResults(): void;
}

/** Models for this workflow, their jobs on this instance (progress, cancel, retry) and the overlay switch. */
function AiPanelView(p: AiPanelProps) {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [jobs, setJobs] = useState<Job[]>([]);
  const { onResults, onOverlay, overlay } = p;

  const load = useCallback(async () => {
    const all = await api.call['models.list']({});
    setModels(all.filter((m) => TASKS[p.workflow].includes(m.task)));
    const fetched = await api.call['jobs.list']({ studyId: p.studyId });
    // A list fetched before a job event arrived must not undo that event: keep the newer of each.
    setJobs((list) => mergeJobs(list, fetched));
  }, [api, p.workflow, p.studyId]);

  useEffect(() => {
    void load().catch((e: Error) => notify(t('errors.generic', { message: e.message })));
  }, [load, notify, t]);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'job.progress' || e.type === 'job.finished') {
          if (e.job.studyId !== p.studyId) return;
          setJobs((list) => mergeJobs(list, [e.job]));
          if (e.type === 'job.finished' && e.job.state === 'done') {
            onResults();
            if (!overlay.modelKey) onOverlay({ modelKey: e.job.modelKey, visible: true });
          }
        } else if (e.type === 'models.changed') void load();
      }),
    [api, load, p.studyId, onResults, onOverlay, overlay.modelKey],
  );

  const run = async (m: ModelInfo) => {
    if (p.instanceId === null) return;
    try {
      await api.call['jobs.start']({ modelKey: m.key, instanceId: p.instanceId });
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
    }
  };

  if (TASKS[p.workflow].length === 0) return null;
  return (
    <section className="ai-panel" aria-label={t('ai.title')} data-testid="ai-panel">
      <h3>{t('ai.title')}</h3>
      {models.length === 0 && <p className="muted">{t('ai.noModels')}</p>}
      {models.map((m) => {
        const job = jobs.find((j) => j.modelKey === m.key && j.instanceId === p.instanceId);
        const active = job && (job.state === 'queued' || job.state === 'running');
        return (
          <div key={m.key} className="ai-model" data-model-key={m.key}>
            <div>
              <strong>{m.name}</strong> <span className="mono muted">{m.version}</span>
              {!m.clinicalUse && <span className="badge not-clinical">{t('models.notClinical')}</span>}
            </div>
            {m.status !== 'ready' ? (
              <div className="error">{m.problems[0]}</div>
            ) : (
              <div className="row">
                <button type="button" className="primary" disabled={Boolean(active) || p.instanceId === null} onClick={() => void run(m)} data-testid="run-model">
                  {t('ai.run')}
                </button>
                {job && (
                  <span className={`job job-${job.state}`} data-testid="job-state" data-state={job.state}>
                    {t(`ai.state.${job.state}`)}
                    {job.executionProvider ? ` · ${job.executionProvider.toUpperCase()}` : ''}
                  </span>
                )}
              </div>
            )}
            {job && active && (
              <div className="row">
                <progress max={1} value={job.progress} aria-label={t('ai.progress')} data-testid="job-progress" />
                <span className="muted">
                  {job.framesCached + job.framesDone}/{job.framesTotal}
                </span>
                <button type="button" onClick={() => void api.call['jobs.cancel']({ jobId: job.id })} data-testid="cancel-job">
                  {t('ai.cancel')}
                </button>
              </div>
            )}
            {job && (job.state === 'failed' || job.state === 'cancelled') && (
              <div className="row">
                {job.error && <span className="error">{job.error}</span>}
                <button type="button" onClick={() => void api.call['jobs.retry']({ jobId: job.id })} data-testid="retry-job">
                  {t('ai.retry')}
                </button>
              </div>
            )}
            {job && job.state === 'done' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={overlay.modelKey === m.key && overlay.visible}
                  onChange={(e) => onOverlay({ modelKey: m.key, visible: e.target.checked })}
                  data-testid="overlay-toggle"
                />
                {t('ai.overlay')}{' '}
                <span className="muted">
                  ({t('ai.frames', { count: job.framesTotal })}
                  {job.framesCached > 0 ? `, ${t('ai.cached', { count: job.framesCached })}` : ''})
                </span>
              </label>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** Jobs by id, the most recently updated version of each, newest job first. */
function mergeJobs(current: readonly Job[], incoming: readonly Job[]): Job[] {
  const byId = new Map(current.map((j) => [j.id, j]));
  for (const j of incoming) {
    const old = byId.get(j.id);
    if (!old || old.updatedAt <= j.updatedAt) byId.set(j.id, j);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** Memoised: nothing it shows follows the frame on screen, so a playing cine does not re-render it. */
export const AiPanel = memo(AiPanelView);
