import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { dk, documentsApi } from './api';
import { useDocumentsTranslation } from './i18n';

/** A snippet with the terms found between « and », the terms shown as <mark>. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/«|»/);
  return (
    <>{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>))}</>
  );
}

export function SearchPage({ q, onSearch }: { q?: string; onSearch: (next: { q?: string }) => void }) {
  const { t } = useDocumentsTranslation();
  usePageTitle(t('search.title'));
  const [text, setText] = useState(q ?? '');
  const query = useQuery({
    queryKey: dk.search(q ?? ''),
    queryFn: () => documentsApi.search(q ?? ''),
    enabled: !!q,
  });
  return (
    <div>
      <h1>{t('search.title')}</h1>
      <form
        role="search"
        aria-label={t('search.title')}
        className="mb-4"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text.trim() ? { q: text.trim() } : {});
        }}
      >
        <div className="pc-field mb-3">
          <label htmlFor="document-search" className="form-label pc-label">
            {t('search.label')}
          </label>
          <p id="document-search-hint" className="form-text pc-hint mb-1">
            {t('search.hint')}
          </p>
          <input
            id="document-search"
            type="search"
            className="form-control pc-input"
            aria-describedby="document-search-hint"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('search.submit')}
        </button>
      </form>
      {q && (
        <section aria-labelledby="search-results-title">
          <h2 id="search-results-title" className="h4">
            {t('search.results')}
          </h2>
          {query.isError ? (
            <ApiErrorAlert error={query.error} />
          ) : query.isPending ? (
            <Loading />
          ) : (
            <>
              <p role="status">
                {query.data.total === 0 ? t('search.none') : t('search.count', { count: query.data.total })}
              </p>
              <ul className="list-unstyled" aria-labelledby="search-results-title">
                {query.data.items.map((hit) => (
                  <li key={hit.id} className="mb-3 pb-3 border-bottom">
                    <h3 className="h5 mb-1">
                      <Link to="/documenti/$documentId" params={{ documentId: hit.id }}>
                        {hit.title}
                      </Link>
                    </h3>
                    <p className="mb-1 small pc-hint">{t('search.version', { version: hit.version })}</p>
                    <p className="mb-0">
                      <Snippet text={hit.snippet} />
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}
