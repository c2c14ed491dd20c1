import { zodResolver } from '@hookform/resolvers/zod';
import { LocalTableInputSchema, ReferentAreas } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk } from './api';
import { useNetworkAccess } from './access';
import {
  ActionPanel,
  StateBadge,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  focusById,
  formatDay,
} from './components';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

function NewTableForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(LocalTableInputSchema, zodOptions),
    defaultValues: { title: '', topic: '', area: 'general' as const, applyBy: '', startsOn: '', endsOn: null },
  });
  const create = useMutation({
    mutationFn: networkApi.createTable,
    onSuccess: (table) => {
      void qc.invalidateQueries({ queryKey: nk.all });
      void navigate({ to: '/rete/tavoli/$tableId', params: { tableId: table.id } });
    },
    onError: (err) => applyServerIssues(err, setError, ['title', 'topic', 'area', 'applyBy', 'startsOn', 'endsOn']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <ActionPanel id="table-new-panel" title={t('tables.new')}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['title', 'table-title', t('tables.title_field')],
            ['topic', 'table-topic', t('tables.topic')],
            ['area', 'table-area', t('tables.area')],
            ['applyBy', 'table-apply-by', t('tables.apply_by')],
            ['startsOn', 'table-starts', t('tables.starts_on')],
            ['endsOn', 'table-ends', t('tables.ends_on')],
          ]}
        />
      )}
      {create.isError && <ApiErrorAlert error={create.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => create.mutate(v))}>
        <TextField
          id="table-title"
          label={t('tables.title_field')}
          required
          error={errors.title?.message}
          registration={register('title')}
        />
        <TextAreaField
          id="table-topic"
          label={t('tables.topic')}
          required
          error={errors.topic?.message}
          registration={register('topic')}
        />
        <SelectField
          id="table-area"
          label={t('tables.area')}
          error={errors.area?.message}
          registration={register('area')}
        >
          {ReferentAreas.map((a) => (
            <option key={a} value={a}>
              {t(`areas.${a}`)}
            </option>
          ))}
        </SelectField>
        <div className="row">
          <div className="col-md-4">
            <TextField
              id="table-apply-by"
              label={t('tables.apply_by')}
              type="date"
              required
              error={errors.applyBy?.message}
              registration={register('applyBy')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="table-starts"
              label={t('tables.starts_on')}
              type="date"
              required
              error={errors.startsOn?.message}
              registration={register('startsOn')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="table-ends"
              label={t('tables.ends_on')}
              hint={t('common.optional')}
              type="date"
              error={errors.endsOn?.message}
              registration={register('endsOn', { setValueAs: emptyToNull })}
            />
          </div>
        </div>
        <FormButtons confirmLabel={t('tables.create')} pending={create.isPending} onCancel={onCancel} />
      </form>
    </ActionPanel>
  );
}

export function TablesPage() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('tables.title'));
  const { isUpi } = useNetworkAccess();
  const [creating, setCreating] = useState(false);
  const query = useQuery({ queryKey: nk.tables, queryFn: networkApi.tables });
  return (
    <>
      <h1>{t('tables.title')}</h1>
      <p className="lead">{t('tables.intro')}</p>
      {isUpi && !creating && (
        <p>
          <button
            id="table-new"
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setCreating(true);
              focusById('table-new-panel-title');
            }}
          >
            {t('tables.new')}
          </button>
        </p>
      )}
      {creating && (
        <NewTableForm
          onCancel={() => {
            setCreating(false);
            focusById('table-new');
          }}
        />
      )}
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>{t('tables.none')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption>{t('tables.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tables.title_field')}</th>
                  <th scope="col">{t('tables.area')}</th>
                  <th scope="col">{t('tables.apply_by')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col" className="text-end">
                    {t('tables.participants')}
                  </th>
                  <th scope="col" className="text-end">
                    {t('tables.candidatures')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.items.map((tb) => (
                  <tr key={tb.id}>
                    <th scope="row" className="fw-normal">
                      <Link to="/rete/tavoli/$tableId" params={{ tableId: tb.id }}>
                        {tb.title}
                      </Link>
                    </th>
                    <td>{t(`areas.${tb.area}`)}</td>
                    <td>{formatDay(tb.applyBy)}</td>
                    <td>
                      <StateBadge group="table" state={tb.state} />
                    </td>
                    <td className="text-end">{formatInteger(tb.participants)}</td>
                    <td className="text-end">{formatInteger(tb.candidatures)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
