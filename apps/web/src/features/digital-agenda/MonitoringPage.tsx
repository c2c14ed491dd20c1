import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EnteSummary } from '@app/contracts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { registryApi } from '../registry/api';
import { useSession } from '../identity/session';
import { csvHref, downloadUrl, useIndicators, useTerritoryTrend, useTrend, type DaIndicator } from './api';
import { DigitalAgendaNav, Downloads } from './components';
import { formatAggregate, formatShare, formatValue } from './format';
import { useDigitalAgendaTranslation } from './i18n';
import { LineChart } from './LineChart';

export type MonitoringLevel = 'comune' | 'province' | 'region';
export interface MonitoringSearch {
  level?: MonitoringLevel;
  code?: string;
  indicator?: string;
}

interface Row {
  code: string;
  series: { period: number; value: number; comuni?: number }[];
  target: number | null;
  targetDeadline: string | null;
  gapClosure: number | null;
  pace: number | null;
  reachYear: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | null;
}

const PATTERN: Record<MonitoringLevel, RegExp> = { comune: /^\d{6}$/, province: /^\d{3}$/, region: /^\d{2}$/ };
/** The kinds of ente of each level (a Province's level holds the Città metropolitane too). */
const TYPES: Record<MonitoringLevel, string[]> = { comune: ['comune'], province: ['provincia', 'citta_metropolitana'], region: ['regione'] };
const TYPE_FILTER = { comune: 'comune', province: undefined, region: 'regione' } as const;
const optionLabel = (e: EnteSummary) => `${e.name} (${e.istatCode ?? ''})`;

/** Territories of a level whose name matches the text (the registry's search tolerates accents and typos). */
async function territoriesNamed(level: MonitoringLevel, text: string, signal?: AbortSignal): Promise<EnteSummary[]> {
  const res = await registryApi.listEnti({ q: text, type: TYPE_FILTER[level], page: 1, pageSize: 20 }, signal);
  return res.items.filter((e) => e.istatCode && TYPES[level].includes(e.type));
}

/**
 * The ISTAT code of what was typed: a code of the level, an option of the list ("Name (code)"), the one territory of
 * the level with exactly that name, or the only one that matches; null when none or several do.
 */
export async function resolveTerritory(level: MonitoringLevel, text: string): Promise<string | null> {
  const typed = text.trim();
  if (PATTERN[level].test(typed)) return typed;
  const fromOption = /\((\d+)\)$/.exec(typed)?.[1];
  if (fromOption && PATTERN[level].test(fromOption)) return fromOption;
  if (typed.length < 2) return null;
  const found = await territoriesNamed(level, typed);
  const needle = typed.toLocaleLowerCase('it');
  const exact = found.filter((e) => e.name.toLocaleLowerCase('it') === needle);
  const one = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
  return one?.istatCode ?? null;
}

