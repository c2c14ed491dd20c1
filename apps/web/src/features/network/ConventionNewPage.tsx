import { zodResolver } from '@hookform/resolvers/zod';
import { ConventionCreateSchema, type ConventionCreate } from '@app/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../components/forms/fields';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk } from './api';
import { useNetworkAccess } from './access';
import { ComuniChecklist } from './ComuniChecklist';
import {
  ServiceCheckboxes,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  todayIso,
  useProgrammeProvinces,
} from './components';
import { useNetworkTranslation } from './i18n';

type Kind = ConventionCreate['kind'];

function ConventionForm() {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { isUpi, upiEnteId, managedProvinces } = useNetworkAccess();
  const programme = useProgrammeProvinces();
  const choices = isUpi
    ? (programme.data ?? []).map((p) => ({ id: p.id, name: p.name }))
    : managedProvinces.map((m) => ({ id: m.enteId, name: m.enteName }));
  const [kind, setKind] = useState<Kind>('provincia_comune');
  const [provinciaId, setProvinciaId] = useState(managedProvinces[0]?.enteId ?? '');
  const [comuni, setComuni] = useState<string[]>([]);

  const { register, handleSubmit, setValue, setError, formState } = useForm({
    resolver: zodResolver(ConventionCreateSchema, zodOptions),
    defaultValues: {
      kind: 'provincia_comune' as Kind,
      ownerEnteId: '',
      partyIds: [] as string[],
      title: '',
      services: [],
      startsOn: todayIso(),
      endsOn: null,
      legalBasis: null,
    },
  });
  const { errors, isSubmitted } = formState;

  // The owner and the parties follow the kind, the Province and the Comuni chosen.
  useEffect(() => {
    const upiKind = kind === 'upi_provincia';
    setValue('kind', kind);
    setValue('ownerEnteId', upiKind ? (upiEnteId ?? '') : provinciaId, { shouldValidate: isSubmitted });
    setValue('partyIds', upiKind ? (provinciaId ? [provinciaId] : []) : comuni, { shouldValidate: isSubmitted });
  }, [kind, provinciaId, comuni, upiEnteId, setValue, isSubmitted]);

  const create = useMutation({
    mutationFn: networkApi.createConvention,
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: nk.all });
      void navigate({ to: '/rete/convenzioni/$conventionId', params: { conventionId: c.id } });
    },
    onError: (err) =>
      applyServerIssues(err, setError, [
        'title',
        'services',
        'startsOn',
        'endsOn',
        'legalBasis',
        'partyIds',
        'ownerEnteId',
      ]),
  });

  const upiKind = kind === 'upi_provincia';
  const provinciaError = errors.ownerEnteId?.message ?? (upiKind ? errors.partyIds?.message : undefined);
  const comuniError = upiKind ? undefined : errors.partyIds?.message;

  return (
    <form noValidate className="pc-form" onSubmit={handleSubmit((v) => create.mutate(v))}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['ownerEnteId', 'convention-provincia', t('common.provincia')],
            ['title', 'convention-title', t('convention.title_field')],
            ['services', 'convention-services', t('common.services')],
            ['startsOn', 'convention-starts', t('conventions.starts_on')],
            ['endsOn', 'convention-ends', t('conventions.ends_on')],
            ['legalBasis', 'convention-legal', t('convention.legal_basis')],
            [
              'partyIds',
              upiKind ? 'convention-provincia' : 'convention-comuni',
              upiKind ? t('common.provincia') : t('checklist.legend'),
            ],
          ]}
        />
      )}
      {create.isError && <ApiErrorAlert error={create.error} />}
      <p className="pc-hint">{t('common.required_note')}</p>

      {isUpi && (
        <fieldset className="mb-4">
          <legend className="pc-label fs-6">{t('conventions.kind')}</legend>
          {(['provincia_comune', 'upi_provincia'] as const).map((k) => (
            <div className="form-check" key={k}>
              <input
                id={`convention-kind-${k}`}
                type="radio"
                name="convention-kind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setComuni([]);
                }}
              />
              <label htmlFor={`convention-kind-${k}`}>{t(`kinds.${k}`)}</label>
            </div>
          ))}
        </fieldset>
      )}

      {choices.length === 1 && !isUpi ? (
        <p className="mb-4">
          <span className="pc-label d-inline">{t('common.provincia')}:</span> {choices[0]?.name}
        </p>
      ) : (
        <SelectField
          id="convention-provincia"
          label={upiKind ? t('convention.party_provincia') : t('common.provincia')}
          value={provinciaId}
          error={provinciaError}
          onChange={(e) => {
            setProvinciaId(e.target.value);
            setComuni([]);
          }}
        >
          <option value="">{t('common.choose_provincia')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      )}

      <TextField
        id="convention-title"
        label={t('convention.title_field')}
        hint={t('convention.title_hint')}
        required
        error={errors.title?.message}
        registration={register('title')}
      />
      <ServiceCheckboxes
        idPrefix="convention-services"
        legend={t('common.services')}
        error={errors.services?.message}
        inputProps={() => register('services')}
      />
      <div className="row">
        <div className="col-md-6">
          <TextField
            id="convention-starts"
            label={t('conventions.starts_on')}
            type="date"
            required
            error={errors.startsOn?.message}
            registration={register('startsOn')}
          />
        </div>
        <div className="col-md-6">
          <TextField
            id="convention-ends"
            label={t('conventions.ends_on')}
            hint={t('common.optional')}
            type="date"
            error={errors.endsOn?.message}
            registration={register('endsOn', { setValueAs: emptyToNull })}
          />
        </div>
      </div>
      <TextAreaField
        id="convention-legal"
        label={t('convention.legal_basis')}
        hint={t('convention.legal_basis_hint')}
        error={errors.legalBasis?.message}
        registration={register('legalBasis', { setValueAs: emptyToNull })}
      />
      {!upiKind && (
        <ComuniChecklist
          id="convention-comuni"
          provinciaId={provinciaId}
          selected={comuni}
          onChange={setComuni}
          error={comuniError}
        />
      )}
      <div className="d-flex gap-3">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('convention.create')}
        </button>
        <Link to="/rete/convenzioni" className="btn btn-outline-primary">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}

export function ConventionNewPage() {
  const { t } = useNetworkTranslation();
  usePageTitle(t('convention.new_title'));
  const { isUpi, managedProvinces } = useNetworkAccess();
  return (
    <>
      <p>
        <Link to="/rete/convenzioni">{t('convention.back')}</Link>
      </p>
      <h1>{t('convention.new_title')}</h1>
      {isUpi || managedProvinces.length > 0 ? (
        <>
          <p className="lead">{t('convention.new_intro')}</p>
          <ConventionForm />
        </>
      ) : (
        <p>{t('convention.not_allowed')}</p>
      )}
    </>
  );
}
