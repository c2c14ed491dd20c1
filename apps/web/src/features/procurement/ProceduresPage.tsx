import { ObjectTypes, ProcedureCodes, ProcedureStates } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { PagedTable } from '../../components/PagedTable';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { FiltersForm, RequireLogin, oneOf } from '../network/components';
import { pk, procurementApi, type ProcedureFilters } from './api';
import { ProcedureStateBadge, ProcurementNav, useProcurementAccess } from './components';
import { formatEuro, formatMoment } from './format';
import { useProcurementTranslation } from './i18n';

const PAGE_SIZE = 25;

export interface ProceduresSearch {
  state?: string;
  objectType?: string;
  procedureCode?: string;
  q?: string;
  page?: string;
}

function ProceduresList({ search, onSearch }: { search: ProceduresSearch; onSearch: (next: ProceduresSearch) => void }) {
  const { t } = useProcurementTranslation();
  const filters: ProcedureFilters = {
    state: oneOf(ProcedureStates, search.state),
    objectType: oneOf(ObjectTypes, search.objectType),
    procedureCode: oneOf(ProcedureCodes, search.procedureCode),
    q: search.q?.trim() || undefined,
  };
  const q = useDebounced(filters.q, 300);
  const page = Math.max(1, Number(search.page) || 1);
  const query = useQuery({
    queryKey: pk.list({ ...filters, q, page }),
    queryFn: ({ signal }) => procurementApi.list({ ...filters, q, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<ProceduresSearch>) => onSearch({ ...search, ...patch, page: undefined });
  return (
    <>
      <FiltersForm id="procedures-filters" title={t('filters.title')}>
        <SelectField id="filter-state" label={t('filters.state')} className="col-md-3" value={filters.state ?? ''} onChange={(e) => set({ state: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          {ProcedureStates.map((s) => (
            <option key={s} value={s}>
              {t(`states.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-object-type" label={t('filters.object_type')} className="col-md-3" value={filters.objectType ?? ''} onChange={(e) => set({ objectType: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          {ObjectTypes.map((o) => (
            <option key={o} value={o}>
              {t(`object_types.${o}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-procedure" label={t('filters.procedure')} className="col-md-3" value={filters.procedureCode ?? ''} onChange={(e) => set({ procedureCode: e.target.value || undefined })}>
          <option value="">{t('filters.all')}</option>
          {ProcedureCodes.map((c) => (
            <option key={c} value={c}>
              {t(`procedure_codes.${c}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="filter-q" type="search" label={t('filters.q')} className="col-md-3" value={search.q ?? ''} onChange={(e) => set({ q: e.target.value || undefined })} />
      </FiltersForm>
      <PagedTable
        query={query}
        caption={t('list.caption')}
        emptyText={t('list.empty')}
        columns={[
          { label: t('list.number') },
          { label: t('list.title') },
          { label: t('list.comune') },
          { label: t('list.state') },
          { label: t('list.procedure') },
          { label: t('list.value'), className: 'text-end' },
          { label: t('list.offer_deadline') },
        ]}
        rowKey={(p) => p.id}
        renderCells={(p) => (
          <>
            <th scope="row">
              <Link to="/appalti/$procedureId" params={{ procedureId: p.id }}>
                {p.number}
              </Link>
            </th>
            <td>{p.title}</td>
            <td>{p.comune.name}</td>
            <td>
              <ProcedureStateBadge state={p.state} />
            </td>
            <td>{p.procedureCode ? t(`procedure_codes.${p.procedureCode}`) : t('detail.not_chosen')}</td>
            <td className="text-end">{formatEuro(p.estimatedValue)}</td>
            <td>{p.offerDeadline ? formatMoment(p.offerDeadline) : ''}</td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={(n) => onSearch({ ...search, page: String(n) })}
      />
    </>
  );
}

/** `/appalti`: the procedures the caller may see (its Comune's, or those of the Comuni its SUA serves). */
export function ProceduresPage(props: { search: ProceduresSearch; onSearch: (next: ProceduresSearch) => void }) {
  const { t } = useProcurementTranslation();
  const access = useProcurementAccess();
  usePageTitle(t('title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <div className="d-flex flex-wrap justify-content-between align-items-start gap-3">
          <h1>{t('title')}</h1>
          {access.requesterComuni.length > 0 && (
            <Link to="/appalti/nuova" className="btn btn-primary">
              {t('list.new')}
            </Link>
          )}
        </div>
        <p className="lead">{t('intro')}</p>
        <ProcurementNav />
        {access.isLoading ? <Loading /> : <ProceduresList {...props} />}
      </div>
    </RequireLogin>
  );
}
