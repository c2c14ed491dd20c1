import { EnteTypes, PopulationClasses, Services, type EnteType, type PopulationClass } from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { formatInteger } from '../../lib/format';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { registryApi } from './api';

const PAGE_SIZE = 25;

const populationClasses = Object.keys(PopulationClasses) as PopulationClass[];

/** Filters kept in the address, so that other pages can link to a filtered list. */
export interface EntiSearch {
  type?: string;
  populationClass?: string;
  service?: string;
}

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  list.find((x) => x === value);

export function EntiPage({ search = {}, onSearch }: { search?: EntiSearch; onSearch?: (next: EntiSearch) => void }) {
  const { t } = useTranslation('registry');
  usePageTitle(t('list.title'));
  const [local, setLocal] = useState<EntiSearch>(search);
  const current = onSearch ? search : local;
  const type = oneOf(EnteTypes, current.type) ?? '';
  const populationClass = oneOf(populationClasses, current.populationClass) ?? '';
  const service = oneOf(Services, current.service) ?? '';
  const setFilter = (key: keyof EntiSearch, value: string) => {
    const next = { ...current, [key]: value || undefined };
    if (onSearch) onSearch(next);
    else setLocal(next);
    setPage(1);
  };
  const [programme, setProgramme] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const debouncedQ = useDebounced(q.trim(), 300);

  const params = {
    type: type || undefined,
    populationClass: populationClass || undefined,
    service: service || undefined,
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
          <div className="col-md-4">
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
              onChange={(e) => setFilter('type', e.target.value as EnteType | '')}
            >
              <option value="">{t('list.any_type')}</option>
              {EnteTypes.map((et) => (
                <option key={et} value={et}>
                  {t(`types.${et}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <SelectField
              id="enti-population-class"
              label={t('list.population_class')}
              value={populationClass}
              onChange={(e) => setFilter('populationClass', e.target.value)}
            >
              <option value="">{t('list.any_population_class')}</option>
              {populationClasses.map((pc) => (
                <option key={pc} value={pc}>
                  {t(`population_classes.${pc}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <SelectField
              id="enti-service"
              label={t('list.service')}
              hint={t('list.service_hint')}
              value={service}
              onChange={(e) => setFilter('service', e.target.value)}
            >
              <option value="">{t('list.any_service')}</option>
              {Services.map((s) => (
                <option key={s} value={s}>
                  {t(`services.${s}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
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
              <Link to="/enti/$enteId" params={{ enteId: e.id }}>
                {e.name}
              </Link>
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
