import { ProtocolStates } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { SelectField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { usePageTitle } from '../../lib/use-page-title';
import { csvUrl, networkApi, nk, type ProtocolFilters } from './api';
import { FiltersForm, NotSet, StateBadge, formatDay, oneOf, useRegions } from './components';
import { useNetworkTranslation } from './i18n';

const PAGE_SIZE = 100;

export interface ProtocolsSearch {
  state?: string;
  region?: string;
}

export function ProtocolsPage({
  search,
  onSearch,
}: {
  search: ProtocolsSearch;
  onSearch: (next: ProtocolsSearch) => void;
}) {
  const { t } = useNetworkTranslation();
  usePageTitle(t('protocols.title'));
  const [page, setPage] = useState(1);
  const regions = useRegions();
  const filters: ProtocolFilters = {
    state: oneOf(ProtocolStates, search.state),
    region: search.region && /^\d{2}$/.test(search.region) ? search.region : undefined,
  };
  const params = { ...filters, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: nk.protocols(params),
    queryFn: ({ signal }) => networkApi.protocols(params, signal),
    placeholderData: keepPreviousData,
  });
  const regionName = (code: string) => regions.data?.find((r) => r.istatCode === code)?.name ?? code;
  const set = (key: keyof ProtocolsSearch, value: string) => {
    onSearch({ ...search, [key]: value || undefined });
    setPage(1);
  };

  return (
    <>
      <h1>{t('protocols.title')}</h1>
      <p className="lead">{t('protocols.intro')}</p>
      <FiltersForm id="protocols-filters" title={t('common.filters')}>
        <div className="col-md-4">
          <SelectField
            id="protocols-state"
            label={t('common.state')}
            value={filters.state ?? ''}
            onChange={(e) => set('state', e.target.value)}
          >
            <option value="">{t('common.any_state')}</option>
            {ProtocolStates.map((s) => (
              <option key={s} value={s}>
                {t(`states.protocol.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-4">
          <SelectField
            id="protocols-region"
            label={t('common.region')}
            value={filters.region ?? ''}
            onChange={(e) => set('region', e.target.value)}
          >
            <option value="">{t('common.any_region')}</option>
            {regions.data?.map((r) => (
              <option key={r.id} value={r.istatCode ?? ''}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-4 pc-filter-action">
          <a className="btn btn-outline-primary" href={csvUrl('/protocols', filters)} download>
            {t('common.export_csv')}
          </a>
        </div>
      </FiltersForm>

      <PagedTable
        query={query}
        caption={t('protocols.caption')}
        emptyText={t('protocols.no_results')}
        columns={[
          { label: t('common.provincia') },
          { label: t('common.region') },
          { label: t('common.state') },
          { label: t('protocols.sent_at') },
          { label: t('protocols.signed_at') },
        ]}
        rowKey={(p) => p.id}
        renderCells={(p) => (
          <>
            <th scope="row" className="fw-normal">
              <Link to="/rete/protocolli/$protocolId" params={{ protocolId: p.id }}>
                {p.provincia.name}
              </Link>
            </th>
            <td>{regionName(p.provincia.regionIstatCode)}</td>
            <td>
              <StateBadge group="protocol" state={p.state} />
            </td>
            <td>{p.sentAt ? formatDay(p.sentAt) : <NotSet />}</td>
            <td>{p.signedAt ? formatDay(p.signedAt) : <NotSet />}</td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}
