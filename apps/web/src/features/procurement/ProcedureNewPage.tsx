import { ObjectTypes, ProcedureCreateSchema, type AdviceInput, type ProcedureCreate, type ProcedureDetail, type ProcedureUpdate } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { translateFieldError } from '../../lib/validation';
import { RequireLogin, focusById } from '../network/components';
import { pk, procurementApi, useAdvice } from './api';
import { AdvicePanel, IssueSummary, ProcurementNav, useProcurementAccess } from './components';
import { checkBody, conflictOf, serverIssues, textOrNull, type Issues } from './forms';
import { parseEuro } from './format';
import { useProcurementTranslation } from './i18n';

export interface RequestFormValues {
  comuneId: string;
  title: string;
  description: string;
  objectType: string;
  sia: boolean;
  cpvMain: string;
  cpvSecondary: { code: string }[];
  estimatedValue: string;
  optionsValue: string;
  lots: { title: string; value: string; cpv: string }[];
  cup: string;
  pnrr: boolean;
  fundingNote: string;
  rupName: string;
  rupEmail: string;
  desiredStart: string;
  desiredAward: string;
  socialServices: boolean;
  labourIntensive: boolean;
  innovative: boolean;
}

/** The request body from what the form says (texts trimmed, amounts read in Italian notation, empty → null). */
export function toCreateBody(v: RequestFormValues): Record<string, unknown> {
  return {
    comuneId: v.comuneId,
    title: v.title.trim(),
    description: textOrNull(v.description),
    objectType: v.objectType || undefined,
    sia: v.objectType === 'servizi' && v.sia,
    cpvMain: v.cpvMain.trim(),
    cpvSecondary: v.cpvSecondary.map((c) => c.code.trim()).filter(Boolean),
    estimatedValue: parseEuro(v.estimatedValue),
    optionsValue: parseEuro(v.optionsValue) ?? 0,
    lots: v.lots.map((l) => ({ title: l.title.trim(), value: parseEuro(l.value), cpv: l.cpv.trim() || undefined })),
    cup: textOrNull(v.cup)?.toUpperCase() ?? null,
    pnrr: v.pnrr,
    fundingNote: textOrNull(v.fundingNote),
    rupName: v.rupName.trim(),
    rupEmail: textOrNull(v.rupEmail),
    desiredStart: v.desiredStart || null,
    desiredAward: v.desiredAward || null,
    socialServices: v.socialServices,
    labourIntensive: v.labourIntensive,
    innovative: v.innovative,
  };
}

/** What the advice needs from the form, or null while the value is not a valid amount. */
export function toAdviceInput(v: Pick<RequestFormValues, 'estimatedValue' | 'objectType' | 'sia' | 'socialServices' | 'labourIntensive' | 'innovative' | 'lots'>): AdviceInput | null {
  const value = parseEuro(v.estimatedValue ?? '');
  if (value === undefined || !Number.isFinite(value) || value <= 0) return null;
  const lots = (v.lots ?? []).map((l) => parseEuro(l.value)).filter((x): x is number => x !== undefined && Number.isFinite(x) && x > 0);
  // the advice needs to know whether it is works, services or supplies
  if (!(ObjectTypes as readonly string[]).includes(v.objectType)) return null;
  const objectType = v.objectType as AdviceInput['object'];
  return {
    estimatedValue: value,
    object: objectType,
    sia: objectType === 'servizi' ? !!v.sia : undefined,
    buyer: 'sub_central',
    socialServices: v.socialServices || undefined,
    labourIntensive: v.labourIntensive || undefined,
    innovative: v.innovative || undefined,
    lots: lots.length ? lots.map((value) => ({ value })) : undefined,
  };
}

function NoConventionAlert({ error }: { error: unknown }) {
  const { t } = useProcurementTranslation();
  const c = conflictOf(error);
  const provincia = (c?.details['provincia'] as { name?: string } | undefined)?.name;
  return (
    <div className="alert alert-warning" role="alert" id="no-convention-alert" tabIndex={-1}>
      <h2 className="h5">{t('new.no_convention_title')}</h2>
      <p>{provincia ? t('new.no_convention_text', { provincia }) : t('new.no_convention_text_generic')}</p>
      {c?.message && <p>{c.message}</p>}
      <p className="mb-0">
        <Link to="/rete/convenzioni" search={{ service: 'sua' }}>
          {t('new.no_convention_link')}
        </Link>
      </p>
    </div>
  );
}

