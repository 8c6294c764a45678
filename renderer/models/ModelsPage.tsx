import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostStatus, ModelInfo } from '../../common/api';
import { useApp } from '../app/ApiContext';
import { AddModel } from './AddModel';
import { ModelCardView } from './ModelCardView';

/** Every model the registry found, its card, and whether it can run — plus adding a model. */
export function ModelsPage() {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [status, setStatus] = useState<HostStatus | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setModels(await api.call['models.list']({}));
      setStatus(await api.call['inference.status']({}));
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
    }
  }, [api, notify, t]);

  useEffect(() => {
    void load();
    return api.onEvent((e) => {
      if (e.type === 'models.changed' || e.type === 'job.finished') void load();
    });
  }, [api, load]);

  const current = models?.find((m) => `${m.source}:${m.file}` === selected) ?? models?.[0] ?? null;

  return (
    <section className="models-page" aria-label={t('models.title')}>
      <div className="models-head">
        <h2>{t('models.title')}</h2>
        <span className="muted" data-testid="inference-status">
          {status
            ? t('models.provider', {
                provider: status.executionProvider ? status.executionProvider.toUpperCase() : t('models.providerUnknown'),
                candidates: status.candidates.map((c) => c.toUpperCase()).join(' → '),
              })
            : ''}
        </span>
        <span className="spacer" />
        <AddModel onAdded={() => void load()} />
      </div>
      <div className="models-body">
        <table className="models-table" data-testid="models">
          <thead>
            <tr>
              <th>{t('models.name')}</th>
              <th>{t('models.key')}</th>
              <th>{t('models.task')}</th>
              <th>{t('models.source')}</th>
              <th>{t('models.status')}</th>
            </tr>
          </thead>
          <tbody>
            {(models ?? []).map((m) => (
              <tr
                key={`${m.source}:${m.file}`}
                className={current === m ? 'selected' : undefined}
                onClick={() => setSelected(`${m.source}:${m.file}`)}
                data-model-key={m.key}
                data-status={m.status}
              >
                <td>
                  {m.name}
                  {!m.clinicalUse && <span className="badge not-clinical">{t('models.notClinical')}</span>}
                </td>
                <td className="mono">{m.key}</td>
                <td>{m.task}</td>
                <td>{t(`models.sources.${m.source}`)}</td>
                <td>
                  <span className={`badge status-${m.status}`}>{t(`models.statuses.${m.status}`)}</span>
                  {m.problems.length > 0 && <div className="problems">{m.problems[0]}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {models && models.length === 0 && <p className="empty">{t('models.none')}</p>}
        {current && <ModelCardView model={current} />}
      </div>
    </section>
  );
}
