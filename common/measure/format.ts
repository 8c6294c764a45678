import type { MeasuredValue } from './geometry';

/** The one way a measurement value is written, on the image and in the panel alike. */
export function formatMeasurement(v: Pick<MeasuredValue, 'value' | 'unit'>): string {
  if (v.unit === 'deg') return `${v.value.toFixed(1)}°`;
  return `${v.value.toFixed(v.unit === 'mm' ? 1 : 0)} ${v.unit}`;
}
