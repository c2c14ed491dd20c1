/**
 * Service levels of the requests, counted in working time of the Province offices:
 * Monday to Friday, 09:00–17:00 Europe/Rome, Italian national public holidays excluded.
 * Pure functions: wall-clock time in Rome is derived with Intl.DateTimeFormat, so changes of daylight
 * saving time (last Sunday of March and of October) are handled by the platform's time zone data.
 */

export const OFFICE_TIME_ZONE = 'Europe/Rome';
/** Opening and closing time of the offices, in minutes after midnight (Rome wall-clock time). */
export const OFFICE_OPENS = 9 * 60;
export const OFFICE_CLOSES = 17 * 60;
/** Minutes of one working day. */
export const WORKING_DAY_MINUTES = OFFICE_CLOSES - OFFICE_OPENS;

/** A calendar day in Rome. */
export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Rome wall-clock fields of an instant. */
export function romeParts(at: Date): CivilDate & { minutes: number; seconds: number } {
  const p: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, minutes: p.hour! * 60 + p.minute!, seconds: p.second! + (at.getTime() % 1000) / 1000 };
}

/** Offset of Rome from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetMs(at: Date): number {
  const r = romeParts(at);
  const wall = Date.UTC(r.y, r.m - 1, r.d, 0, r.minutes, Math.floor(r.seconds));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a Rome wall-clock time (minutes after midnight of a day). */
export function romeToUtc(day: CivilDate, minutes: number): Date {
  const wall = Date.UTC(day.y, day.m - 1, day.d, 0, minutes, 0);
  let guess = wall - offsetMs(new Date(wall));
  guess = wall - offsetMs(new Date(guess));
  return new Date(guess);
}

