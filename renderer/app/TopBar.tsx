import { useTranslation } from 'react-i18next';
import type { Language } from '../../common/api';
import { LANGUAGES } from '../i18n';
import { useApp } from './ApiContext';

export function TopBar(props: { onHome: () => void; onModels: () => void; onImport: () => void; onHelp: () => void }) {
  const { t } = useTranslation();
  const { settings, updateSettings } = useApp();
  return (
    <header className="topbar">
      <button type="button" className="brand" onClick={props.onHome} title={t('app.worklist')}>
        <span className="logo" aria-hidden="true">◆</span> {t('app.title')}
        <span className="tagline">{t('app.tagline')}</span>
      </button>
      <nav>
        <button type="button" onClick={props.onHome}>
          {t('app.worklist')}
        </button>
        <button type="button" onClick={props.onModels} data-testid="models-button">
          {t('app.models')}
        </button>
        <button type="button" className="primary" onClick={props.onImport} data-testid="import-button">
          {t('app.import')}
        </button>
      </nav>
      <div className="spacer" />
      <label className="toggle">
        <input
          type="checkbox"
          checked={settings.showIdentities}
          onChange={(e) => void updateSettings({ showIdentities: e.target.checked })}
        />
        {t('app.showIdentities')}
      </label>
      <label>
        <span className="sr-only">{t('app.language')}</span>
        <select
          aria-label={t('app.language')}
          data-testid="language"
          value={settings.language}
          onChange={(e) => void updateSettings({ language: e.target.value as Language })}
        >
          {(Object.keys(LANGUAGES) as Language[]).map((l) => (
            <option key={l} value={l}>
              {LANGUAGES[l]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onHelp} title={t('app.help')} aria-label={t('app.help')}>
        ?
      </button>
    </header>
  );
}
