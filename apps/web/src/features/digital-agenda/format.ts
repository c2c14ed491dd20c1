/** Formats an indicator value by its unit (Italian or English number format). */
export function formatValue(value: number | null | undefined, unit: string, locale: string, booleanLabels: [string, string]): string {
  if (value === null || value === undefined) return '–';
  const nf = (digits: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  if (unit === 'boolean') return value === 1 ? booleanLabels[0] : value === 0 ? booleanLabels[1] : `${nf(1).format(value * 100)}%`;
  if (unit === 'percent') return `${nf(1).format(value)}%`;
  if (unit === 'score01') return nf(2).format(value);
  return nf(1).format(value);
}

/** A share of Comuni (0–1) as a percentage. */
export function formatShare(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '–';
  return `${new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 }).format(value * 100)}%`;
}

/** The aggregate of a territory in the profile: shares for booleans, values otherwise. */
export function formatAggregate(value: number | null | undefined, unit: string, locale: string): string {
  if (value === null || value === undefined) return '–';
  return unit === 'boolean' ? formatShare(value, locale) : formatValue(value, unit, locale, ['', '']);
}
