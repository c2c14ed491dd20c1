import { RequestStates, Services } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { PagedTable } from '../../components/PagedTable';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { FiltersForm, RequireLogin, oneOf } from '../network/components';
import { requestsApi, rk, type RequestFilters } from './api';
import { RequestCells, RequestsNav, useRequestsAccess } from './components';
import { useRequestsTranslation } from './i18n';

const PAGE_SIZE = 25;

export interface RequestsSearch {
  view?: string;
  service?: string;
  state?: string;
  sla?: string;
  q?: string;
  page?: string;
}

function RequestsList({ search, onSearch }: { search: RequestsSearch; onSearch: (next: RequestsSearch) => void }) {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  const view: RequestFilters['view'] = search.view === 'queue' || (!search.view && !access.isComuneMember && access.isOperator) ? 'queue' : 'mine';
  const filters: RequestFilters = {
    view,
    service: oneOf(Services, search.service),
    state: oneOf(RequestStates, search.state),
    sla: oneOf(['breached', 'due_soon'] as const, search.sla),
    q: search.q?.trim() || undefined,
  };
  const q = useDebounced(filters.q, 300);
  const page = Math.max(1, Number(search.page) || 1);
  const query = useQuery({
    queryKey: rk.list({ ...filters, q, page }),
    queryFn: ({ signal }) => requestsApi.list({ ...filters, q, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<RequestsSearch>) => onSearch({ ...search, view, ...patch, page: undefined });

  return (
    <>
      <FiltersForm id="requests-filters" title={t('filters.title')}>
        <SelectField id="filter-service" label={t('filters.service')} className="col-md-3" value={filters.service ?? ''} onChange={(e) => set({ service: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          {Services.map((s) => (
            <option key={s} value={s}>
              {t(`service_short.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-state" label={t('filters.state')} className="col-md-3" value={filters.state ?? ''} onChange={(e) => set({ state: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          {RequestStates.map((s) => (
            <option key={s} value={s}>
              {t(`states.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-sla" label={t('filters.sla')} className="col-md-3" value={filters.sla ?? ''} onChange={(e) => set({ sla: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          <option value="breached">{t('filters.sla_breached')}</option>
          <option value="due_soon">{t('filters.sla_due_soon')}</option>
        </SelectField>
        <TextField id="filter-q" type="search" label={t('filters.q')} className="col-md-3" value={search.q ?? ''} onChange={(e) => set({ q: e.target.value || undefined })} />
      </FiltersForm>
      <PagedTable
        query={query}
        caption={t(view === 'queue' ? 'list.caption_queue' : 'list.caption_mine')}
        emptyText={t('list.empty')}
        columns={[{ label: t('list.number') }, { label: t('list.subject') }, { label: t('list.service') }, { label: t('list.requester') }, { label: t('list.state') }, { label: t('list.sla') }]}
        rowKey={(r) => r.id}
        renderCells={(r) => <RequestCells r={r} withService />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={(p) => onSearch({ ...search, page: String(p) })}
      />
    </>
  );
}

/** `/assistenza`: my Comune's requests, or the queue of the services I operate. */
export function RequestsPage(props: { search: RequestsSearch; onSearch: (next: RequestsSearch) => void }) {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  usePageTitle(t('title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro')}</p>
        <RequestsNav />
        {access.isLoading ? <Loading /> : <RequestsList {...props} />}
      </div>
    </RequireLogin>
  );
}
