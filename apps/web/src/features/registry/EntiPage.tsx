import { EnteTypes, type EnteType } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { formatInteger } from '../../lib/format';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { registryApi } from './api';

const PAGE_SIZE = 25;

export function EntiPage() {
  const { t } = useTranslation('registry');
  usePageTitle(t('list.title'));
  const [type, setType] = useState<EnteType | ''>('');
  const [programme, setProgramme] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const debouncedQ = useDebounced(q.trim(), 300);

  const params = {
    type: type || undefined,
    programme,
    q: debouncedQ || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: ['enti', params],
    queryFn: ({ signal }) => registryApi.listEnti(params, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.intro')}</p>
      <form
        role="search"
        aria-labelledby="enti-filters-title"
        className="pc-filters mb-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <h2 id="enti-filters-title" className="h5">
          {t('list.filters_title')}
        </h2>
        <div className="row align-items-end">
          <div className="col-md-5">
            <TextField
              id="enti-q"
              label={t('list.search')}
              type="search"
              value={q}
              autoComplete="off"
              onChange={(e) => {
                setQ(e.target.value);
                setPage(1);
              }}
            />
          </div>
          <div className="col-md-4">
            <SelectField
              id="enti-type"
              label={t('list.type')}
              value={type}
              onChange={(e) => {
                setType(e.target.value as EnteType | '');
                setPage(1);
              }}
            >
              <option value="">{t('list.any_type')}</option>
              {EnteTypes.map((et) => (
                <option key={et} value={et}>
                  {t(`types.${et}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-3">
            <CheckboxField
              id="enti-programme"
              label={t('list.programme')}
              checked={programme}
              onChange={(e) => {
                setProgramme(e.target.checked);
                setPage(1);
              }}
            />
          </div>
        </div>
      </form>

      <PagedTable
        query={query}
        caption={t('list.caption')}
        emptyText={t('list.no_results')}
        columns={[
          { label: t('list.name') },
          { label: t('list.type_column') },
          { label: t('list.istat_code') },
          { label: t('list.population'), className: 'text-end' },
        ]}
        rowKey={(e) => e.id}
        renderCells={(e) => (
          <>
            <th scope="row" className="fw-normal">
              {e.name}
            </th>
            <td>{t(`types.${e.type}`)}</td>
            <td>{e.istatCode ?? t('list.not_available')}</td>
            <td className="text-end">
              {e.population === undefined ? t('list.not_available') : formatInteger(e.population)}
            </td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}
