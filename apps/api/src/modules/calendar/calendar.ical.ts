import { ROME, addDays, romeDate, romeOccurrences, romeWallTime } from './calendar.dates.js';

/** One event of an iCalendar feed. */
export interface IcalEvent {
  id: string;
  title: string;
  description?: string;
  startsAt: Date;
  endsAt?: Date | null;
  /** A whole day: the Rome date of `startsAt` (and of `endsAt`, included, when given). */
  allDay: boolean;
  /** Absolute address of the record the event is about. */
  url?: string | null;
  location?: string | null;
  categories?: string[];
  sequence?: number;
  /** A reminder the day before (VALARM). */
  alarm?: boolean;
}

export interface IcalOptions {
  /** DTSTAMP of every event (the time the feed is produced). */
  now?: Date;
  name?: string;
}

export const UID_DOMAIN = 'provincecomuni.it';
export const PRODID = '-//UPI//Province & Comuni//IT';
export const CALENDAR_NAME = 'Province & Comuni — Scadenze';

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space, and a UTF-8
 * character is never split across lines.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      out.push(current);
      current = ' ';
      bytes = 1;
      limit = 75;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDDTHHMMSSZ` */
export function utcStamp(at: Date): string {
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;
}

/** `YYYYMMDDTHHMMSS`, the wall-clock time in Rome. */
export function romeStamp(at: Date): string {
  const w = romeWallTime(at);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

const compactDate = (isoDate: string) => isoDate.replace(/-/g, '');

/**
 * A date-time property: local Rome time with TZID, or UTC for a time of the hour that Rome lives twice in
 * autumn (RFC 5545 reads such a local time as the first occurrence, some readers as the second).
 */
function dateTimeProperty(name: string, at: Date): string {
  const w = romeWallTime(at);
  const { candidates } = romeOccurrences(
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`,
    `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
  );
  if (candidates.length !== 1) return `${name}:${utcStamp(at)}`;
  return `${name};TZID=${ROME}:${romeStamp(at)}`;
}

/** Europe/Rome since 1996: CEST from the last Sunday of March at 02:00, CET from the last Sunday of October at 03:00. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ROME}`,
  `X-LIC-LOCATION:${ROME}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function eventLines(e: IcalEvent, now: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.id}@${UID_DOMAIN}`,
    `DTSTAMP:${utcStamp(now)}`,
    `SEQUENCE:${e.sequence ?? 0}`,
  ];
  if (e.allDay) {
    const start = romeDate(e.startsAt);
    const last = e.endsAt ? romeDate(e.endsAt) : start;
    // DTEND of a whole day is exclusive: the day after the last one
    lines.push(
      `DTSTART;VALUE=DATE:${compactDate(start)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(last < start ? start : last, 1))}`,
    );
  } else {
    const end =
      e.endsAt && e.endsAt.getTime() > e.startsAt.getTime() ? e.endsAt : new Date(e.startsAt.getTime() + 3_600_000);
    lines.push(dateTimeProperty('DTSTART', e.startsAt), dateTimeProperty('DTEND', end));
  }
  lines.push(`SUMMARY:${escapeText(e.title)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  lines.push('TRANSP:TRANSPARENT');
  if (e.alarm) {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(e.title)}`, 'TRIGGER:-P1D', 'END:VALARM');
  }
  lines.push('END:VEVENT');
  return lines;
}

/** An iCalendar (RFC 5545) object with the events, CRLF line endings, folded lines. */
export function buildIcal(events: IcalEvent[], o: IcalOptions = {}): string {
  const now = o.now ?? new Date();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.name ?? CALENDAR_NAME)}`,
    `X-WR-TIMEZONE:${ROME}`,
    ...VTIMEZONE,
    ...events.flatMap((e) => eventLines(e, now)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