/** The form's values of a saved request (amounts in Italian notation). */
function valuesOf(p: ProcedureDetail): RequestFormValues {
  const euro = (n: number) => new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  return {
    comuneId: p.comune.id,
    title: p.title,
    description: p.description ?? '',
    objectType: p.objectType,
    sia: p.sia,
    cpvMain: p.cpvMain,
    cpvSecondary: p.cpvSecondary.map((code) => ({ code })),
    estimatedValue: euro(p.estimatedValue),
    optionsValue: p.optionsValue ? euro(p.optionsValue) : '',
    lots: p.lots.map((l) => ({ title: l.title, value: euro(l.value), cpv: l.cpv ?? '' })),
    cup: p.cup ?? '',
    pnrr: p.pnrr,
    fundingNote: p.fundingNote ?? '',
    rupName: p.rupName,
    rupEmail: p.rupEmail ?? '',
    desiredStart: p.desiredStart ?? '',
    desiredAward: p.desiredAward ?? '',
    socialServices: p.socialServices,
    labourIntensive: p.labourIntensive,
    innovative: p.innovative,
  };
}

function RequestForm({ existing }: { existing?: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const tc = useTranslation('common').t;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { requesterComuni } = useProcurementAccess();
  const [clientIssues, setClientIssues] = useState<Issues>({});
  const { register, handleSubmit, control } = useForm<RequestFormValues>({
    defaultValues: existing ? valuesOf(existing) : {
      comuneId: requesterComuni[0]?.enteId ?? '',
      title: '',
      description: '',
      objectType: '',
      sia: false,
      cpvMain: '',
      cpvSecondary: [],
      estimatedValue: '',
      optionsValue: '',
      lots: [],
      cup: '',
      pnrr: false,
      fundingNote: '',
      rupName: '',
      rupEmail: '',
      desiredStart: '',
      desiredAward: '',
      socialServices: false,
      labourIntensive: false,
      innovative: false,
    },
  });
  const lots = useFieldArray({ control, name: 'lots' });
  const cpvs = useFieldArray({ control, name: 'cpvSecondary' });
  const watched = useWatch({ control });
  const objectType = watched.objectType ?? '';
  const adviceKey = JSON.stringify(
    toAdviceInput({
      estimatedValue: watched.estimatedValue ?? '',
      objectType,
      sia: !!watched.sia,
      socialServices: !!watched.socialServices,
      labourIntensive: !!watched.labourIntensive,
      innovative: !!watched.innovative,
      lots: (watched.lots ?? []).map((l) => ({ title: l?.title ?? '', value: l?.value ?? '', cpv: l?.cpv ?? '' })),
    }),
  );
  const debouncedKey = useDebounced(adviceKey, 400);
  const adviceInput = useMemo(() => JSON.parse(debouncedKey) as AdviceInput | null, [debouncedKey]);
  const advice = useAdvice(adviceInput);

  const create = useMutation({
    // a new request, or the changes to a draft (with the version read)
    mutationFn: (body: ProcedureCreate) => {
      if (!existing) return procurementApi.create(body);
      const { comuneId: _comune, ...changes } = body;
      return procurementApi.update(existing.id, { ...changes, version: existing.version } as ProcedureUpdate);
    },
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: pk.lists });
      qc.setQueryData(pk.detail(p.id), p);
      void navigate({ to: '/appalti/$procedureId', params: { procedureId: p.id } });
    },
  });
  const noConvention = conflictOf(create.error)?.code === 'no_convention';
  // the schema's issues before sending, else the server's (400 with field paths)
  const issues: Issues = Object.keys(clientIssues).length ? clientIssues : serverIssues(create.error);
  const hasIssues = Object.keys(issues).length > 0;
  useEffect(() => {
    if (!create.error) return;
    focusById(noConvention ? 'no-convention-alert' : Object.keys(serverIssues(create.error)).length ? 'issue-summary-title' : 'request-form-errors');
  }, [create.error, noConvention]);

  const err = (path: string) => issues[path];
  const fieldList: Array<[string, string, string]> = [
    ['comuneId', 'proc-comune', t('fields.comune')],
    ['title', 'proc-title', t('fields.title')],
    ['description', 'proc-description', t('fields.description')],
    ['objectType', 'proc-object-type', t('fields.object_type')],
    ['cpvMain', 'proc-cpv-main', t('fields.cpv_main')],
    ...cpvs.fields.map((f, i): [string, string, string] => [`cpvSecondary.${i}`, `proc-cpv-${i}`, t('fields.cpv_secondary_n', { n: i + 1 })]),
    ['estimatedValue', 'proc-value', t('fields.estimated_value')],
    ['optionsValue', 'proc-options', t('fields.options_value')],
    ...lots.fields.flatMap((f, i): Array<[string, string, string]> => [
      [`lots.${i}.title`, `proc-lot-${i}-title`, t('fields.lot_title_n', { n: i + 1 })],
      [`lots.${i}.value`, `proc-lot-${i}-value`, t('fields.lot_value_n', { n: i + 1 })],
      [`lots.${i}.cpv`, `proc-lot-${i}-cpv`, t('fields.lot_cpv_n', { n: i + 1 })],
    ]),
    ['cup', 'proc-cup', t('fields.cup')],
    ['fundingNote', 'proc-funding-note', t('fields.funding_note')],
    ['rupName', 'proc-rup-name', t('fields.rup_name')],
    ['rupEmail', 'proc-rup-email', t('fields.rup_email')],
    ['desiredStart', 'proc-desired-start', t('fields.desired_start')],
    ['desiredAward', 'proc-desired-award', t('fields.desired_award')],
  ];

  const onSubmit = (values: RequestFormValues) => {
    const checked = checkBody(ProcedureCreateSchema, toCreateBody(values));
    if (!checked.ok) {
      create.reset();
      setClientIssues(checked.issues);
      focusById('issue-summary-title');
      return;
    }
    setClientIssues({});
    create.mutate(checked.data);
  };

  return (
    <div className="row">
      <div className="col-lg-7">
        <form noValidate onSubmit={handleSubmit(onSubmit)} aria-labelledby="request-form-title">
          <h2 id="request-form-title" className="visually-hidden">
            {t('new.form_title')}
          </h2>
          <IssueSummary issues={issues} fields={fieldList} />
          <div id="request-form-errors" tabIndex={-1}>
            {noConvention ? <NoConventionAlert error={create.error} /> : !hasIssues && <ApiErrorAlert error={create.error} />}
          </div>
          <SelectField id="proc-comune" label={t('fields.comune')} error={err('comuneId')} registration={register('comuneId')}>
            {existing && <option value={existing.comune.id}>{existing.comune.name}</option>}
            {(existing ? [] : requesterComuni).map((m) => (
              <option key={m.enteId} value={m.enteId}>
                {m.enteName}
              </option>
            ))}
          </SelectField>
          <TextField id="proc-title" label={t('fields.title')} error={err('title')} registration={register('title')} maxLength={500} />
          <div className="mb-4 pc-field">
            <label htmlFor="proc-description" className="form-label pc-label">
              {t('fields.description')}
            </label>
            <textarea id="proc-description" className={`form-control pc-input${err('description') ? ' is-invalid' : ''}`} rows={4} aria-invalid={err('description') ? true : undefined} aria-describedby={err('description') ? 'proc-description-error' : undefined} {...register('description')} />
            {err('description') && (
              <p id="proc-description-error" className="pc-field-error">
                {translateFieldError(tc, err('description'))}
              </p>
            )}
          </div>
          <SelectField id="proc-object-type" label={t('fields.object_type')} error={err('objectType')} registration={register('objectType')}>
            <option value="">{t('common.choose')}</option>
            {ObjectTypes.map((o) => (
              <option key={o} value={o}>
                {t(`object_types.${o}`)}
              </option>
            ))}
          </SelectField>
          {objectType === 'servizi' && <CheckboxField id="proc-sia" label={t('fields.sia')} {...register('sia')} />}
          <TextField id="proc-cpv-main" label={t('fields.cpv_main')} hint={t('fields.cpv_hint')} error={err('cpvMain')} registration={register('cpvMain')} inputMode="numeric" />
          <fieldset className="pc-proc-fieldset">
            <legend>{t('fields.cpv_secondary')}</legend>
            {cpvs.fields.length === 0 && <p className="small">{t('fields.cpv_secondary_none')}</p>}
            {cpvs.fields.map((f, i) => (
              <div key={f.id} className="row align-items-end">
                <TextField id={`proc-cpv-${i}`} className="col-md-8" label={t('fields.cpv_secondary_n', { n: i + 1 })} error={err(`cpvSecondary.${i}`)} registration={register(`cpvSecondary.${i}.code`)} />
                <div className="col-md-4 mb-4">
                  <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => cpvs.remove(i)}>
                    {t('fields.remove_cpv', { n: i + 1 })}
                  </button>
                </div>
              </div>
            ))}
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => cpvs.append({ code: '' })} disabled={cpvs.fields.length >= 20}>
              {t('fields.add_cpv')}
            </button>
          </fieldset>
          <TextField id="proc-value" label={t('fields.estimated_value')} hint={t('fields.estimated_value_hint')} error={err('estimatedValue')} registration={register('estimatedValue')} inputMode="decimal" />
          <TextField id="proc-options" label={t('fields.options_value')} hint={t('fields.options_value_hint')} error={err('optionsValue')} registration={register('optionsValue')} inputMode="decimal" />
          <fieldset className="pc-proc-fieldset">
            <legend>{t('fields.lots')}</legend>
            <p className="small">{t('fields.lots_hint')}</p>
            {lots.fields.map((f, i) => (
              <fieldset key={f.id} className="pc-proc-fieldset">
                <legend>{t('fields.lot_n', { n: i + 1 })}</legend>
                <TextField id={`proc-lot-${i}-title`} label={t('fields.lot_title_n', { n: i + 1 })} error={err(`lots.${i}.title`)} registration={register(`lots.${i}.title`)} />
                <TextField id={`proc-lot-${i}-value`} label={t('fields.lot_value_n', { n: i + 1 })} error={err(`lots.${i}.value`)} registration={register(`lots.${i}.value`)} inputMode="decimal" />
                <TextField id={`proc-lot-${i}-cpv`} label={t('fields.lot_cpv_n', { n: i + 1 })} error={err(`lots.${i}.cpv`)} registration={register(`lots.${i}.cpv`)} />
                <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => lots.remove(i)}>
                  {t('fields.remove_lot', { n: i + 1 })}
                </button>
              </fieldset>
            ))}
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => lots.append({ title: '', value: '', cpv: '' })} disabled={lots.fields.length >= 50}>
              {t('fields.add_lot')}
            </button>
          </fieldset>
          <fieldset className="pc-proc-fieldset">
            <legend>{t('fields.funding')}</legend>
            <TextField id="proc-cup" label={t('fields.cup')} hint={t('fields.cup_hint')} error={err('cup')} registration={register('cup')} maxLength={15} />
            <CheckboxField id="proc-pnrr" label={t('fields.pnrr')} {...register('pnrr')} />
            <TextField id="proc-funding-note" label={t('fields.funding_note')} error={err('fundingNote')} registration={register('fundingNote')} maxLength={1000} />
          </fieldset>
          <fieldset className="pc-proc-fieldset">
            <legend>{t('fields.rup')}</legend>
            <TextField id="proc-rup-name" label={t('fields.rup_name')} error={err('rupName')} registration={register('rupName')} autoComplete="name" />
            <TextField id="proc-rup-email" type="email" label={t('fields.rup_email')} error={err('rupEmail')} registration={register('rupEmail')} autoComplete="email" />
          </fieldset>
          <div className="row">
            <TextField id="proc-desired-start" type="date" className="col-md-6" label={t('fields.desired_start')} error={err('desiredStart')} registration={register('desiredStart')} />
            <TextField id="proc-desired-award" type="date" className="col-md-6" label={t('fields.desired_award')} error={err('desiredAward')} registration={register('desiredAward')} />
          </div>
          <fieldset className="pc-proc-fieldset">
            <legend>{t('fields.features')}</legend>
            <CheckboxField id="proc-social" label={t('fields.social_services')} {...register('socialServices')} />
            <CheckboxField id="proc-labour" label={t('fields.labour_intensive')} {...register('labourIntensive')} />
            <CheckboxField id="proc-innovative" label={t('fields.innovative')} {...register('innovative')} />
          </fieldset>
          <div className="d-flex gap-3 mb-4">
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {existing ? t('edit.submit') : t('new.submit')}
            </button>
            <Link to={existing ? '/appalti/$procedureId' : '/appalti'} params={existing ? { procedureId: existing.id } : undefined} className="btn btn-outline-primary">
              {t('common.cancel')}
            </Link>
          </div>
        </form>
      </div>
      <div className="col-lg-5">
        <div className="pc-proc-sticky">
          <AdvicePanel advice={adviceInput ? advice.data : undefined} isFetching={advice.isFetching} error={advice.error} idPrefix="new-advice" />
        </div>
      </div>
    </div>
  );
}

