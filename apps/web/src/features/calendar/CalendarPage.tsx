import type { CalendarItem } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useRef, useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { calendarApi, ck } from './api';
import { addDays, addMonths, isMonth, monthOf, monthRange, monthWeeks, todayInRome } from './dates';
import { useCalendarTranslation } from './i18n';

export type CalendarView = 'mese' | 'agenda';
export interface CalendarSearch {
  view?: string;
  month?: string;
  module?: string;
}

const MODULES = [
  'network',
  'procurement',
  'eu-funding',
  'digital-agenda',
  'training',
  'communities',
  'programme',
  'collaboration',
] as const;
const AGENDA_DAYS = 60;

function useFormats() {
  const { t, i18n } = useCalendarTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'it-IT';
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });
  // dates are Rome days: format them at UTC noon so no zone can move them
  const at = (d: string) => new Date(`${d}T12:00:00Z`);
  const longDay = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const monthYear = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const weekdayShort = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' });
  const weekdayLong = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' });
  return {
    when: (i: CalendarItem) => (i.allDay ? t('all_day') : t('at_time', { time: time.format(new Date(i.startsAt)) })),
    longDay: (d: string) => longDay.format(at(d)),
    monthYear: (m: string) => monthYear.format(at(`${m}-01`)),
    // 2024-01-01 was a Monday
    weekdays: Array.from({ length: 7 }, (_, k) => {
      const d = at(addDays('2024-01-01', k));
      return { short: weekdayShort.format(d), long: weekdayLong.format(d) };
    }),
  };
}

/** An item as a link to its record (or plain text), with its time. */
function ItemLink({ item }: { item: CalendarItem }) {
  const f = useFormats();
  return (
    <>
      {item.url ? <a href={item.url}>{item.title}</a> : <span>{item.title}</span>}{' '}
      <span className="pc-calendar-when">({f.when(item)})</span>
    </>
  );
}

function groupByDate(items: CalendarItem[]): Map<string, CalendarItem[]> {
  const map = new Map<string, CalendarItem[]>();
  for (const i of items) map.set(i.date, [...(map.get(i.date) ?? []), i]);
  return map;
}