const key = (day: CivilDate) => `${day.y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;

/** The next calendar day. */
export function nextDay(day: CivilDate): CivilDate {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The previous calendar day. */
export function previousDay(day: CivilDate): CivilDate {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d - 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return { y: year, m: month, d: dayOfMonth };
}

/** Fixed national public holidays (month-day): Capodanno, Epifania, Liberazione, Lavoro, Repubblica, Ferragosto, Ognissanti, Immacolata, Natale, Santo Stefano. */
const FIXED_HOLIDAYS = new Set(['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26']);
const holidayCache = new Map<number, Set<string>>();

/** The national public holidays of a year (YYYY-MM-DD), Easter Monday included. */
export function publicHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set([...FIXED_HOLIDAYS].map((md) => `${year}-${md}`));
    set.add(key(nextDay(easterSunday(year))));
    holidayCache.set(year, set);
  }
  return set;
}

/** Monday to Friday and not a national public holiday (a calendar day in Rome). */
export function isWorkingDate(day: CivilDate): boolean {
  const weekday = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(day.y).has(key(day));
}

/** Whether the Rome calendar day of an instant is a working day. */
export function isWorkingDay(at: Date): boolean {
  return isWorkingDate(romeParts(at));
}

function previousWorkingDate(day: CivilDate): CivilDate {
  let d = previousDay(day);
  while (!isWorkingDate(d)) d = previousDay(d);
  return d;
}

function nextWorkingDate(day: CivilDate): CivilDate {
  let d = nextDay(day);
  while (!isWorkingDate(d)) d = nextDay(d);
  return d;
}

/**
 * Adds working minutes: the clock runs only during office hours of working days. A start outside office hours
 * counts from the next opening. A result falling exactly on closing time stays on that day (17:00).
 */
export function addWorkingMinutes(start: Date, minutes: number): Date {
  if (!(minutes > 0)) return new Date(start);
  const p = romeParts(start);
  let day: CivilDate = p;
  let at = p.minutes + p.seconds / 60;
  let remaining = minutes;
  for (;;) {
    if (!isWorkingDate(day) || at >= OFFICE_CLOSES) {
      day = nextWorkingDate(day);
      at = OFFICE_OPENS;
      continue;
    }
    if (at < OFFICE_OPENS) at = OFFICE_OPENS;
    const available = OFFICE_CLOSES - at;
    if (remaining <= available) {
      const end = at + remaining;
      const whole = Math.floor(end);
      return new Date(romeToUtc(day, whole).getTime() + Math.round((end - whole) * 60_000));
    }
    remaining -= available;
    day = nextWorkingDate(day);
    at = OFFICE_OPENS;
  }
}

/**
 * The instant `minutes` working minutes before `end` (the inverse of `addWorkingMinutes`): an end outside office
 * hours counts from the previous closing time. A result falling exactly on opening time stays on that day.
 */
export function subtractWorkingMinutes(end: Date, minutes: number): Date {
  if (!(minutes > 0)) return new Date(end);
  const p = romeParts(end);
  let day: CivilDate = p;
  let at = p.minutes + p.seconds / 60;
  let remaining = minutes;
  for (;;) {
    if (!isWorkingDate(day) || at <= OFFICE_OPENS) {
      day = previousWorkingDate(day);
      at = OFFICE_CLOSES;
      continue;
    }
    if (at > OFFICE_CLOSES) at = OFFICE_CLOSES;
    const available = at - OFFICE_OPENS;
    if (remaining <= available) {
      const start = at - remaining;
      const whole = Math.floor(start);
      return new Date(romeToUtc(day, whole).getTime() + Math.round((start - whole) * 60_000));
    }
    remaining -= available;
    day = previousWorkingDate(day);
    at = OFFICE_CLOSES;
  }
}

/** Subtracts working hours (see `subtractWorkingMinutes`). */
export function subtractWorkingHours(end: Date, hours: number): Date {
  return subtractWorkingMinutes(end, hours * 60);
}

/** Adds working hours (see `addWorkingMinutes`). Friday 16:00 + 4 h = Monday 12:00. */
export function addWorkingHours(start: Date, hours: number): Date {
  return addWorkingMinutes(start, hours * 60);
}

/**
 * The deadline of N working days from an instant: closing time (17:00 Rome) of the Nth working day after the
 * start's calendar day. The start's own day never counts, whatever the hour: a request of Monday 10:00 with
 * 2 working days is due Wednesday 17:00, one of Friday 16:00 with 1 working day is due Monday 17:00.
 * With 0 days: closing time of the start's day if it is a working day, else of the next working day.
 */
export function addWorkingDays(start: Date, days: number): Date {
  let day: CivilDate = romeParts(start);
  if (days <= 0) {
    if (!isWorkingDate(day)) day = nextWorkingDate(day);
    return romeToUtc(day, OFFICE_CLOSES);
  }
  for (let i = 0; i < days; i++) day = nextWorkingDate(day);
  return romeToUtc(day, OFFICE_CLOSES);
}

/** Working minutes between two instants (0 when `b` is not after `a`): office hours of working days only. */
export function workingMinutesBetween(a: Date, b: Date): number {
  if (b.getTime() <= a.getTime()) return 0;
  const pa = romeParts(a);
  const pb = romeParts(b);
  const endKey = key(pb);
  let day: CivilDate = pa;
  let total = 0;
  for (;;) {
    const k = key(day);
    if (isWorkingDate(day)) {
      const from = k === key(pa) ? Math.max(OFFICE_OPENS, pa.minutes + pa.seconds / 60) : OFFICE_OPENS;
      const to = k === endKey ? Math.min(OFFICE_CLOSES, pb.minutes + pb.seconds / 60) : OFFICE_CLOSES;
      if (to > from) total += to - from;
    }
    if (k >= endKey) break;
    day = nextDay(day);
  }
  return Math.round(total * 1000) / 1000;
}

export type SlaStatus = 'ok' | 'warning' | 'breached' | 'met';
/** Share of the allowed working time after which a clock is flagged as close to its due date. */
export const WARNING_SHARE = 0.8;

/**
 * Where one service-level clock stands: met (answered in time), breached (answered late, or past due),
 * warning (at least 80 % of the working time between start and due elapsed), ok.
 */
export function clockStatus(start: Date, due: Date, doneAt: Date | null, now: Date): SlaStatus {
  if (doneAt) return doneAt.getTime() <= due.getTime() ? 'met' : 'breached';
  if (now.getTime() > due.getTime()) return 'breached';
  const allowed = workingMinutesBetween(start, due);
  if (allowed <= 0) return 'warning';
  return workingMinutesBetween(start, now) / allowed >= WARNING_SHARE ? 'warning' : 'ok';
}
