import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, Workflow } from '../../common/api';
import { useApp } from '../app/ApiContext';
import { filesFromInput, type PendingFiles } from './dropFiles';

export type { PendingFiles } from './dropFiles';

type Phase =
  | { step: 'choose' }
  | { step: 'uploading'; done: number; total: number }
  | { step: 'importing'; importId: number; done: number; total: number; file: string }
  | { step: 'finished'; report: ImportReport };

const UPLOAD_PARALLEL = 4;

export function ImportDialog(props: { initial: PendingFiles | null; onClose: () => void; onOpenStudy: (studyId: number) => void }) {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [pending, setPending] = useState<PendingFiles | null>(props.initial);
  const [deidentify, setDeidentify] = useState(true);
  const [workflow, setWorkflow] = useState<Workflow | 'auto'>('auto');
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const importIdRef = useRef<number | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'import.progress' && event.importId === importIdRef.current) {
          setPhase({ step: 'importing', importId: event.importId, done: event.done, total: event.total, file: event.file });
        } else if (event.type === 'import.finished' && event.report.importId === importIdRef.current) {
          setPhase({ step: 'finished', report: event.report });
        }
      }),
    [api],
  );

  const count = pending ? pending.paths.length || pending.files.length : 0;

  async function start(): Promise<void> {
    if (!pending || count === 0) return;
    const options = { deidentify, workflow };
    try {
      let importId: number;
      if (pending.paths.length) {
        importId = (await api.call['import.paths']({ paths: pending.paths, options })).importId;
      } else {
        const upload = api.transport.upload;
        if (!upload) throw new Error('This transport cannot upload files.');
        const { uploadId } = await api.call['import.beginUpload']({});
        let done = 0;
        setPhase({ step: 'uploading', done, total: pending.files.length });
        const queue = [...pending.files];
        await Promise.all(
          Array.from({ length: UPLOAD_PARALLEL }, async () => {
            for (let next = queue.shift(); next; next = queue.shift()) {
              await upload(uploadId, next.relativePath, next.file);
              done++;
              setPhase({ step: 'uploading', done, total: pending.files.length });
            }
          }),
        );
        importId = (await api.call['import.commitUpload']({ uploadId, options })).importId;
      }
      importIdRef.current = importId;
      setPhase((p) => (p.step === 'finished' ? p : { step: 'importing', importId, done: 0, total: count, file: '' }));
      // The finished event may have arrived before we knew the id: ask once.
      const report = await api.call['import.get']({ importId });
      if (report.state !== 'running') setPhase({ step: 'finished', report });
    } catch (error) {
      notify(t('errors.generic', { message: (error as Error).message }));
      setPhase({ step: 'choose' });
    }
  }

  const busy = phase.step === 'uploading' || phase.step === 'importing';
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal import" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title">{t('import.title')}</h2>
        {phase.step === 'choose' && (
          <>
            <div className="dropzone">{t('import.dropHere')}</div>
            <div className="row">
              <label className="button">
                {t('import.chooseFiles')}
                <input type="file" multiple hidden data-testid="file-input" onChange={(e) => setPending(filesFromInput(e.target.files))} />
              </label>
              <label className="button">
                {t('import.chooseFolder')}
                <input ref={folderInput} type="file" multiple hidden onChange={(e) => setPending(filesFromInput(e.target.files))} />
              </label>
              <span className="muted">{count > 0 ? t('import.selected', { count }) : ''}</span>
            </div>
            <label className="check">
              <input type="checkbox" checked={deidentify} onChange={(e) => setDeidentify(e.target.checked)} />
              {t('import.deidentify')}
            </label>
            <label>
              {t('import.workflow')}{' '}
              <select value={workflow} onChange={(e) => setWorkflow(e.target.value as Workflow | 'auto')}>
                <option value="auto">{t('import.auto')}</option>
                {(['vfss', 'spine', 'pathology', 'other'] as const).map((w) => (
                  <option key={w} value={w}>
                    {t(`workflow.${w}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {busy && (
          <div className="progress-block">
            <progress
              max={phase.total || 1}
              value={phase.done}
              aria-label={phase.step === 'uploading' ? t('import.uploading', phase) : t('import.progress', phase)}
            />
            <div className="muted">
              {phase.step === 'uploading' ? t('import.uploading', phase) : t('import.progress', phase)}
              {phase.step === 'importing' && phase.file ? ` — ${phase.file}` : ''}
            </div>
          </div>
        )}
        {phase.step === 'finished' && <ImportResult report={phase.report} onOpenStudy={props.onOpenStudy} />}
        <div className="row end">
          {phase.step === 'choose' && (
            <button type="button" className="primary" disabled={count === 0} onClick={() => void start()} data-testid="import-start">
              {t('import.start')}
            </button>
          )}
          <button type="button" onClick={props.onClose} disabled={busy}>
            {t('import.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

function ImportResult({ report, onOpenStudy }: { report: ImportReport; onOpenStudy: (id: number) => void }) {
  const { t } = useTranslation();
  const firstStudy = report.studyIds[0];
  return (
    <div className="import-report" data-testid="import-report" data-state={report.state}>
      <h3>{report.state === 'done' ? t('import.finished') : t('import.failed')}</h3>
      {report.error && <p className="error">{report.error}</p>}
      <p>{t('import.summary', report.counts)}</p>
      <ul className="file-results">
        {report.files.map((f) => (
          <li key={f.name} className={`status-${f.status}`}>
            <span className="badge">{t(`import.status.${f.status}`)}</span> <span className="name">{f.name}</span>
            {f.message && <div className="message">{f.message}</div>}
          </li>
        ))}
      </ul>
      {firstStudy !== undefined && (
        <button type="button" className="primary" onClick={() => onOpenStudy(firstStudy)}>
          {t('import.openStudy')}
        </button>
      )}
    </div>
  );
}
