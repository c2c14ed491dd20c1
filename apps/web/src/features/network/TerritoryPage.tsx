import { Services, type Service } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { networkApi, nk, type Adhesion } from './api';
import { useNetworkAccess } from './access';
import { normalizeName } from './ComuniChecklist';
import { AdhesionStatus, FiltersForm, formatShare, oneOf, useProgrammeProvinces } from './components';
import { useNetworkTranslation } from './i18n';

export interface TerritorySearch {
  service?: string;
  show?: string;
}
const SHOW = ['all', 'joined', 'not_joined'] as const;
type Show = (typeof SHOW)[number];

/** Which Comuni a filter keeps: by the chosen service, or by any service when none is chosen. */
export function filterAdhesion(items: Adhesion['items'], service: Service | undefined, show: Show, q = '') {
  const needle = normalizeName(q);
  return items.filter((c) => {
    if (needle && !normalizeName(c.name).includes(needle)) return false;
    if (show === 'all') return true;
    const joined = service ? c.services[service] : Services.some((s) => c.services[s]);
    return show === 'joined' ? joined : !joined;
  });
}

/** The Comuni of a Province with their adhesion to each service, as text and icon. */
export function AdhesionGrid({ data, service, show, q }: { data: Adhesion; service?: Service; show: Show; q: string }) {
  const { t } = useNetworkTranslation();
  const columns = service ? [service] : [...Services];
  const rows = filterAdhesion(data.items, service, show, q);
  return (
    <>
      <p role="status" className="mb-2">
        {t('territory.shown', { count: rows.length, total: data.items.length })}
      </p>
      {rows.length > 0 && (
        <div className="table-responsive">
          <table className="table table-striped pc-table">
            <caption>{t('territory.grid_caption', { name: data.provincia.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('territory.comune')}</th>
                <th scope="col">{t('common.istat_code')}</th>
                <th scope="col" className="text-end">
                  {t('territory.population')}
                </th>
                {columns.map((s) => (
                  <th key={s} scope="col">
                    <abbr title={t(`services_long.${s}`)}>{t(`services.${s}`)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="fw-normal">
                    <Link to="/enti/$enteId" params={{ enteId: c.id }}>
                      {c.name}
                    </Link>
                  </th>
                  <td>{c.istatCode}</td>
                  <td className="text-end">
                    {c.population === null ? t('common.not_set') : formatInteger(c.population)}
                  </td>
                  {columns.map((s) => (
                    <td key={s}>
                      <AdhesionStatus joined={c.services[s]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Totals({ data }: { data: Adhesion }) {
  const { t } = useNetworkTranslation();
  const populationOf = (s: Service) =>
    data.items.reduce((sum, c) => sum + (c.services[s] && c.population ? c.population : 0), 0);
  return (
    <div className="table-responsive">
      <table className="table pc-table">
        <caption>{t('territory.totals_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.service')}</th>
            <th scope="col" className="text-end">
              {t('territory.comuni_joined')}
            </th>
            <th scope="col" className="text-end">
              {t('territory.population_reached')}
            </th>
          </tr>
        </thead>
        <tbody>
          {Services.map((s) => (
            <tr key={s}>
              <th scope="row" className="fw-normal">
                {t(`services_long.${s}`)}
              </th>
              <td className="text-end">
                {t('territory.of_total', { count: data.totals[s], total: data.totals.comuni })}
              </td>
              <td className="text-end">
                {formatInteger(populationOf(s))}
                {data.totals.population > 0 && ` (${formatShare(populationOf(s) / data.totals.population)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProvinceChooser({ current }: { current?: string }) {
  const { t } = useNetworkTranslation();
  const navigate = useNavigate();
  const provinces = useProgrammeProvinces();
  return (
    <SelectField
      id="territory-provincia"
      label={current ? t('territory.change_provincia') : t('common.provincia')}
      value={current ?? ''}
      onChange={(e) => {
        const provinciaId = e.target.value;
        if (provinciaId) void navigate({ to: '/rete/territorio/$provinciaId', params: { provinciaId } });
      }}
    >
      <option value="">{t('common.choose_provincia')}</option>
      {provinces.data?.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}

function Territory({
  provinciaId,
  search,
  onSearch,
}: {
  provinciaId: string;
  search: TerritorySearch;
  onSearch: (next: TerritorySearch) => void;
}) {
  const { t } = useNetworkTranslation();
  const [q, setQ] = useState('');
  const query = useQuery({ queryKey: nk.adhesion(provinciaId), queryFn: () => networkApi.adhesion(provinciaId) });
  const name = query.data?.provincia.name;
  usePageTitle(name ? t('territory.title_of', { name }) : t('territory.title'));
  const service = oneOf(Services, search.service);
  const show = oneOf(SHOW, search.show) ?? 'all';

  return (
    <>
      <h1>{name ? t('territory.title_of', { name }) : t('territory.title')}</h1>
      <p className="lead">{t('territory.intro')}</p>
      <div className="row">
        <div className="col-md-6">
          <ProvinceChooser current={provinciaId} />
        </div>
        <div className="col-md-6 pc-filter-action">
          <Link to="/rete/convenzioni" search={{ provincia: query.data?.provincia.istatCode ?? undefined }}>
            {t('territory.conventions_link')}
          </Link>
        </div>
      </div>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data && (
        <>
          <section className="mb-5" aria-labelledby="territory-totals-title">
            <h2 id="territory-totals-title" className="h4">
              {t('territory.totals_title')}
            </h2>
            <p>
              {t('territory.totals_intro', {
                count: query.data.totals.comuni,
                population: formatInteger(query.data.totals.population),
              })}
            </p>
            <Totals data={query.data} />
          </section>
          <section aria-labelledby="territory-grid-title">
            <h2 id="territory-grid-title" className="h4">
              {t('territory.grid_title')}
            </h2>
            <FiltersForm id="territory-filters" title={t('common.filters')}>
              <div className="col-md-4">
                <SelectField
                  id="territory-service"
                  label={t('common.service')}
                  value={service ?? ''}
                  onChange={(e) => onSearch({ ...search, service: e.target.value || undefined })}
                >
                  <option value="">{t('common.any_service')}</option>
                  {Services.map((s) => (
                    <option key={s} value={s}>
                      {t(`services_long.${s}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <div className="col-md-4">
                <SelectField
                  id="territory-show"
                  label={t('territory.show')}
                  value={show}
                  onChange={(e) => onSearch({ ...search, show: e.target.value === 'all' ? undefined : e.target.value })}
                >
                  {SHOW.map((s) => (
                    <option key={s} value={s}>
                      {t(`territory.show_${s}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <div className="col-md-4">
                <TextField
                  id="territory-q"
                  label={t('territory.search')}
                  type="search"
                  autoComplete="off"
                  value={q}
                  onChange={(e) => setQ(e.target.value)}
                />
              </div>
            </FiltersForm>
            <AdhesionGrid data={query.data} service={service} show={show} q={q} />
          </section>
        </>
      )}
    </>
  );
}

/** `/rete/territorio/$provinciaId`; without a Province, the caller's own, or a choice. */
export function TerritoryPage({
  provinciaId,
  search = {},
  onSearch = () => undefined,
}: {
  provinciaId?: string;
  search?: TerritorySearch;
  onSearch?: (next: TerritorySearch) => void;
}) {
  const { activeProvince, managedProvinces } = useNetworkAccess();
  if (provinciaId) return <Territory key={provinciaId} provinciaId={provinciaId} search={search} onSearch={onSearch} />;
  const own = activeProvince ?? managedProvinces[0];
  if (own) return <Navigate to="/rete/territorio/$provinciaId" params={{ provinciaId: own.enteId }} replace />;
  return <TerritoryChooser />;
}

function TerritoryChooser() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('territory.title'));
  return (
    <>
      <h1>{t('territory.title')}</h1>
      <p className="lead">{t('territory.intro')}</p>
      <p>{t('territory.choose_intro')}</p>
      <div className="pc-narrow">
        <ProvinceChooser />
      </div>
    </>
  );
}
