import { ConventionKinds, ConventionStates, Services } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { CheckboxField, SelectField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { usePageTitle } from '../../lib/use-page-title';
import { csvUrl, networkApi, nk, type ConventionFilters, type ConventionSummary } from './api';
import { useNetworkAccess } from './access';
import { FiltersForm, NotSet, ServiceNames, StateBadge, formatDay, oneOf, useProgrammeProvinces } from './components';
import { useNetworkTranslation } from './i18n';

const PAGE_SIZE = 50;
export const EXPIRY_DAYS = 60;

export interface ConventionsSearch {
  provincia?: string;
  service?: string;
  state?: string;
  kind?: string;
  expiring?: string;
}

export function filtersOf(search: ConventionsSearch): ConventionFilters {
  const expiring = Number(search.expiring);
  return {
    provincia: search.provincia && /^\d{3}$/.test(search.provincia) ? search.provincia : undefined,
    service: oneOf(Services, search.service),
    state: oneOf(ConventionStates, search.state),
    kind: oneOf(ConventionKinds, search.kind),
    expiringWithinDays: Number.isInteger(expiring) && expiring >= 1 && expiring <= 365 ? expiring : undefined,
  };
}

/** "Abano Terme, Albignasego e altri 3". */
export function PartiesSummary({ parties }: { parties: ConventionSummary['parties'] }) {
  const { t } = useNetworkTranslation();
  const shown = parties.slice(0, 3).map((p) => p.name);
  const rest = parties.length - shown.length;
  return <>{rest > 0 ? t('conventions.parties_more', { names: shown.join(', '), count: rest }) : shown.join(', ')}</>;
}

function ExpiringBanner({ provincia, active, onShow }: { provincia?: string; active: boolean; onShow: () => void }) {
  const { t } = useNetworkTranslation();
  const params = { provincia, expiringWithinDays: EXPIRY_DAYS, page: 1, pageSize: 1 };
  const query = useQuery({ queryKey: nk.conventions(params), queryFn: () => networkApi.conventions(params) });
  const count = query.data?.total ?? 0;
  if (count === 0) return null;
  return (
    <div className="alert alert-warning pc-expiring d-flex flex-wrap align-items-center gap-3">
      <p className="mb-0 fw-semibold">{t('conventions.expiring_banner', { count, days: EXPIRY_DAYS })}</p>
      {!active && (
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={onShow}>
          {t('conventions.show_expiring')}
        </button>
      )}
    </div>
  );
}

export function ConventionsPage({
  search,
  onSearch,
}: {
  search: ConventionsSearch;
  onSearch: (next: ConventionsSearch) => void;
}) {
  const { t } = useNetworkTranslation();
  usePageTitle(t('conventions.title'));
  const { isUpi, managedProvinces } = useNetworkAccess();
  const [page, setPage] = useState(1);
  const provinces = useProgrammeProvinces();
  const filters = filtersOf(search);
  const params = { ...filters, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: nk.conventions(params),
    queryFn: ({ signal }) => networkApi.conventions(params, signal),
    placeholderData: keepPreviousData,
  });
  const set = (key: keyof ConventionsSearch, value: string | undefined) => {
    onSearch({ ...search, [key]: value || undefined });
    setPage(1);
  };

  return (
    <>
      <h1>{t('conventions.title')}</h1>
      <p className="lead">{t('conventions.intro')}</p>
      {(isUpi || managedProvinces.length > 0) && (
        <p>
          <Link to="/rete/convenzioni/nuova" className="btn btn-primary">
            {t('conventions.new')}
          </Link>
        </p>
      )}
      <ExpiringBanner
        provincia={filters.provincia}
        active={!!filters.expiringWithinDays}
        onShow={() => set('expiring', String(EXPIRY_DAYS))}
      />
      <FiltersForm id="conventions-filters" title={t('common.filters')}>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="conventions-provincia"
            label={t('common.provincia')}
            value={filters.provincia ?? ''}
            onChange={(e) => set('provincia', e.target.value)}
          >
            <option value="">{t('common.any_provincia')}</option>
            {provinces.data?.map((p) => (
              <option key={p.id} value={p.istatCode ?? ''}>
                {p.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="conventions-service"
            label={t('common.service')}
            value={filters.service ?? ''}
            onChange={(e) => set('service', e.target.value)}
          >
            <option value="">{t('common.any_service')}</option>
            {Services.map((s) => (
              <option key={s} value={s}>
                {t(`services_long.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="conventions-state"
            label={t('common.state')}
            value={filters.state ?? ''}
            onChange={(e) => set('state', e.target.value)}
          >
            <option value="">{t('common.any_state')}</option>
            {ConventionStates.map((s) => (
              <option key={s} value={s}>
                {t(`states.convention.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="conventions-kind"
            label={t('conventions.kind')}
            value={filters.kind ?? ''}
            onChange={(e) => set('kind', e.target.value)}
          >
            <option value="">{t('conventions.any_kind')}</option>
            {ConventionKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6">
          <CheckboxField
            id="conventions-expiring"
            label={t('conventions.only_expiring', { days: EXPIRY_DAYS })}
            checked={!!filters.expiringWithinDays}
            onChange={(e) => set('expiring', e.target.checked ? String(EXPIRY_DAYS) : undefined)}
          />
        </div>
        <div className="col-md-6 pc-filter-action">
          <a className="btn btn-outline-primary" href={csvUrl('/conventions', filters)} download>
            {t('common.export_csv')}
          </a>
        </div>
      </FiltersForm>

      <PagedTable
        query={query}
        caption={t('conventions.caption')}
        emptyText={t('conventions.no_results')}
        columns={[
          { label: t('conventions.title_column') },
          { label: t('conventions.owner') },
          { label: t('conventions.parties') },
          { label: t('common.services') },
          { label: t('common.state') },
          { label: t('conventions.starts_on') },
          { label: t('conventions.ends_on') },
        ]}
        rowKey={(c) => c.id}
        renderCells={(c) => (
          <>
            <th scope="row" className="fw-normal">
              <Link to="/rete/convenzioni/$conventionId" params={{ conventionId: c.id }}>
                {c.title}
              </Link>
            </th>
            <td>{c.owner.name}</td>
            <td>
              <PartiesSummary parties={c.parties} />
            </td>
            <td>
              <ServiceNames services={c.services} />
            </td>
            <td>
              <StateBadge group="convention" state={c.state} />
              {c.expiring && <span className="pc-tag pc-tag-warn ms-1">{t('conventions.expiring')}</span>}
            </td>
            <td>{formatDay(c.startsOn)}</td>
            <td>{c.endsOn ? formatDay(c.endsOn) : <NotSet />}</td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}
