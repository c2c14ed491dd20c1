import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { ApiError } from '../../lib/api-client';
import { formatDateRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { dk, documentsApi, formatBytes, type FascicoloDetail } from './api';
import { useDocumentsTranslation } from './i18n';
import { Snippet } from './SearchPage';

function ErrorText({ error }: { error: unknown }) {
  const { t } = useDocumentsTranslation();
  if (error instanceof ApiError && error.code === 'fascicolo_closed') {
    return (
      <div className="alert alert-danger" role="alert">
        {t('errors.fascicolo_closed')}
      </div>
    );
  }
  return <ApiErrorAlert error={error} />;
}

function AddDocument({ fascicolo }: { fascicolo: FascicoloDetail }) {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const search = useQuery({ queryKey: dk.search(q), queryFn: () => documentsApi.search(q), enabled: !!q });
  const add = useMutation({
    mutationFn: (documentId: string) => documentsApi.addToFascicolo(fascicolo.id, documentId),
    onSuccess: () => qc.invalidateQueries({ queryKey: dk.fascicolo(fascicolo.id) }),
  });
  const inside = new Set(fascicolo.documents.map((d) => d.id));
  return (
    <section className="mb-5" aria-labelledby="fascicolo-add-title">
      <h2 id="fascicolo-add-title" className="h4">
        {t('fascicolo.add_title')}
      </h2>
      <form
        role="search"
        aria-labelledby="fascicolo-add-title"
        className="row align-items-end"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <div className="col-md-8 mb-3 pc-field">
          <label htmlFor="fascicolo-add-search" className="form-label pc-label">
            {t('fascicolo.add_search')}
          </label>
          <input
            id="fascicolo-add-search"
            type="search"
            className="form-control pc-input"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="col-md-4 mb-3">
          <button type="submit" className="btn btn-outline-primary">
            {t('fascicolo.add_submit')}
          </button>
        </div>
      </form>
      <ErrorText error={add.error} />
      {add.isSuccess && <SuccessAlert>{t('fascicolo.added')}</SuccessAlert>}
      {q &&
        (search.isError ? (
          <ApiErrorAlert error={search.error} />
        ) : search.isPending ? (
          <Loading />
        ) : search.data.items.length === 0 ? (
          <p role="status">{t('search.none')}</p>
        ) : (
          <ul className="list-unstyled" aria-label={t('search.results')}>
            {search.data.items.map((hit) => (
              <li key={hit.id} className="mb-3 pb-2 border-bottom">
                <p className="mb-1 fw-semibold">{hit.title}</p>
                <p className="mb-1 small">
                  <Snippet text={hit.snippet} />
                </p>
                {inside.has(hit.id) ? (
                  <span className="pc-tag">{t('fascicolo.already')}</span>
                ) : (
                  <button
                    type="button"
                    className="btn btn-primary btn-sm"
                    disabled={add.isPending}
                    aria-label={t('fascicolo.add_label', { title: hit.title })}
                    onClick={() => add.mutate(hit.id)}
                  >
                    {t('fascicolo.add')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function CloseFascicolo({ fascicolo }: { fascicolo: FascicoloDetail }) {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const close = useMutation({
    mutationFn: () => documentsApi.updateFascicolo(fascicolo.id, { closedOn: date }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: dk.fascicolo(fascicolo.id) });
      await qc.invalidateQueries({ queryKey: dk.fascicoli });
    },
  });
  return (
    <section className="mb-5" aria-labelledby="fascicolo-close-title">
      <h2 id="fascicolo-close-title" className="h4">
        {t('fascicolo.close_title')}
      </h2>
      <form
        className="row align-items-end"
        onSubmit={(e) => {
          e.preventDefault();
          close.mutate();
        }}
      >
        <div className="col-md-4 mb-3 pc-field">
          <label htmlFor="fascicolo-closed-on" className="form-label pc-label">
            {t('fascicolo.closed_on')}
          </label>
          <input
            id="fascicolo-closed-on"
            type="date"
            required
            className="form-control pc-input"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="col-md-4 mb-3">
          <button type="submit" className="btn btn-outline-primary" disabled={close.isPending}>
            {t('fascicolo.close')}
          </button>
        </div>
      </form>
      <ErrorText error={close.error} />
    </section>
  );
}

export function FascicoloDetailPage({ fascicoloId }: { fascicoloId: string }) {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: dk.fascicolo(fascicoloId), queryFn: () => documentsApi.fascicolo(fascicoloId) });
  const remove = useMutation({
    mutationFn: (documentId: string) => documentsApi.removeFromFascicolo(fascicoloId, documentId),
    onSuccess: () => qc.invalidateQueries({ queryKey: dk.fascicolo(fascicoloId) }),
  });
  usePageTitle(query.data?.title ?? t('fascicoli.title'));
  if (query.isError) {
    return (
      <div>
        <h1>{t('fascicoli.title')}</h1>
        <ApiErrorAlert error={query.error} />
      </div>
    );
  }
  if (query.isPending) return <Loading />;
  const f = query.data;
  const closed = !!f.closedOn;
  return (
    <div>
      <p className="small mb-1">
        <Link to="/fascicoli">{t('fascicoli.title')}</Link>
      </p>
      <h1 className="pc-break">{f.title}</h1>
      <section className="mb-5" aria-labelledby="fascicolo-details-title">
        <h2 id="fascicolo-details-title" className="h4">
          {t('fascicolo.details')}
        </h2>
        <dl className="pc-dl">
          <dt>{t('fascicoli.identifier')}</dt>
          <dd>{f.identifier}</dd>
          <dt>{t('fascicoli.type')}</dt>
          <dd>{f.fascicoloType ?? f.aggregationType}</dd>
          {f.classification && (
            <>
              <dt>{t('fascicoli.classification')}</dt>
              <dd>
                {f.classification.indice}
                {f.classification.descrizione ? ` – ${f.classification.descrizione}` : ''}
              </dd>
            </>
          )}
          {f.responsible && (
            <>
              <dt>{t('fascicoli.responsible')}</dt>
              <dd>{f.responsible}</dd>
            </>
          )}
          <dt>{t('fascicoli.opened')}</dt>
          <dd>{formatDateRome(f.openedOn)}</dd>
          <dt>{t('fascicoli.state')}</dt>
          <dd>
            {closed ? t('fascicolo.closed_msg', { date: formatDateRome(f.closedOn!) }) : t('fascicoli.open_state')}
          </dd>
        </dl>
        <p>
          <a href={documentsApi.exportUrl(f.id)} download className="btn btn-outline-primary">
            {t('fascicolo.export')}
          </a>
          <span className="d-block small pc-hint mt-1">{t('fascicolo.export_hint')}</span>
        </p>
      </section>

      <section className="mb-5" aria-labelledby="fascicolo-documents-title">
        <h2 id="fascicolo-documents-title" className="h4">
          {t('fascicolo.documents')}
        </h2>
        <ErrorText error={remove.error} />
        {remove.isSuccess && <SuccessAlert>{t('fascicolo.removed')}</SuccessAlert>}
        {f.documents.length === 0 ? (
          <p>{t('fascicolo.none')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption>{t('fascicolo.documents_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('panel.title')}</th>
                  <th scope="col">{t('panel.file')}</th>
                  <th scope="col" className="text-end">
                    {t('panel.version')}
                  </th>
                  <th scope="col" className="text-end">
                    {t('panel.size')}
                  </th>
                  {!closed && <th scope="col">{t('fascicolo.remove')}</th>}
                </tr>
              </thead>
              <tbody>
                {f.documents.map((d) => (
                  <tr key={d.id}>
                    <th scope="row" className="fw-normal">
                      <Link to="/documenti/$documentId" params={{ documentId: d.id }}>
                        {d.title}
                      </Link>
                    </th>
                    <td className="pc-break">{d.fileName}</td>
                    <td className="text-end">{d.version}</td>
                    <td className="text-end">{formatBytes(d.size)}</td>
                    {!closed && (
                      <td>
                        <button
                          type="button"
                          className="btn btn-outline-danger btn-sm"
                          disabled={remove.isPending}
                          aria-label={t('fascicolo.remove_label', { title: d.title })}
                          onClick={() => remove.mutate(d.id)}
                        >
                          {t('fascicolo.remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {!closed && <AddDocument fascicolo={f} />}
      {!closed && <CloseFascicolo fascicolo={f} />}
    </div>
  );
}
