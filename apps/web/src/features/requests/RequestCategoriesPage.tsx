import { zodResolver } from '@hookform/resolvers/zod';
import { RequestCategoryCreateSchema, Services } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { RequireLogin, applyServerIssues } from '../network/components';
import { requestsApi, rk, type RequestCategory } from './api';
import { RequestsNav, useRequestsAccess } from './components';
import { useRequestsTranslation } from './i18n';

/** One category's service levels and state, saved on its own. */
function CategoryRow({ c, onSaved }: { c: RequestCategory; onSaved: () => void }) {
  const { t } = useRequestsTranslation();
  const [hours, setHours] = useState(String(c.firstResponseHours));
  const [days, setDays] = useState(String(c.resolutionDays));
  const [active, setActive] = useState(c.active);
  const save = useMutation({
    mutationFn: () => requestsApi.updateCategory(c.id, { firstResponseHours: Number(hours), resolutionDays: Number(days), active }),
    onSuccess: onSaved,
  });
  const p = `cat-${c.id}`;
  return (
    <tr>
      <th scope="row">{c.nameIt}</th>
      <td>{t(`service_short.${c.service}`)}</td>
      <td>
        <label htmlFor={`${p}-hours`} className="visually-hidden">
          {t('categories.first_response_of', { name: c.nameIt })}
        </label>
        <input id={`${p}-hours`} type="number" min={1} max={400} className="form-control" value={hours} onChange={(e) => setHours(e.target.value)} />
      </td>
      <td>
        <label htmlFor={`${p}-days`} className="visually-hidden">
          {t('categories.resolution_of', { name: c.nameIt })}
        </label>
        <input id={`${p}-days`} type="number" min={1} max={120} className="form-control" value={days} onChange={(e) => setDays(e.target.value)} />
      </td>
      <td>
        <div className="form-check">
          <input id={`${p}-active`} type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <label htmlFor={`${p}-active`}>
            <span className="visually-hidden">{c.nameIt}: </span>
            {t('categories.active')}
          </label>
        </div>
      </td>
      <td>
        <button type="button" className="btn btn-outline-primary btn-sm" disabled={save.isPending} onClick={() => save.mutate()}>
          {t('categories.save')}
          <span className="visually-hidden"> {c.nameIt}</span>
        </button>
        <ApiErrorAlert error={save.error} className="mt-2" />
      </td>
    </tr>
  );
}

function NewCategoryForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useRequestsTranslation();
  const { register, handleSubmit, setError, reset, formState } = useForm({
    resolver: zodResolver(RequestCategoryCreateSchema, zodOptions),
    defaultValues: { service: 'sit' as RequestCategory['service'], code: '', nameIt: '', nameEn: '', firstResponseHours: 16, resolutionDays: 10 },
  });
  const create = useMutation({
    mutationFn: requestsApi.createCategory,
    onSuccess: () => {
      reset();
      onCreated();
    },
  });
  useEffect(() => {
    if (create.error) applyServerIssues(create.error, setError, ['service', 'code', 'nameIt', 'nameEn', 'firstResponseHours', 'resolutionDays']);
  }, [create.error, setError]);
  const { errors } = formState;
  return (
    <section aria-labelledby="category-new-title" className="pc-panel mb-5">
      <h2 id="category-new-title" className="h4">
        {t('categories.new')}
      </h2>
      <form noValidate onSubmit={handleSubmit((v) => create.mutate(v))}>
        <ErrorSummary
          errors={errors}
          fields={[
            ['service', 'category-service', t('new.service')],
            ['code', 'category-code', t('categories.code')],
            ['nameIt', 'category-name-it', t('categories.name_it')],
            ['nameEn', 'category-name-en', t('categories.name_en')],
            ['firstResponseHours', 'category-hours', t('categories.first_response')],
            ['resolutionDays', 'category-days', t('categories.resolution')],
          ]}
        />
        <ApiErrorAlert error={errors.code ? null : create.error} />
        <div className="row">
          <SelectField id="category-service" label={t('new.service')} className="col-md-4" error={errors.service?.message} registration={register('service')}>
            {Services.map((s) => (
              <option key={s} value={s}>
                {t(`service_short.${s}`)}
              </option>
            ))}
          </SelectField>
          <TextField id="category-code" label={t('categories.code')} hint={t('categories.code_hint')} className="col-md-8" error={errors.code?.message} registration={register('code')} />
          <TextField id="category-name-it" label={t('categories.name_it')} className="col-md-6" error={errors.nameIt?.message} registration={register('nameIt')} />
          <TextField id="category-name-en" label={t('categories.name_en')} className="col-md-6" error={errors.nameEn?.message} registration={register('nameEn')} />
          <TextField id="category-hours" type="number" label={t('categories.first_response')} className="col-md-6" error={errors.firstResponseHours?.message} registration={register('firstResponseHours', { valueAsNumber: true })} />
          <TextField id="category-days" type="number" label={t('categories.resolution')} className="col-md-6" error={errors.resolutionDays?.message} registration={register('resolutionDays', { valueAsNumber: true })} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('categories.create')}
        </button>
      </form>
    </section>
  );
}

function Catalogue() {
  const { t } = useRequestsTranslation();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const query = useQuery({ queryKey: [...rk.categories(), 'all'], queryFn: () => requestsApi.categories(undefined, true) });
  const refresh = () => {
    setSaved(true);
    void qc.invalidateQueries({ queryKey: ['requests', 'categories'] });
  };
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  return (
    <>
      {saved && <SuccessAlert>{t('categories.saved')}</SuccessAlert>}
      <div className="table-responsive mb-4">
        <table className="table pc-table">
          <caption>{t('categories.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('detail.category')}</th>
              <th scope="col">{t('list.service')}</th>
              <th scope="col">{t('categories.first_response')}</th>
              <th scope="col">{t('categories.resolution')}</th>
              <th scope="col">{t('categories.state')}</th>
              <th scope="col">{t('detail.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.items.map((c) => (
              <CategoryRow key={`${c.id}-${c.firstResponseHours}-${c.resolutionDays}-${c.active}`} c={c} onSaved={refresh} />
            ))}
          </tbody>
        </table>
      </div>
      <NewCategoryForm onCreated={refresh} />
    </>
  );
}

/** `/assistenza/categorie`: UPI keeps the services' catalogue and its service levels. */
export function RequestCategoriesPage() {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  usePageTitle(t('categories.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('categories.title')}</h1>
        <RequestsNav />
        <p>{t('categories.intro')}</p>
        {access.isLoading ? <Loading /> : access.isUpi ? <Catalogue /> : <p role="status">{t('stats.not_allowed')}</p>}
      </div>
    </RequireLogin>
  );
}
