/** Money and dates of the procurement pages (pure functions, no React). */

const euroFormat = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An amount in euros as Italian money: 180000 → "180.000,00 €". */
export function formatEuro(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : euroFormat.format(value);
}

/**
 * An amount typed by a person, in Italian or plain notation, as euros: "180.000,50", "180000,5", "180000.50",
 * "180.000" → 180000.5 / 180000. Answers `undefined` for an empty text and `NaN` for a text that is not an amount
 * or has more than two decimals (the schema then says why).
 */
export function parseEuro(text: string): number | undefined {
  const s = text.replace(/[\s€\u00a0]/g, '');
  if (s === '') return undefined;
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})*(,\d+)?$/.test(s) || /^\d+(,\d+)?$/.test(s)) {
    // Italian: dots group thousands, the comma marks the decimals
    normalized = s.replace(/\./g, '').replace(',', '.');
  } else if (/^\d+\.\d{1,2}$/.test(s)) {
    normalized = s;
  } else {
    return Number.NaN;
  }
  const [, decimals = ''] = normalized.split('.');
  if (decimals.length > 2) return Number.NaN;
  // integer cents first: no binary rounding surprises (0.1 + 0.2)
  const [units = '0', cents = ''] = normalized.split('.');
  return (Number(units) * 100 + Number(cents.padEnd(2, '0'))) / 100;
}

function romeOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Rome',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The value of a `datetime-local` input, read as Rome time, in ISO 8601 with its offset:
 * "2026-12-20T12:00" → "2026-12-20T12:00:00+01:00" (winter), "2026-07-01T09:30" → "2026-07-01T09:30:00+02:00".
 */
export function romeLocalToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // the offset at the instant that wall time names (two passes settle the days the clock changes)
  let offset = romeOffsetMinutes(wall);
  offset = romeOffsetMinutes(wall - offset * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${sign}${hh}:${mm}`;
}

/** `YYYY-MM-DD` as dd/mm/yyyy; timestamps as dd/mm/yyyy hh:mm in Rome time. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function formatMoment(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}
