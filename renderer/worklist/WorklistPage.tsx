import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortField, StudySummary, Workflow, WorklistPage as Page } from '../../common/api';
import { useApp } from '../app/ApiContext';
import { findShortcut } from '../app/shortcuts';
import { WorklistFilters, type Filters, EMPTY_FILTERS } from './WorklistFilters';

const PAGE = 200;

const COLUMNS: Array<{ field: SortField; key: string; numeric?: boolean }> = [
  { field: 'patient', key: 'worklist.patient' },
  { field: 'date', key: 'worklist.date' },
  { field: 'description', key: 'worklist.description' },
  { field: 'modality', key: 'worklist.modality' },
  { field: 'workflow', key: 'worklist.workflow' },
  { field: 'instances', key: 'worklist.instances', numeric: true },
  { field: 'frames', key: 'worklist.frames', numeric: true },
  { field: 'imported', key: 'worklist.imported' },
];

export function WorklistPage({ onOpen }: { onOpen: (studyId: number) => void }) {
  const { t, i18n } = useTranslation();
  const { api, notify, settings } = useApp();
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [sort, setSort] = useState<{ field: SortField; dir: 'asc' | 'desc' }>({ field: 'imported', dir: 'desc' });
  const [page, setPage] = useState<Page | null>(null);
  const [selected, setSelected] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const load = useCallback(async () => {
    try {
      const result = await api.call['worklist.query']({
        text: filters.text,
        modalities: filters.modalities,
        workflows: filters.workflows,
        dateFrom: filters.dateFrom || null,
        dateTo: filters.dateTo || null,
        minFrames: filters.minFrames === '' ? null : Number(filters.minFrames),
        sort,
        offset: 0,
        limit,
      });
      setPage(result);
      setSelected((s) => Math.min(s, Math.max(0, result.items.length - 1)));
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
    }
  }, [api, filters, sort, limit, notify, t]);

  useEffect(() => {
    const timer = window.setTimeout(() => void load(), 120);
    return () => window.clearTimeout(timer);
  }, [load, settings.showIdentities]);

  useEffect(() => api.onEvent((e) => e.type === 'worklist.changed' && void load()), [api, load]);

  const items = page?.items ?? [];
  const current: StudySummary | undefined = items[selected];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = findShortcut(e, 'worklist');
      if (id === 'move') {
        e.preventDefault();
        setSelected((s) => Math.max(0, Math.min(items.length - 1, s + (e.key === 'ArrowUp' ? -1 : 1))));
      } else if (id === 'open' && current) {
        e.preventDefault();
        onOpen(current.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items.length, current, onOpen]);

  useEffect(() => {
    tableRef.current?.querySelector(`tr[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const toggleSort = (field: SortField) =>
    setSort((s) => (s.field === field ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: field === 'patient' || field === 'description' ? 'asc' : 'desc' }));

  async function remove(study: StudySummary): Promise<void> {
    if (!window.confirm(t('worklist.confirmDelete', { description: study.description || study.patientLabel }))) return;
    try {
      await api.call['study.delete']({ studyId: study.id });
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
    }
  }

  async function reclassify(study: StudySummary, workflow: Workflow): Promise<void> {
    try {
      await api.call['study.setWorkflow']({ studyId: study.id, workflow });
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
    }
  }

  const dateFmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const dateTimeFmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <section className="worklist" aria-label={t('app.worklist')}>
      <WorklistFilters value={filters} onChange={setFilters} modalities={page?.modalities ?? []} />
      <div className="worklist-status">
        <span data-testid="worklist-count">{t('worklist.count', { count: page?.total ?? 0 })}</span>
        <span className="muted">{t('worklist.openHint')}</span>
        <span className="spacer" />
        {current && (
          <>
            <label>
              {t('worklist.setWorkflow')}{' '}
              <select value={current.workflow} onChange={(e) => void reclassify(current, e.target.value as Workflow)}>
                {(['vfss', 'spine', 'pathology', 'other'] as const).map((w) => (
                  <option key={w} value={w}>
                    {t(`workflow.${w}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => onOpen(current.id)}>
              {t('worklist.open')}
            </button>
            <button type="button" className="danger" onClick={() => void remove(current)}>
              {t('worklist.delete')}
            </button>
          </>
        )}
      </div>
      <div className="table-wrap">
        <table className="studies" data-testid="worklist">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.field}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.field === c.field ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" onClick={() => toggleSort(c.field)}>
                    {t(c.key)} {sort.field === c.field ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {items.map((s, i) => (
              <tr
                key={s.id}
                data-index={i}
                data-study-id={s.id}
                className={i === selected ? 'selected' : undefined}
                aria-selected={i === selected}
                onClick={() => setSelected(i)}
                onDoubleClick={() => onOpen(s.id)}
              >
                <td>
                  {s.patientLabel}
                  {s.demo && <span className="badge demo">{t('app.demoBadge')}</span>}
                  {s.deidentified && <span className="badge" title={t('worklist.deidentified')}>⊘</span>}
                </td>
                <td>{s.studyDate ? dateFmt.format(new Date(`${s.studyDate}T00:00:00`)) : '—'}</td>
                <td>{s.description || '—'}</td>
                <td>{s.modalities.join(', ')}</td>
                <td>
                  <span className={`wf wf-${s.workflow}`}>{t(`workflow.${s.workflow}`)}</span>
                </td>
                <td className="num">{s.numInstances}</td>
                <td className="num">{s.numFrames}</td>
                <td>{dateTimeFmt.format(new Date(s.importedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && items.length === 0 && <p className="empty">{t('worklist.empty')}</p>}
        {page && items.length < page.total && (
          <button type="button" className="more" onClick={() => setLimit((l) => l + PAGE)}>
            {items.length} / {page.total} …
          </button>
        )}
      </div>
    </section>
  );
}
