import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { SelectField, TextField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { networkApi, nk } from './api';
import { FiltersForm, formatDateTime } from './components';
import { useNetworkTranslation } from './i18n';

const PAGE_SIZE = 25;

export interface DecisionsSearch {
  q?: string;
  body?: string;
}

export function DecisionsPage({
  search,
  onSearch,
}: {
  search: DecisionsSearch;
  onSearch: (next: DecisionsSearch) => void;
}) {
  const { t } = useNetworkTranslation();
  usePageTitle(t('decisions.page_title'));
  const [q, setQ] = useState(search.q ?? '');
  const [page, setPage] = useState(1);
  const debounced = useDebounced(q.trim(), 300);
  const bodies = useQuery({ queryKey: nk.bodies, queryFn: networkApi.bodies });
  useEffect(() => {
    if ((search.q ?? '') !== debounced) onSearch({ ...search, q: debounced || undefined });
    // only the typed text drives the address
  }, [debounced]);
  const body = search.body && /^[0-9a-f-]{36}$/i.test(search.body) ? search.body : undefined;
  const params = { q: debounced || undefined, body, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: nk.decisions(params),
    queryFn: ({ signal }) => networkApi.decisions(params, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <h1>{t('decisions.page_title')}</h1>
      <p className="lead">{t('decisions.intro')}</p>
      <FiltersForm id="decisions-filters" title={t('common.filters')}>
        <div className="col-md-7">
          <TextField
            id="decisions-q"
            label={t('decisions.search')}
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
          />
        </div>
        <div className="col-md-5">
          <SelectField
            id="decisions-body"
            label={t('decisions.body')}
            value={body ?? ''}
            onChange={(e) => {
              onSearch({ ...search, body: e.target.value || undefined });
              setPage(1);
            }}
          >
            <option value="">{t('decisions.any_body')}</option>
            {bodies.data?.items.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </SelectField>
        </div>
      </FiltersForm>
      <PagedTable
        query={query}
        caption={t('decisions.caption')}
        emptyText={t('decisions.no_results')}
        columns={[
          { label: t('decisions.number') },
          { label: t('decisions.subject') },
          { label: t('decisions.text') },
          { label: t('decisions.body') },
          { label: t('decisions.meeting') },
        ]}
        rowKey={(d) => d.id}
        renderCells={(d) => (
          <>
            <td>{d.number}</td>
            <th scope="row" className="fw-normal">
              {d.subject}
            </th>
            <td className="pc-pre">{d.text.length > 300 ? `${d.text.slice(0, 300)}…` : d.text}</td>
            <td>
              <Link to="/rete/organi/$bodyId" params={{ bodyId: d.body.id }}>
                {d.body.name}
              </Link>
            </td>
            <td>
              {d.meeting.title}
              <br />
              <time dateTime={d.meeting.heldAt}>{formatDateTime(d.meeting.heldAt)}</time>
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
