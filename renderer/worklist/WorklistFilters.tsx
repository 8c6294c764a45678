import { useTranslation } from 'react-i18next';
import type { Workflow } from '../../common/api';

export interface Filters {
  text: string;
  modalities: string[];
  workflows: Workflow[];
  dateFrom: string;
  dateTo: string;
  minFrames: string;
}

export const EMPTY_FILTERS: Filters = { text: '', modalities: [], workflows: [], dateFrom: '', dateTo: '', minFrames: '' };

const WORKFLOWS: Workflow[] = ['vfss', 'spine', 'pathology', 'other'];

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function WorklistFilters(props: { value: Filters; onChange: (f: Filters) => void; modalities: string[] }) {
  const { t } = useTranslation();
  const f = props.value;
  const set = (patch: Partial<Filters>) => props.onChange({ ...f, ...patch });
  return (
    <div className="filters">
      <input
        type="search"
        className="search"
        placeholder={t('worklist.search')}
        aria-label={t('worklist.search')}
        data-testid="worklist-search"
        value={f.text}
        onChange={(e) => set({ text: e.target.value })}
      />
      <fieldset className="chips" aria-label={t('worklist.workflow')}>
        {WORKFLOWS.map((w) => (
          <button
            key={w}
            type="button"
            className={f.workflows.includes(w) ? 'chip on' : 'chip'}
            aria-pressed={f.workflows.includes(w)}
            data-testid={`filter-workflow-${w}`}
            onClick={() => set({ workflows: toggle(f.workflows, w) })}
          >
            {t(`workflow.${w}`)}
          </button>
        ))}
      </fieldset>
      <fieldset className="chips" aria-label={t('worklist.modality')}>
        {props.modalities.map((m) => (
          <button
            key={m}
            type="button"
            className={f.modalities.includes(m) ? 'chip on' : 'chip'}
            aria-pressed={f.modalities.includes(m)}
            onClick={() => set({ modalities: toggle(f.modalities, m) })}
          >
            {m}
          </button>
        ))}
      </fieldset>
      <label>
        {t('worklist.dateFrom')} <input type="date" value={f.dateFrom} onChange={(e) => set({ dateFrom: e.target.value })} />
      </label>
      <label>
        {t('worklist.dateTo')} <input type="date" value={f.dateTo} onChange={(e) => set({ dateTo: e.target.value })} />
      </label>
      <label>
        {t('worklist.minFrames')}{' '}
        <input type="number" min={0} className="short" value={f.minFrames} onChange={(e) => set({ minFrames: e.target.value })} />
      </label>
      <button type="button" onClick={() => props.onChange(EMPTY_FILTERS)}>
        {t('worklist.clear')}
      </button>
    </div>
  );
}
