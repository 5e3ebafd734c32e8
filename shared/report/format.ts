/** Numbers as the report prints them; a missing value is an en dash. */

const MISSING = '–';

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return MISSING;
  if (!Number.isFinite(value)) return String(value);

  return value.toFixed(digits);
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;

  return `${(value * 100).toFixed(1)}%`;
}

/** A p- or q-value: exponent notation below 0.001. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;

  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

/** A label, prediction or metadata value as text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return MISSING;

  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A count with thousands separators: 1,000,000. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
