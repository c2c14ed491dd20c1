import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { dayEndIso, dayStartIso, formatDateTimeRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireAdmin } from '../identity/admin/RequireAdmin';
import { auditApi, type AuditFilters } from './api';

const PAGE_SIZE = 50;

interface FormState {
  actor: string;
  action: string;
  entityType: string;
  from: string;
  to: string;
}
const emptyForm: FormState = {
  actor: '',
  action: '',
  entityType: '',
  from: '',
  to: '',
};

function toFilters(f: FormState): AuditFilters {
  return {
    actor: f.actor.trim() || undefined,
    action: f.action.trim() || undefined,
    entityType: f.entityType.trim() || undefined,
    from: f.from ? dayStartIso(f.from) : undefined,
    to: f.to ? dayEndIso(f.to) : undefined,
  };
}

function AuditList() {
  const { t } = useTranslation('audit');
  const tc = useTranslation('common').t;
  usePageTitle(t('list.title'));
  const [form, setForm] = useState<FormState>(emptyForm);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const params = { ...filters, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: ['audit', params],
    queryFn: ({ signal }) => auditApi.list(params, signal),
    placeholderData: keepPreviousData,
  });

  const set = (key: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFilters(toFilters(form));
    setPage(1);
  }

  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.intro')}</p>
      <form className="pc-filters mb-4" aria-labelledby="audit-filters-title" onSubmit={onSubmit} noValidate>
        <h2 id="audit-filters-title" className="h5">
          {t('list.filters_title')}
        </h2>
        <div className="row">
          <div className="col-md-4">
            <TextField
              id="audit-actor"
              label={t('list.actor')}
              type="search"
              value={form.actor}
              onChange={set('actor')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="audit-action"
              label={t('list.action')}
              hint={t('list.action_hint')}
              type="search"
              value={form.action}
              onChange={set('action')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="audit-entity-type"
              label={t('list.entity_type')}
              type="search"
              value={form.entityType}
              onChange={set('entityType')}
            />
          </div>
          <div className="col-md-4">
            <TextField id="audit-from" label={t('list.from')} type="date" value={form.from} onChange={set('from')} />
          </div>
          <div className="col-md-4">
            <TextField id="audit-to" label={t('list.to')} type="date" value={form.to} onChange={set('to')} />
          </div>
        </div>
        <div className="d-flex flex-wrap gap-3">
          <button type="submit" className="btn btn-primary">
            {tc('actions.filter')}
          </button>
          <button
            type="button"
            className="btn btn-outline-primary"
            onClick={() => {
              setForm(emptyForm);
              setFilters({});
              setPage(1);
            }}
          >
            {tc('actions.reset_filters')}
          </button>
          <a className="btn btn-outline-primary" href={auditApi.csvUrl(filters)} download>
            {t('list.export_csv')}
          </a>
        </div>
      </form>

      <PagedTable
        query={query}
        caption={t('list.caption')}
        emptyText={t('list.no_results')}
        columns={[
          { label: t('list.when') },
          { label: t('list.who') },
          { label: t('list.action_column') },
          { label: t('list.entity') },
          { label: t('list.id') },
        ]}
        rowKey={(ev) => ev.id}
        renderCells={(ev) => (
          <>
            <td>
              <time dateTime={ev.at}>{formatDateTimeRome(ev.at)}</time>
            </td>
            <td>{ev.actorEmail ?? t('list.system')}</td>
            <td>
              <code>{ev.action}</code>
            </td>
            <td>{ev.entityType}</td>
            <td className="pc-break">{ev.entityId ?? ''}</td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}

export function AuditPage() {
  return (
    <RequireAdmin>
      <AuditList />
    </RequireAdmin>
  );
}
