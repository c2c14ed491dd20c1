import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { orderKinds, PAGE_SIZE, searchApi } from './api';
import { useSearchTranslation } from './i18n';

export interface SearchParams {
  q?: string;
  kind?: string;
  page?: string;
}

/** A snippet with the terms found between « and », shown as <mark> (text only, never HTML). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/«|»/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>))}</>;
}

/** Results of the global search, grouped by kind, with a kind filter and pages. */
export function SearchPage({ params, onSearch }: { params: SearchParams; onSearch: (next: SearchParams) => void }) {
  const { t } = useSearchTranslation();
  usePageTitle(params.q ? t('title_for', { q: params.q }) : t('title'));
  const [text, setText] = useState(params.q ?? '');
  const [tooShort, setTooShort] = useState(false);
  const q = params.q ?? '';
  const page = Math.max(1, Number(params.page ?? 1) || 1);
  const valid = q.trim().length >= 2;
  const query = useQuery({
    queryKey: ['search', q, params.kind ?? '', page],
    queryFn: ({ signal }) => searchApi.search(q, params.kind, page, signal),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const kindName = (k: string) => t(`kinds.${k}`, { defaultValue: k });
  const data = query.data;
  const groups = data ? orderKinds([...new Set(data.items.map((i) => i.kind))]) : [];
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <div>
      <h1>{t('title')}</h1>
      <form
        role="search"
        aria-label={t('title')}
        className="mb-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const next = text.trim();
          setTooShort(next.length < 2);
          if (next.length >= 2) onSearch({ q: next });
        }}
      >
        <div className="pc-field mb-3">
          <label htmlFor="global-search" className="form-label pc-label">
            {t('label')}
          </label>
          <p id="global-search-hint" className="form-text pc-hint mb-1">
            {t('hint')}
          </p>
          <input
            id="global-search"
            type="search"
            className={`form-control pc-input${tooShort ? ' is-invalid' : ''}`}
            aria-describedby={`global-search-hint${tooShort ? ' global-search-error' : ''}`}
            aria-invalid={tooShort || undefined}
            maxLength={200}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {tooShort && (
            <p id="global-search-error" className="invalid-feedback d-block">
              {t('too_short')}
            </p>
          )}
        </div>
        <button type="submit" className="btn btn-primary">
          {t('submit')}
        </button>
      </form>

      {valid && query.isError && <ApiErrorAlert error={query.error} />}
      {valid && query.isPending && <Loading />}
      {data && (
        <>
          <p role="status">{data.capped ? t('found_many_results', { count: data.total - 1, q }) : t('found', { count: data.total, q })}</p>
          {Object.keys(data.byKind).length > 0 && (
            <nav aria-label={t('filter')} className="mb-4">
              <ul className="nav nav-pills flex-wrap gap-2">
                <li className="nav-item">
                  <button type="button" className={`btn btn-sm ${!params.kind ? 'btn-primary' : 'btn-outline-primary'}`} aria-pressed={!params.kind} onClick={() => onSearch({ q })}>
                    {t('all', { count: Object.values(data.byKind).reduce((a, b) => a + b, 0) })}
                  </button>
                </li>
                {orderKinds(Object.keys(data.byKind)).map((k) => (
                  <li key={k} className="nav-item">
                    <button
                      type="button"
                      className={`btn btn-sm ${params.kind === k ? 'btn-primary' : 'btn-outline-primary'}`}
                      aria-pressed={params.kind === k}
                      onClick={() => onSearch({ q, kind: k })}
                    >
                      {kindName(k)} ({data.byKind[k]})
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {groups.map((k) => (
            <section key={k} className="mb-4" aria-labelledby={`search-kind-${k}`}>
              <h2 id={`search-kind-${k}`} className="h4">
                {kindName(k)} ({data.byKind[k] ?? 0})
              </h2>
              <ul className="list-unstyled">
                {data.items
                  .filter((i) => i.kind === k)
                  .map((i) => (
                    <li key={`${i.kind}-${i.id}`} className="mb-3">
                      <a href={i.url} className="fw-semibold">
                        {i.title}
                      </a>
                      {i.snippet && (
                        <p className="mb-0 small">
                          <Snippet text={i.snippet} />
                        </p>
                      )}
                    </li>
                  ))}
              </ul>
            </section>
          ))}
          {pages > 1 && (
            <nav aria-label={t('pages')}>
              <ul className="pagination">
                <li className={`page-item${page <= 1 ? ' disabled' : ''}`}>
                  <button type="button" className="page-link" disabled={page <= 1} onClick={() => onSearch({ ...params, page: String(page - 1) })}>
                    {t('previous')}
                  </button>
                </li>
                <li className="page-item">
                  <span className="page-link" aria-current="page">
                    {t('page_of', { page, pages })}
                  </span>
                </li>
                <li className={`page-item${page >= pages ? ' disabled' : ''}`}>
                  <button type="button" className="page-link" disabled={page >= pages} onClick={() => onSearch({ ...params, page: String(page + 1) })}>
                    {t('next')}
                  </button>
                </li>
              </ul>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
