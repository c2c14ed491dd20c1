/** Dates of the calendar: days and wall-clock times in Europe/Rome, the legal calendar of the platform. */

export const ROME = 'Europe/Rome';

const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock time in Rome of an instant. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function romeWallTime(at: Date): WallTime {
  const parts = Object.fromEntries(wallFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The day in Rome (YYYY-MM-DD) of an instant. */
export function romeDate(at: Date): string {
  const w = romeWallTime(at);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes Rome is ahead of UTC at an instant (60 in winter, 120 in summer). */
export function romeOffsetMinutes(at: Date): number {
  const w = romeWallTime(at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a wall-clock time in Rome. A time skipped by the spring change (02:30 on the last Sunday of
 * March) moves forward by the hour; a time that happens twice in autumn is its first occurrence (as RFC 5545 reads it).
 */
export function romeToUtc(date: string, time = '00:00:00'): Date {
  const { wall, candidates } = romeOccurrences(date, time);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // skipped by the spring change: read with the offset before it
  return new Date(wall - romeOffsetMinutes(new Date(wall - 3 * 3_600_000)) * 60_000);
}

/** The instants (0, 1 or 2, earliest first) at which Rome's clocks show a wall-clock time. */
export function romeOccurrences(date: string, time = '00:00:00'): { wall: number; candidates: number[] } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number?];
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss ?? 0);
  const candidates = [
    ...new Set([romeOffsetMinutes(new Date(wall - 3 * 3_600_000)), romeOffsetMinutes(new Date(wall + 3 * 3_600_000))]),
  ]
    .map((off) => wall - off * 60_000)
    .filter((t) => romeOffsetMinutes(new Date(t)) * 60_000 === wall - t)
    .sort((a, b) => a - b);
  return { wall, candidates };
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