/** The series of one indicator as a table: the alternative to its chart, and the numbers themselves. */
export function SeriesTable({ caption, row, format, comuniTotal, lang }: { caption: string; row: Row; format: (v: number | null) => string; comuniTotal: number | null; lang: string }) {
  const { t } = useDigitalAgendaTranslation();
  const territory = comuniTotal !== null;
  return (
    <div className="table-responsive">
      <table className="table table-sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.year')}</th>
            <th scope="col" className="text-end">
              {t('monitoring.value')}
            </th>
            {territory && (
              <>
                <th scope="col" className="text-end">
                  {t('benchmark.comuni')}
                </th>
                <th scope="col" className="text-end">
                  {t('benchmark.coverage')}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {row.series.map((p) => (
            <tr key={p.period}>
              <th scope="row" className="fw-normal">
                {p.period}
              </th>
              <td className="text-end">{format(p.value)}</td>
              {territory && (
                <>
                  <td className="text-end">{p.comuni ?? '–'}</td>
                  <td className="text-end">{comuniTotal ? formatShare((p.comuni ?? 0) / comuniTotal, lang) : '–'}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Progress over time of a Comune, a Province or a Region: the adoption curve of each indicator, the gap closed
 * towards its PNRR target and the run-rate forecast; territories are aggregated from their Comuni every year.
 */
export function MonitoringPage({ search, onSearch }: { search: MonitoringSearch; onSearch: (s: MonitoringSearch) => void }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  usePageTitle(t('monitoring.title'));
  const lang = i18n.language;
  const { me } = useSession();
  // by default, the caller's own Comune or Province
  const own = me?.user.memberships.find((m) => m.enteIstatCode && (m.enteType === 'comune' || m.enteType === 'provincia' || m.enteType === 'citta_metropolitana'));
  const level: MonitoringLevel = search.level ?? (own?.enteType === 'comune' ? 'comune' : 'province');
  const code = search.code ?? (own && (own.enteType === 'comune') === (level === 'comune') ? own.enteIstatCode! : '');
  const valid = PATTERN[level].test(code);
  const [draft, setDraft] = useState<{ level: MonitoringLevel; code: string } | null>(null);
  const form = draft ?? { level, code };
  const [formError, setFormError] = useState<string | null>(null);
  const cat = useIndicators();
  const comuneQ = useTrend(code, level === 'comune' && valid);
  const territoryQ = useTerritoryTrend(level === 'comune' ? 'province' : level, code, level !== 'comune' && valid);
  const q = level === 'comune' ? comuneQ : territoryQ;
  const enabled = valid;
  const rows: Row[] = useMemo(() => (level === 'comune' ? (comuneQ.data?.items ?? []) : (territoryQ.data?.items ?? [])), [level, comuneQ.data, territoryQ.data]);
  const comuniTotal = level === 'comune' ? null : (territoryQ.data?.comuniTotal ?? null);
  const indicators = useMemo(() => new Map((cat.data?.items ?? []).map((i) => [i.code, i])), [cat.data]);
  const targeted = rows.filter((r) => r.target !== null);
  const selected = search.indicator ?? targeted.find((r) => r.series.length > 0)?.code ?? targeted[0]?.code ?? 'PAY-06';
  const row = rows.find((r) => r.code === selected);
  const ind: DaIndicator | undefined = indicators.get(selected);
  const name = (c: string) => {
    const i = indicators.get(c);
    return i ? (lang === 'en' ? i.nameEn : i.nameIt) : c;
  };
  const unitOf = (c: string) => indicators.get(c)?.unit ?? 'count';
  // a territory's boolean is a share of Comuni; a Comune's is yes/no
  const yesNo = useMemo<[string, string]>(() => [t('values.yes'), t('values.no')], [t]);
  const fmtUnit = useMemo(
    () => (v: number | null, unit: string) => (level === 'comune' ? formatValue(v, unit, lang, yesNo) : formatAggregate(v, unit, lang)),
    [level, lang, yesNo],
  );
  const fmt = useMemo(() => (v: number | null) => fmtUnit(v, ind?.unit ?? 'count'), [fmtUnit, ind?.unit]);
  const territoryName = (level === 'comune' ? comuneQ.data?.name : territoryQ.data?.name) ?? code;
  const series = useMemo(() => row?.series.map((p) => ({ period: p.period, value: p.value })) ?? [], [row]);

  // names matching what is being typed, offered in a list
  const typed = useDebounced(form.code.trim(), 250);
  const lookup = typed.length >= 2 && !/^\d+$/.test(typed) && !/\(\d+\)$/.test(typed);
  const suggestions = useQuery({
    queryKey: ['enti', 'territories', form.level, typed],
    queryFn: ({ signal }) => territoriesNamed(form.level, typed, signal),
    enabled: lookup,
    staleTime: 60_000,
  });
  const options = lookup ? (suggestions.data ?? []) : [];

  async function apply(e: FormEvent) {
    e.preventDefault();
    const resolved = await resolveTerritory(form.level, form.code).catch(() => null);
    if (!resolved) {
      setFormError(t(`monitoring.codeError.${form.level}`));
      return;
    }
    setFormError(null);
    setDraft(null);
    onSearch({ ...search, level: form.level, code: resolved });
  }

  const path = level === 'comune' ? `/comuni/${code}/trend` : `/${level === 'province' ? 'provinces' : 'regions'}/${code}/trend`;
  const csvRows = rows.flatMap((r) => r.series.map((p) => ({ territorio: code, indicatore: r.code, anno: p.period, valore: p.value, obiettivo: r.target, stato: r.status })));
  return (
    <div>
      <h1>{t('monitoring.title')}</h1>
      <DigitalAgendaNav />
      <p className="lead">{t('monitoring.intro')}</p>
      <form className="row g-2 align-items-end mb-3" noValidate onSubmit={apply}>
        <div className="col-auto">
          <label htmlFor="mon-level" className="form-label">
            {t('filters.level')}
          </label>
          <select id="mon-level" className="form-select" value={form.level} onChange={(e) => setDraft({ ...form, level: e.target.value as MonitoringLevel })}>
            {(['comune', 'province', 'region'] as const).map((l) => (
              <option key={l} value={l}>
                {t(`monitoring.levels.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="col-auto">
          <label htmlFor="mon-code" className="form-label">
            {t('monitoring.code')}
          </label>
          <input
            id="mon-code"
            type="text"
            list="mon-code-options"
            autoComplete="off"
            className={`form-control${formError ? ' is-invalid' : ''}`}
            value={form.code}
            aria-describedby={formError ? 'mon-code-hint mon-code-status mon-code-error' : 'mon-code-hint mon-code-status'}
            aria-invalid={formError ? true : undefined}
            onChange={(e) => setDraft({ ...form, code: e.target.value })}
          />
          <datalist id="mon-code-options">
            {options.map((o) => (
              <option key={o.id} value={optionLabel(o)} />
            ))}
          </datalist>
        </div>
        <div className="col-auto">
          <button type="submit" className="btn btn-primary">
            {t('monitoring.show')}
          </button>
        </div>
        <p id="mon-code-hint" className="form-text col-12 mb-0">
          {t(`monitoring.codeHint.${form.level}`)}
        </p>
        <p id="mon-code-status" className="visually-hidden" aria-live="polite">
          {lookup && suggestions.data ? t('monitoring.suggestions', { count: options.length }) : ''}
        </p>
        {formError && (
          <p id="mon-code-error" className="pc-field-error col-12" role="alert">
            {formError}
          </p>
        )}
      </form>
      {!enabled && <p role="status">{t('monitoring.choose')}</p>}
      {enabled && q.isError && <ApiErrorAlert error={q.error} />}
      {enabled && q.isPending && <Loading />}
      {enabled && q.data && (
        <>
          <h2 className="h3">{t('monitoring.of', { name: territoryName })}</h2>
          {level === 'comune' ? (
            <p className="small">
              {t('monitoring.download')}:{' '}
              <a href={csvHref(csvRows)} download={`andamento-comune-${code}.csv`}>
                {t('download.csv')}
              </a>{' '}
              ·{' '}
              <a href={downloadUrl(path, {}, 'json')} target="_blank" rel="noreferrer">
                {t('download.json')}
              </a>
            </p>
          ) : (
            <Downloads label={t('monitoring.download')} csv={downloadUrl(path, {}, 'csv')} json={downloadUrl(path, {}, 'json')} />
          )}
          <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
            <div className="col-md-8">
              <label htmlFor="mon-indicator" className="form-label">
                {t('filters.indicator')}
              </label>
              <select id="mon-indicator" className="form-select" value={selected} onChange={(e) => onSearch({ ...search, level, code, indicator: e.target.value })}>
                {rows.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.code} – {name(r.code)}
                  </option>
                ))}
              </select>
            </div>
          </form>
          {row && (
            <section aria-labelledby="mon-selected" className="mb-4">
              <h3 id="mon-selected" className="h4">
                {row.code} – {name(row.code)}
              </h3>
              <dl className="row">
                <dt className="col-sm-4">{t('monitoring.target')}</dt>
                <dd className="col-sm-8">{row.target === null ? t('monitoring.noTarget') : `${fmt(row.target)} (${row.targetDeadline ?? ''})`}</dd>
                <dt className="col-sm-4">{t('monitoring.gapClosure')}</dt>
                <dd className="col-sm-8">{row.gapClosure === null ? '–' : formatShare(row.gapClosure, lang)}</dd>
                <dt className="col-sm-4">{t('monitoring.pace')}</dt>
                <dd className="col-sm-8">{row.pace === null ? '–' : ind?.unit === 'boolean' ? formatShare(row.pace, lang) : formatAggregate(row.pace, ind?.unit ?? 'count', lang)}</dd>
                <dt className="col-sm-4">{t('monitoring.reachYear')}</dt>
                <dd className="col-sm-8">{row.reachYear ?? (row.status ? t('monitoring.never') : '–')}</dd>
                <dt className="col-sm-4">{t('profile.status')}</dt>
                <dd className="col-sm-8">{row.status ? t(`status.${row.status}`) : '–'}</dd>
              </dl>
              {row.series.length === 0 ? (
                <p>{t('monitoring.noData')}</p>
              ) : (
                <>
                  <LineChart
                    id="mon-chart"
                    title={t('monitoring.chart', { name: name(row.code), territory: territoryName })}
                    description={t('monitoring.chartAria', { count: row.series.length, first: row.series[0]!.period, last: row.series[row.series.length - 1]!.period })}
                    series={series}
                    target={row.target}
                    format={fmt}
                  />
                  <SeriesTable caption={t('monitoring.tableCaption', { name: name(row.code), territory: territoryName })} row={row} format={fmt} comuniTotal={comuniTotal} lang={lang} />
                </>
              )}
            </section>
          )}
          <section aria-labelledby="mon-targets" className="mb-4">
            <h3 id="mon-targets" className="h4">
              {t('monitoring.targets')}
            </h3>
            <div className="table-responsive">
              <table className="table table-sm">
                <caption>{t('monitoring.targetsCaption', { territory: territoryName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('catalogue.code')}</th>
                    <th scope="col">{t('catalogue.name')}</th>
                    <th scope="col" className="text-end">{t('monitoring.last')}</th>
                    <th scope="col" className="text-end">{t('monitoring.target')}</th>
                    <th scope="col" className="text-end">{t('monitoring.gapClosure')}</th>
                    <th scope="col" className="text-end">{t('monitoring.reachYear')}</th>
                    <th scope="col">{t('profile.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {targeted.map((r) => {
                    const last = r.series[r.series.length - 1];
                    const unit = unitOf(r.code);
                    return (
                      <tr key={r.code}>
                        <th scope="row">
                          <button type="button" className="btn btn-link p-0" onClick={() => onSearch({ ...search, level, code, indicator: r.code })}>
                            {r.code}
                          </button>
                        </th>
                        <td>{name(r.code)}</td>
                        <td className="text-end">{last ? `${fmtUnit(last.value, unit)} (${last.period})` : '–'}</td>
                        <td className="text-end">{fmtUnit(r.target, unit)}</td>
                        <td className="text-end">{r.gapClosure === null ? '–' : formatShare(r.gapClosure, lang)}</td>
                        <td className="text-end">{r.reachYear ?? '–'}</td>
                        <td>{r.status ? t(`status.${r.status}`) : '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <p className="small">{t('monitoring.methodNote')}</p>
    </div>
  );
}
