import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../common/api';

/** The model card as a clinician reads it: what it is for, what it was trained on, how well it did. */
export function ModelCardView({ model }: { model: ModelInfo }) {
  const { t } = useTranslation();
  const card = model.card;
  return (
    <article className="model-card" data-testid="model-card">
      <h3>
        {model.name} <span className="mono muted">{model.key}</span>
      </h3>
      {!model.clinicalUse && <p className="not-clinical-banner">{t('models.notClinicalLong')}</p>}
      {model.problems.length > 0 && (
        <ul className="problems">
          {model.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {card && (
        <>
          <dl>
            <dt>{t('models.intendedUse')}</dt>
            <dd>{card.intendedUse}</dd>
            <dt>{t('models.trainingData')}</dt>
            <dd>{card.training.data}</dd>
            <dt>{t('models.trainingCommand')}</dt>
            <dd className="mono">{card.training.command}</dd>
            <dt>{t('models.licence')}</dt>
            <dd>{card.licence}</dd>
            <dt>{t('models.input')}</dt>
            <dd className="mono">
              {card.inputs.map((i) => `${i.name} [${i.shape.join('×')}] ${i.dtype}`).join(', ')} ·{' '}
              {card.preprocessing.channels.map((c) => c.name).join(', ')}
            </dd>
            <dt>{t('models.output')}</dt>
            <dd className="mono">{card.outputs.map((o) => `${o.name} [${o.shape.join('×')}]`).join(', ')}</dd>
          </dl>
          {card.metrics.length > 0 && (
            <table className="metrics">
              <thead>
                <tr>
                  <th>{t('models.metric')}</th>
                  <th>{t('models.value')}</th>
                  <th>{t('models.dataset')}</th>
                </tr>
              </thead>
              <tbody>
                {card.metrics.map((m) => (
                  <tr key={`${m.name}-${m.dataset}`} title={m.command}>
                    <td>{m.name}</td>
                    <td className="num">{m.value.toFixed(4)}</td>
                    <td>{m.dataset}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {card.ablation && card.ablation.length > 0 && (
            <table className="metrics">
              <thead>
                <tr>
                  <th>{t('models.variant')}</th>
                  {Object.keys(card.ablation[0]?.metrics ?? {}).map((k) => (
                    <th key={k}>{k}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {card.ablation.map((a) => (
                  <tr key={a.variant} title={a.description}>
                    <td>{a.variant}</td>
                    {Object.values(a.metrics).map((v, i) => (
                      <td key={i} className="num">
                        {v.toFixed(4)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </article>
  );
}
