import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

export function HelpPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div className="modal help" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">{t('help.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.id} data-shortcut={s.id}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{t(`help.keys.${s.id}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('help.keys.mouse')}</p>
        <button type="button" onClick={onClose} autoFocus>
          {t('help.close')}
        </button>
      </div>
    </div>
  );
}