/** `/appalti/nuova`: a Comune asks the SUA of its Province to run a procurement, with the rules' advice beside. */
export function ProcedureNewPage() {
  const { t } = useProcurementTranslation();
  const access = useProcurementAccess();
  usePageTitle(t('new.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('new.title')}</h1>
        <ProcurementNav />
        <p>{t('new.intro')}</p>
        {access.isLoading ? <Loading /> : access.requesterComuni.length === 0 ? <p role="status">{t('new.not_allowed')}</p> : <RequestForm />}
      </div>
    </RequireLogin>
  );
}

/** `/appalti/:id/modifica`: the Comune corrects its request while it is a draft (before or after the SUA sent it back). */
export function ProcedureEditPage() {
  const { t } = useProcurementTranslation();
  const { procedureId } = useParams({ strict: false }) as { procedureId: string };
  const detail = useQuery({ queryKey: pk.detail(procedureId), queryFn: () => procurementApi.get(procedureId) });
  usePageTitle(t('edit.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('edit.title')}</h1>
        <ProcurementNav />
        {detail.isLoading ? (
          <Loading />
        ) : detail.error ? (
          <ApiErrorAlert error={detail.error} />
        ) : detail.data && !detail.data.can.edit ? (
          <p role="status">{t('edit.not_allowed')}</p>
        ) : (
          detail.data && (
            <>
              <p>{t('edit.intro', { number: detail.data.number })}</p>
              <RequestForm existing={detail.data} />
            </>
          )
        )}
      </div>
    </RequireLogin>
  );
}
