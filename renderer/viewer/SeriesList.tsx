import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudyDetail } from '../../common/api';

function SeriesListView({ study, selected, onSelect }: { study: StudyDetail; selected: number | null; onSelect: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="series-list" aria-label={t('viewer.series')}>
      <h3>{t('viewer.series')}</h3>
      <ul>
        {study.series.map((s) => {
          const frames = s.instances.reduce((n, i) => n + i.frames, 0);
          return (
            <li key={s.id}>
              <button type="button" className={s.id === selected ? 'on' : undefined} aria-current={s.id === selected} onClick={() => onSelect(s.id)}>
                <span className="mod">{s.modality}</span> {s.description || `#${s.number ?? ''}`}
                <span className="muted">
                  {' '}
                  {s.instances.length} · {frames} {t('worklist.frames').toLowerCase()}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Memoised: the series list does not follow the frame on screen. */
export const SeriesList = memo(SeriesListView);
