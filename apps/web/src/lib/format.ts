/** Population and other integers: always it-IT grouping (e.g. 1.234.567), as required by the brief. */
const integerFormat = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 });
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : integerFormat.format(value);
}

const dateTimeFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
/** Audit timestamps: Europe/Rome, it-IT format (dd/mm/yyyy, hh:mm:ss). */
export function formatDateTimeRome(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

const dateFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export function formatDateRome(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

/** `YYYY-MM-DD` (from <input type=date>) at the start / end of that day in the browser's zone, as ISO 8601. */
export function dayStartIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
export function dayEndIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T23:59:59.999`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
