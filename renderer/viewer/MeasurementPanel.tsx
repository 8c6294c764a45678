import { useTranslation } from 'react-i18next';
import type { Calibration, Measurement } from '../../common/api';
import { formatMeasurement } from '../../common/measure/format';


export function MeasurementPanel(props: {
  measurements: Measurement[];
  calibration: Calibration;
  multiFrame: boolean;
  onSelect(m: Measurement): void;
  onDelete(m: Measurement): void;
}) {
  const { t } = useTranslation();
  return (
    <aside className="measurements" aria-label={t('viewer.measurements')}>
      <h3>{t('viewer.measurements')}</h3>
      <p className={`calibration cal-${props.calibration.source.replace('/', '-')}`} data-testid="calibration">
        {t(`viewer.calibration.${props.calibration.source}`)}
        {props.calibration.rowMm !== null && props.calibration.colMm !== null && (
          <span className="muted">
            {' '}
            ({props.calibration.rowMm.toFixed(3)} × {props.calibration.colMm.toFixed(3)} mm)
          </span>
        )}
      </p>
      {props.measurements.length === 0 ? (
        <p className="muted">{t('viewer.noMeasurements')}</p>
      ) : (
        <ul data-testid="measurement-list">
          {props.measurements.map((m) => (
            <li key={m.id} data-measurement-id={m.id} data-kind={m.kind}>
              <button type="button" className="link" onClick={() => props.onSelect(m)}>
                <strong>{t(`viewer.kind.${m.kind}`)}</strong> <span className="value">{formatMeasurement(m)}</span>
                {props.multiFrame && <span className="muted"> · {t('viewer.onFrame', { frame: m.frame + 1 })}</span>}
              </button>
              <button type="button" className="icon" aria-label={t('viewer.deleteMeasurement')} title={t('viewer.deleteMeasurement')} onClick={() => props.onDelete(m)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
