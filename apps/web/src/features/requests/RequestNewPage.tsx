import { zodResolver } from '@hookform/resolvers/zod';
import { RequestCreateSchema, RequestPriorities, Services, type RequestCreate } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { RequireLogin, TextAreaField, applyServerIssues } from '../network/components';
import { requestsApi, rk } from './api';
import { RequestsNav, useRequestsAccess } from './components';
import { useRequestsTranslation } from './i18n';

type FormValues = RequestCreate;

/** What another page may pre-fill (validated again by the form and the server): the service, a category by its id or its code, the subject. */
export interface RequestPrefill {
  service?: string;
  categoryId?: string;
  category?: string;
  subject?: string;
}

function NewRequestForm({ prefill = {} }: { prefill?: RequestPrefill }) {
  const { t, i18n } = useRequestsTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { requesterEntes } = useRequestsAccess();
  const { register, handleSubmit, setError, setValue, control, formState } = useForm({
    resolver: zodResolver(RequestCreateSchema, zodOptions),
    defaultValues: {
      service: (Services.find((x) => x === prefill.service) ?? 'sit') as FormValues['service'],
      categoryId: '',
      subject: prefill.subject?.slice(0, 200) ?? '',
      description: '',
      priority: 'normal' as FormValues['priority'],
      enteId: requesterEntes[0]?.enteId,
    },
  });
  const service = useWatch({ control, name: 'service' });
  const categoryId = useWatch({ control, name: 'categoryId' });
  const categories = useQuery({ queryKey: rk.categories(service), queryFn: () => requestsApi.categories(service), staleTime: 5 * 60_000 });
  const category = categories.data?.items.find((c) => c.id === categoryId);
  // the options arrive after the first render: select the pre-filled category (by id or code) once they are there
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || (!prefill.categoryId && !prefill.category) || !categories.data) return;
    prefilled.current = true;
    const c = categories.data.items.find((x) => x.service === service && (x.id === prefill.categoryId || x.code === prefill.category));
    if (c) setValue('categoryId', c.id);
  }, [categories.data, prefill.categoryId, prefill.category, service, setValue]);
  // a change of service empties the category (not the first render: it keeps a pre-filled category)
  const firstService = useRef(service);
  useEffect(() => {
    if (service === firstService.current) return;
    firstService.current = service;
    setValue('categoryId', '');
  }, [service, setValue]);
  const create = useMutation({
    mutationFn: requestsApi.create,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: rk.all });
      void navigate({ to: '/assistenza/$requestId', params: { requestId: r.id } });
    },
  });
  useEffect(() => {
    if (create.error) applyServerIssues(create.error, setError, ['service', 'categoryId', 'subject', 'description', 'priority', 'enteId']);
  }, [create.error, setError]);
  const { errors } = formState;
  const name = (c: { nameIt: string; nameEn: string }) => (i18n.language.startsWith('en') ? c.nameEn : c.nameIt);

  return (
    <form noValidate onSubmit={handleSubmit((v) => create.mutate(v))}>
      <ErrorSummary
        errors={errors}
        fields={[
          ['enteId', 'new-ente', t('new.ente')],
          ['service', 'new-service', t('new.service')],
          ['categoryId', 'new-category', t('new.category')],
          ['subject', 'new-subject', t('new.subject')],
          ['description', 'new-description', t('new.description')],
          ['priority', 'new-priority', t('new.priority')],
        ]}
      />
      <ApiErrorAlert error={create.error} />
      {requesterEntes.length > 1 && (
        <SelectField id="new-ente" label={t('new.ente')} error={errors.enteId?.message} registration={register('enteId')}>
          {requesterEntes.map((m) => (
            <option key={m.enteId} value={m.enteId}>
              {m.enteName}
            </option>
          ))}
        </SelectField>
      )}
      <SelectField id="new-service" label={t('new.service')} error={errors.service?.message} registration={register('service')}>
        {Services.map((s) => (
          <option key={s} value={s}>
            {t(`services.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="new-category"
        label={t('new.category')}
        error={errors.categoryId?.message}
        registration={register('categoryId')}
        hint={category ? t('sla.category_levels', { hours: category.firstResponseHours, days: category.resolutionDays }) : undefined}
      >
        <option value="">{t('new.choose')}</option>
        {(categories.data?.items ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {name(c)}
          </option>
        ))}
      </SelectField>
      <TextField id="new-subject" label={t('new.subject')} error={errors.subject?.message} registration={register('subject')} maxLength={200} />
      <TextAreaField id="new-description" label={t('new.description')} hint={t('new.description_hint')} rows={6} error={errors.description?.message} registration={register('description')} required />
      <SelectField id="new-priority" label={t('new.priority')} error={errors.priority?.message} registration={register('priority')}>
        {RequestPriorities.map((p) => (
          <option key={p} value={p}>
            {t(`priorities.${p}`)}
          </option>
        ))}
      </SelectField>
      <p className="form-text">{t('new.attachments_hint')}</p>
      <div className="d-flex gap-3">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('new.submit')}
        </button>
        <Link to="/assistenza" className="btn btn-outline-primary">
          {t('new.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** `/assistenza/nuova`: a Comune asks a service of its Province for help. */
export function RequestNewPage({ prefill = {} }: { prefill?: RequestPrefill } = {}) {
  const { t } = useRequestsTranslation();
  const access = useRequestsAccess();
  usePageTitle(t('new.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('new.title')}</h1>
        <RequestsNav />
        <p>{t('new.intro')}</p>
        {access.isLoading ? <Loading /> : access.requesterEntes.length === 0 ? <p role="status">{t('new.not_allowed')}</p> : <NewRequestForm prefill={prefill} />}
      </div>
    </RequireLogin>
  );
}
