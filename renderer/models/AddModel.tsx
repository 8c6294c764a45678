import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/ApiContext';
import { addModelFiles } from './addModelFiles';

/** Add a model: pick its .onnx and .model.json together; the registry checks both before keeping them. */
export function AddModel({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { api, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function add(list: FileList | null): Promise<void> {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    setBusy(true);
    setResult(null);
    try {
      const info = await addModelFiles(api, files);
      setResult({ ok: true, text: t('models.added', { key: info.key }) });
      onAdded();
    } catch (error) {
      setResult({ ok: false, text: (error as Error).message });
      notify((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="add-model">
      <label className={busy ? 'button disabled' : 'button'}>
        {t('models.add')}
        <input type="file" multiple hidden accept=".onnx,.json" disabled={busy} data-testid="model-files" onChange={(e) => void add(e.target.files)} />
      </label>
      <span className="muted">{t('models.addHint')}</span>
      {result && (
        <div className={result.ok ? 'ok' : 'error'} data-testid="model-add-result">
          {result.text}
        </div>
      )}
    </div>
  );
}
