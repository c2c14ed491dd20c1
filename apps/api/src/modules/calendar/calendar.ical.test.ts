import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { romeDate, romeToUtc } from './calendar.dates.js';
import { buildIcal, escapeText, foldLine, type IcalEvent } from './calendar.ical.js';

const ID = '6f1c1d2e-3a4b-4c5d-8e6f-708192a3b4c5';
const ev = (over: Partial<IcalEvent>): IcalEvent => ({
  id: ID,
  title: 'Scadenza',
  startsAt: new Date('2026-07-15T08:00:00Z'),
  allDay: false,
  ...over,
});

/** Parses a feed with ical.js, registering its time zone, and answers its events. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { cal, events: cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c)) };
}

describe('Rome dates', () => {
  it('reads Rome wall times as UTC instants in winter, summer and across the changes', () => {
    expect(romeToUtc('2026-07-15', '10:00').toISOString()).toBe('2026-07-15T08:00:00.000Z');
    expect(romeToUtc('2027-01-15', '10:00').toISOString()).toBe('2027-01-15T09:00:00.000Z');
    // midnight of the spring change day is still winter time
    expect(romeToUtc('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // 02:30 does not exist on that day: it moves to 03:30 summer time
    expect(romeToUtc('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice in autumn: the first is summer time
    expect(romeToUtc('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(romeDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('iCalendar writer', () => {
  it('writes the calendar header, the Rome time zone with its two yearly rules, and CRLF line endings', () => {
    const text = buildIcal([ev({})], { now: new Date('2026-06-01T12:00:00Z') });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//UPI//Province & Comuni//IT\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { cal, events } = parse(text);
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Province & Comuni — Scadenze');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const tz = cal.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Europe/Rome');
    expect(String(tz.getFirstSubcomponent('daylight')!.getFirstPropertyValue('rrule'))).toBe(
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    );
    expect(String(tz.getFirstSubcomponent('standard')!.getFirstPropertyValue('rrule'))).toBe(
      'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    );
    expect(events[0]!.uid).toBe(`${ID}@provincecomuni.it`);
    expect(String(events[0]!.component.getFirstPropertyValue('dtstamp'))).toBe('2026-06-01T12:00:00Z');
  });

  it('gives 10:00 in Rome on 15 July 2026 as 08:00Z and on 15 January 2027 as 09:00Z', () => {
    const text = buildIcal([
      ev({ id: '00000000-0000-4000-8000-000000000001', startsAt: new Date('2026-07-15T08:00:00Z') }),
      ev({ id: '00000000-0000-4000-8000-000000000002', startsAt: new Date('2027-01-15T09:00:00Z') }),
    ]);
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20260715T100000');
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20270115T100000');
    const { events } = parse(text);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-07-15T08:00:00.000Z');
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2027-01-15T09:00:00.000Z');
    // one hour by default
    expect(events[0]!.endDate.toJSDate().toISOString()).toBe('2026-07-15T09:00:00.000Z');
    expect(events[0]!.startDate.zone.tzid).toBe('Europe/Rome');
  });

  it('keeps the exact instant of events at 02:30 on the days the clocks change', () => {
    const instants = ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'];
    const text = buildIcal(
      instants.map((s, i) => ev({ id: `00000000-0000-4000-8000-00000000000${i}`, startsAt: new Date(s) })),
    );
    // Rome lives 02:30 twice in autumn: both are written in UTC, which no reader can mistake
    expect(text).toContain('DTSTART:20261025T003000Z');
    expect(text).toContain('DTSTART:20261025T013000Z');
    expect(text).not.toContain('20261025T023000');
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20260329T013000');
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20260329T033000');
    const { events } = parse(text);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(
      instants.map((s) => new Date(s).toISOString()),
    );
  });

  it('writes a whole-day item as a date, ending the next day', () => {
    // stored as midnight in Rome: 22:00Z the day before, in summer
    const text = buildIcal([ev({ allDay: true, startsAt: romeToUtc('2026-08-31') })]);
    expect(text).toContain('DTSTART;VALUE=DATE:20260831');
    expect(text).toContain('DTEND;VALUE=DATE:20260901');
    const { events } = parse(text);
    expect(events[0]!.startDate.isDate).toBe(true);
    expect(events[0]!.startDate.toString()).toBe('2026-08-31');
    expect(events[0]!.endDate.toString()).toBe('2026-09-01');
  });

  it('folds long Italian text at 75 octets without splitting accented letters, and it reads back whole', () => {
    const description =
      'La convenzione per la Stazione Unica Appaltante è in scadenza: verificare entro la data la volontà di rinnovo dei Comuni aderenti, città e perché così è più efficiente. '.repeat(
        4,
      );
    const text = buildIcal([
      ev({
        title: 'Scadenza della convenzione — àèéìòù',
        description,
        location: 'Città metropolitana di Roma Capitale, Palazzo Valentini',
      }),
    ]);
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\ufffd');
    }
    const { events } = parse(text);
    expect(events[0]!.description).toBe(description);
    expect(events[0]!.summary).toBe('Scadenza della convenzione — àèéìòù');
    expect(events[0]!.location).toBe('Città metropolitana di Roma Capitale, Palazzo Valentini');
  });

  it('splits a line of two-byte letters only between letters', () => {
    const folded = foldLine(`DESCRIPTION:${'è'.repeat(100)}`);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`DESCRIPTION:${'è'.repeat(100)}`);
  });

  it('escapes backslashes, semicolons, commas and line breaks, and they read back', () => {
    const title = 'Gara; lotto 1, lotto 2 \\ variante';
    const description = 'Prima riga\nseconda riga; con virgole, e barre \\n letterali';
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const text = buildIcal([
      ev({
        title,
        description,
        categories: ['network', 'convention_expiry'],
        url: 'https://example.it/rete/convenzioni/1',
        alarm: true,
      }),
    ]);
    const { events } = parse(text);
    expect(events[0]!.summary).toBe(title);
    expect(events[0]!.description).toBe(description);
    expect(events[0]!.component.getFirstProperty('categories')!.getValues()).toEqual(['network', 'convention_expiry']);
    expect(events[0]!.component.getFirstPropertyValue('url')).toBe('https://example.it/rete/convenzioni/1');
    const alarm = events[0]!.component.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-P1D');
  });
});
