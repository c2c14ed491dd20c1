import type { FascicoloCreate } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { SelectField, TextField } from '../../components/forms/fields';
import { validationIssues } from '../../lib/api-client';
import { formatDateRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../identity/session';
import { dk, documentsApi } from './api';
import { useDocumentsTranslation } from './i18n';

export const FASCICOLO_TYPES = [
  'affare',
  'attività',
  'persona fisica',
  'persona giuridica',
  'procedimento amministrativo',
] as const;

interface CreateValues {
  title: string;
  fascicoloType: string;
  classIndice: string;
  classDescrizione: string;
  responsible: string;
}

const SERVER_FIELDS: Record<string, keyof CreateValues> = {
  title: 'title',
  fascicoloType: 'fascicoloType',
  classification: 'classIndice',
  'classification.indice': 'classIndice',
  'classification.descrizione': 'classDescrizione',
  responsible: 'responsible',
};

function CreateFascicoloForm() {
  const { t } = useDocumentsTranslation();
  const { activeMembership } = useSession();
  const qc = useQueryClient();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<CreateValues>({
    defaultValues: { title: '', fascicoloType: '', classIndice: '', classDescrizione: '', responsible: '' },
  });
  const mutation = useMutation({
    mutationFn: (body: FascicoloCreate) => documentsApi.createFascicolo(body),
    onSuccess: async () => {
      reset();
      await qc.invalidateQueries({ queryKey: dk.fascicoli });
    },
    onError: (err) => {
      for (const issue of validationIssues(err)) {
        const field = SERVER_FIELDS[issue.path];
        if (field) setError(field, { type: 'server', message: issue.message });
      }
    },
  });
  if (!activeMembership) return <p>{t('fascicoli.ente_none')}</p>;
  const onSubmit = handleSubmit((v) => {
    const body: FascicoloCreate = {
      title: v.title.trim(),
      aggregationType: 'Fascicolo',
      enteId: activeMembership.enteId,
      ...(v.fascicoloType ? { fascicoloType: v.fascicoloType as FascicoloCreate['fascicoloType'] } : {}),
      ...(v.classIndice.trim()
        ? {
            classification: {
              indice: v.classIndice.trim(),
              ...(v.classDescrizione.trim() ? { descrizione: v.classDescrizione.trim() } : {}),
            },
          }
        : {}),
      ...(v.responsible.trim() ? { responsible: v.responsible.trim() } : {}),
    };
    mutation.mutate(body);
  });
  return (
    <section className="mb-5" aria-labelledby="fascicolo-create-title">
      <h2 id="fascicolo-create-title" className="h4">
        {t('fascicoli.create_title')}
      </h2>
      <form onSubmit={onSubmit} noValidate>
        <p>
          {t('fascicoli.ente')}: <strong>{activeMembership.enteName}</strong>
        </p>
        <TextField
          id="fascicolo-title"
          label={t('fascicoli.name')}
          error={errors.title?.message}
          registration={register('title', { required: 'validation.required' })}
        />
        <SelectField
          id="fascicolo-type"
          label={t('fascicoli.fascicolo_type')}
          error={errors.fascicoloType?.message}
          registration={register('fascicoloType')}
        >
          <option value="">{t('fascicoli.type_none')}</option>
          {FASCICOLO_TYPES.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </SelectField>
        <div className="row">
          <div className="col-md-4">
            <TextField
              id="fascicolo-class"
              label={t('fascicoli.classification')}
              error={errors.classIndice?.message}
              registration={register('classIndice')}
            />
          </div>
          <div className="col-md-8">
            <TextField
              id="fascicolo-class-desc"
              label={t('fascicoli.classification_desc')}
              error={errors.classDescrizione?.message}
              registration={register('classDescrizione')}
            />
          </div>
        </div>
        <TextField
          id="fascicolo-responsible"
          label={t('fascicoli.responsible')}
          error={errors.responsible?.message}
          registration={register('responsible')}
        />
        {validationIssues(mutation.error).length === 0 && <ApiErrorAlert error={mutation.error} />}
        {mutation.data && (
          <SuccessAlert>
            {t('fascicoli.created')}{' '}
            <Link to="/fascicoli/$fascicoloId" params={{ fascicoloId: mutation.data.id }}>
              {mutation.data.title}
            </Link>
          </SuccessAlert>
        )}
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {t('fascicoli.create')}
        </button>
      </form>
    </section>
  );
}

export function FascicoliPage() {
  const { t } = useDocumentsTranslation();
  usePageTitle(t('fascicoli.title'));
  const query = useQuery({ queryKey: dk.fascicoli, queryFn: documentsApi.fascicoli });
  return (
    <div>
      <h1>{t('fascicoli.title')}</h1>
      <p>{t('fascicoli.intro')}</p>
      {query.isError ? (
        <ApiErrorAlert error={query.error} />
      ) : query.isPending ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <p>{t('fascicoli.none')}</p>
      ) : (
        <div className="table-responsive mb-5">
          <table className="table pc-table">
            <caption>{t('fascicoli.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fascicoli.name')}</th>
                <th scope="col">{t('fascicoli.identifier')}</th>
                <th scope="col">{t('fascicoli.type')}</th>
                <th scope="col">{t('fascicoli.opened')}</th>
                <th scope="col">{t('fascicoli.state')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((f) => (
                <tr key={f.id}>
                  <th scope="row" className="fw-normal">
                    <Link to="/fascicoli/$fascicoloId" params={{ fascicoloId: f.id }}>
                      {f.title}
                    </Link>
                  </th>
                  <td>{f.identifier}</td>
                  <td>{f.fascicoloType ?? f.aggregationType}</td>
                  <td>{formatDateRome(f.openedOn)}</td>
                  <td>
                    {f.closedOn
                      ? `${t('fascicoli.closed_state')} (${formatDateRome(f.closedOn)})`
                      : t('fascicoli.open_state')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateFascicoloForm />
    </div>
  );
}