function MonthView({
  month,
  module,
  today,
  onMonth,
}: {
  month: string;
  module?: string;
  today: string;
  onMonth: (m: string) => void;
}) {
  const { t } = useCalendarTranslation();
  const f = useFormats();
  const { from, to } = monthRange(month);
  const query = useQuery({
    queryKey: ck.items(from, to, module),
    queryFn: () => calendarApi.items({ from, to, module }),
  });
  const byDate = groupByDate(query.data?.items ?? []);
  return (
    <section aria-labelledby="calendar-month-heading">
      <h2 id="calendar-month-heading" className="h3">
        {f.monthYear(month)}
      </h2>
      <div className="pc-calendar-nav mb-3" role="group" aria-label={t('month.navigation')}>
        <button
          type="button"
          className="btn btn-outline-primary btn-sm me-2"
          onClick={() => onMonth(addMonths(month, -1))}
        >
          {t('month.previous')}
        </button>
        <button type="button" className="btn btn-outline-primary btn-sm me-2" onClick={() => onMonth(monthOf(today))}>
          {t('month.today')}
        </button>
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => onMonth(addMonths(month, 1))}>
          {t('month.next')}
        </button>
      </div>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data && (
        <>
          {query.data.items.length === 0 && <p>{t('month.empty')}</p>}
          <div className="table-responsive">
            <table
              className="table table-bordered pc-calendar-month"
              style={{ tableLayout: 'fixed', minWidth: '42rem' }}
            >
              {/* the visible heading above names the month; the caption names the table */}
              <caption className="visually-hidden">{t('month.caption', { month: f.monthYear(month) })}</caption>
              <thead>
                <tr>
                  {f.weekdays.map((w) => (
                    <th key={w.long} scope="col">
                      <abbr title={w.long}>{w.short}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {monthWeeks(month).map((week, k) => (
                  <tr key={k}>
                    {week.map((day, j) => {
                      if (!day) return <td key={j} className="pc-calendar-outside" />;
                      const items = byDate.get(day) ?? [];
                      const isToday = day === today;
                      return (
                        <td
                          key={day}
                          className={isToday ? 'pc-calendar-today border border-2 border-primary' : undefined}
                          aria-current={isToday ? 'date' : undefined}
                        >
                          <span className={`pc-calendar-day d-block${isToday ? ' fw-bold' : ''}`}>
                            {Number(day.slice(8))}
                            {isToday && <span className="visually-hidden"> ({t('month.today_marker')})</span>}
                          </span>
                          {items.length > 0 && (
                            <ul className="list-unstyled mb-0 small text-break">
                              {items.map((i) => (
                                <li key={i.id}>
                                  <ItemLink item={i} />
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function AgendaView({ module, today }: { module?: string; today: string }) {
  const { t } = useCalendarTranslation();
  const f = useFormats();
  const from = today;
  const to = addDays(today, AGENDA_DAYS - 1);
  const query = useQuery({
    queryKey: ck.items(from, to, module),
    queryFn: () => calendarApi.items({ from, to, module }),
  });
  const byDate = [...groupByDate(query.data?.items ?? [])].sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="calendar-agenda-heading">
      <h2 id="calendar-agenda-heading" className="h3">
        {t('agenda.heading')}
      </h2>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data && byDate.length === 0 && <p>{t('agenda.empty')}</p>}
      {byDate.map(([day, items]) => (
        <section key={day} className="pc-calendar-agenda-day mb-3" aria-labelledby={`agenda-${day}`}>
          <h3 id={`agenda-${day}`} className="h5">
            <time dateTime={day}>{f.longDay(day)}</time>
          </h3>
          <ul>
            {items.map((i) => (
              <li key={i.id}>
                <ItemLink item={i} />
                {i.location && <span className="text-muted"> — {i.location}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function FeedSection() {
  const { t } = useCalendarTranslation();
  const qc = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ queryKey: ck.feed, queryFn: calendarApi.feedToken, staleTime: Infinity });
  const reset = useMutation({
    mutationFn: calendarApi.resetFeedToken,
    onSuccess: (data) => {
      qc.setQueryData(ck.feed, data);
      setConfirming(false);
      setStatus(t('feed.reset_done'));
      input.current?.focus();
    },
  });
  const copy = async () => {
    const url = query.data?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('feed.copied'));
    } catch {
      input.current?.select();
      setStatus(t('feed.copy_failed'));
    }
  };
  return (
    <section aria-labelledby="calendar-feed-heading" className="mt-5">
      <h2 id="calendar-feed-heading" className="h3">
        {t('feed.title')}
      </h2>
      <p>{t('feed.intro')}</p>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data && (
        <>
          <div className="form-group mb-2">
            <label htmlFor={inputId} className="active">
              {t('feed.url_label')}
            </label>
            <input
              ref={input}
              id={inputId}
              type="text"
              className="form-control"
              readOnly
              value={query.data.url}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <p>
            <button type="button" className="btn btn-primary btn-sm me-2" onClick={() => void copy()}>
              {t('feed.copy')}
            </button>
            <a className="btn btn-outline-primary btn-sm" href={query.data.webcalUrl}>
              {t('feed.open_webcal')}
            </a>
          </p>
          <p role="status" className="small">
            {status}
          </p>
          <h3 className="h5">{t('feed.instructions_title')}</h3>
          <ul>
            <li>{t('feed.outlook')}</li>
            <li>{t('feed.google')}</li>
            <li>{t('feed.thunderbird')}</li>
          </ul>
          {!confirming ? (
            <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => setConfirming(true)}>
              {t('feed.reset')}
            </button>
          ) : (
            <div
              className="alert alert-warning"
              role="alertdialog"
              aria-labelledby="feed-reset-title"
              aria-describedby="feed-reset-text"
            >
              <h4 id="feed-reset-title" className="h6">
                {t('feed.reset_confirm_title')}
              </h4>
              <p id="feed-reset-text">{t('feed.reset_confirm_text')}</p>
              {reset.isError && <ApiErrorAlert error={reset.error} />}
              <button
                type="button"
                className="btn btn-danger btn-sm me-2"
                disabled={reset.isPending}
                onClick={() => reset.mutate()}
              >
                {t('feed.reset_confirm')}
              </button>
              <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setConfirming(false)}>
                {t('feed.reset_cancel')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The user's calendar: a month grid or the agenda of the next 60 days, and the private iCalendar address. */
export function CalendarPage({
  search,
  onSearch,
}: {
  search: CalendarSearch;
  onSearch: (next: CalendarSearch) => void;
}) {
  const { t } = useCalendarTranslation();
  usePageTitle(t('title'));
  const today = todayInRome();
  const view: CalendarView = search.view === 'agenda' ? 'agenda' : 'mese';
  const month = isMonth(search.month) ? search.month : monthOf(today);
  const module = MODULES.find((m) => m === search.module);
  const [moduleChoice, setModuleChoice] = useState<string>(module ?? '');
  const moduleId = useId();
  const viewLink = (v: CalendarView) => ({ ...search, view: v });
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <nav aria-label={t('views.label')}>
        <ul className="nav nav-tabs mb-3">
          {(['mese', 'agenda'] as const).map((v) => (
            <li key={v} className="nav-item">
              <Link
                to="/calendario"
                search={viewLink(v)}
                className={`nav-link${view === v ? ' active' : ''}`}
                aria-current={view === v ? 'page' : undefined}
              >
                {t(`views.${v === 'mese' ? 'month' : 'agenda'}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        className="row g-2 align-items-end mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch({ ...search, module: moduleChoice || undefined });
        }}
      >
        <div className="col-auto">
          <div className="select-wrapper">
            <label htmlFor={moduleId}>{t('filter.module')}</label>
            <select id={moduleId} value={moduleChoice} onChange={(e) => setModuleChoice(e.target.value)}>
              <option value="">{t('filter.all')}</option>
              {MODULES.map((m) => (
                <option key={m} value={m}>
                  {t(`modules.${m}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-auto">
          <button type="submit" className="btn btn-outline-primary btn-sm">
            {t('filter.apply')}
          </button>
        </div>
      </form>
      {view === 'mese' ? (
        <MonthView month={month} module={module} today={today} onMonth={(m) => onSearch({ ...search, month: m })} />
      ) : (
        <AgendaView module={module} today={today} />
      )}
      <FeedSection />
    </>
  );
}
