import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../common/api';
import type { Api } from '../api/client';
import { setLanguage } from '../i18n';
import { ImportDialog, type PendingFiles } from '../importing/ImportDialog';
import { filesFromDataTransfer } from '../importing/dropFiles';
import { addModelFiles, isModelPair } from '../models/addModelFiles';
import { ModelsPage } from '../models/ModelsPage';
import { ViewerPage } from '../viewer/ViewerPage';
import { WorklistPage } from '../worklist/WorklistPage';
import { AppContext, type AppContextValue } from './ApiContext';
import { HelpPanel } from './HelpPanel';
import { findShortcut } from './shortcuts';
import { TopBar } from './TopBar';
import { useRoute } from './useRoute';

export function App({ api, initialSettings }: { api: Api; initialSettings: Settings }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  const [route, go] = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [pending, setPending] = useState<PendingFiles | null>(null);
  const [dragging, setDragging] = useState(false);
  const [toast, setToast] = useState<string | null>(null);

  const notify = useCallback((message: string) => {
    setToast(message);
    window.setTimeout(() => setToast((m) => (m === message ? null : m)), 6000);
  }, []);

  const updateSettings = useCallback(
    async (patch: Partial<Settings>) => {
      try {
        const next = await api.call['settings.set'](patch);
        setSettings(next);
        if (patch.language) await setLanguage(next.language);
      } catch (error) {
        notify(t('errors.generic', { message: (error as Error).message }));
      }
    },
    [api, notify, t],
  );

  const ctx = useMemo<AppContextValue>(() => ({ api, settings, updateSettings, notify }), [api, settings, updateSettings, notify]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = findShortcut(e, 'global');
      if (id === 'help') {
        e.preventDefault();
        setHelpOpen((v) => !v);
      } else if (id === 'back' && (helpOpen || importOpen)) {
        e.preventDefault();
        setHelpOpen(false);
        setImportOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen, importOpen]);

  // Drag-and-drop anywhere in the window starts an import with the dropped files and folders.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const dropped = Array.from(e.dataTransfer.files);
      if (isModelPair(dropped)) {
        // A model (its .onnx and card) dropped anywhere goes to the registry, not the importer.
        void addModelFiles(api, dropped).then(
          (info) => {
            notify(t('models.added', { key: info.key }));
            go({ page: 'models' });
          },
          (error: Error) => notify(error.message),
        );
        return;
      }
      void filesFromDataTransfer(e.dataTransfer).then((files) => {
        setPending(files);
        setImportOpen(true);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [api, notify, t, go]);

  return (
    <AppContext.Provider value={ctx}>
      <div className="app">
        <TopBar
          onHome={() => go({ page: 'worklist' })}
          onModels={() => go({ page: 'models' })}
          onImport={() => setImportOpen(true)}
          onHelp={() => setHelpOpen(true)}
        />
        <main>
          {route.page === 'worklist' ? (
            <WorklistPage onOpen={(studyId) => go({ page: 'study', studyId })} />
          ) : route.page === 'models' ? (
            <ModelsPage />
          ) : (
            <ViewerPage key={route.studyId} studyId={route.studyId} onBack={() => go({ page: 'worklist' })} />
          )}
        </main>
        {dragging && (
          <div className="drop-overlay" aria-hidden="true">
            {t('import.dropHere')}
          </div>
        )}
        {importOpen && (
          <ImportDialog
            initial={pending}
            onClose={() => {
              setImportOpen(false);
              setPending(null);
            }}
            onOpenStudy={(studyId) => {
              setImportOpen(false);
              setPending(null);
              go({ page: 'study', studyId });
            }}
          />
        )}
        {helpOpen && <HelpPanel onClose={() => setHelpOpen(false)} />}
        {toast && (
          <div className="toast" role="status">
            {toast}
          </div>
        )}
      </div>
    </AppContext.Provider>
  );
}
