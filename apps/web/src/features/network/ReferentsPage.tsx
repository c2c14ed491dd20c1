import { zodResolver } from '@hookform/resolvers/zod';
import { ReferentAreas, ReferentInputSchema } from '@app/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../components/forms/fields';
import { PagedTable } from '../../components/PagedTable';
import { ApiError } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { csvUrl, networkApi, nk, type Referent, type ReferentArea, type ReferentFilters } from './api';
import { useNetworkAccess } from './access';
import {
  ActionPanel,
  FiltersForm,
  NotSet,
  applyServerIssues,
  emptyToNull,
  focusById,
  oneOf,
  useProgrammeProvinces,
  useRegions,
} from './components';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

const PAGE_SIZE = 50;

export interface ReferentsSearch {
  area?: string;
  region?: string;
  ente?: string;
}

const isUuid = (v: string | undefined) => !!v && /^[0-9a-f-]{36}$/i.test(v);

interface ReferentFormProps {
  /** Edit this referent, or create one. */
  referent?: Referent;
  /** Provinces the caller may add a referent to. */
  choices: Array<{ id: string; name: string }>;
  onDone: (message: string) => void;
  onCancel: () => void;
}

function ReferentForm({ referent, choices, onDone, onCancel }: ReferentFormProps) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const qc = useQueryClient();
  const [enteId, setEnteId] = useState(referent?.ente.id ?? (choices.length === 1 ? (choices[0]?.id ?? '') : ''));
  const [enteError, setEnteError] = useState<string | undefined>();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(ReferentInputSchema, zodOptions),
    defaultValues: {
      area: referent?.area ?? ('general' as ReferentArea),
      fullName: referent?.fullName ?? '',
      role: referent?.role ?? null,
      office: referent?.office ?? null,
      email: referent?.email ?? '',
      phone: referent?.phone ?? null,
    },
  });
  const save = useMutation({
    mutationFn: (v: Parameters<typeof networkApi.createReferent>[1]) =>
      referent
        ? networkApi.updateReferent(referent.id, { ...v, version: referent.version })
        : networkApi.createReferent(enteId, v),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: nk.all });
      onDone(referent ? t('referents.updated', { name: r.fullName }) : t('referents.created', { name: r.fullName }));
    },
    onError: (err) => applyServerIssues(err, setError, ['area', 'fullName', 'role', 'office', 'email', 'phone']),
  });
  const { errors, isSubmitted } = formState;
  const title = referent ? t('referents.edit_title', { name: referent.fullName }) : t('referents.add_title');
  const prefix = referent ? 'referent-edit' : 'referent-new';

  return (
    <ActionPanel id={`${prefix}-panel`} title={title}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['area', `${prefix}-area`, t('referents.area')],
            ['fullName', `${prefix}-name`, t('referents.full_name')],
            ['role', `${prefix}-role`, t('referents.role')],
            ['office', `${prefix}-office`, t('referents.office')],
            ['email', `${prefix}-email`, t('referents.email')],
            ['phone', `${prefix}-phone`, t('referents.phone')],
          ]}
        />
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <form
        noValidate
        className="pc-form"
        onSubmit={handleSubmit(
          (v) => {
            if (!referent && !enteId) {
              setEnteError('validation.required');
              focusById(`${prefix}-ente`);
              return;
            }
            save.mutate(v);
          },
          () => setEnteError(!referent && !enteId ? 'validation.required' : undefined),
        )}
      >
        {!referent && choices.length > 1 && (
          <SelectField
            id={`${prefix}-ente`}
            label={t('common.provincia')}
            value={enteId}
            error={enteError}
            onChange={(e) => {
              setEnteId(e.target.value);
              setEnteError(undefined);
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
        {referent && (
          <p>
            <span className="pc-label d-inline">{t('common.ente')}:</span> {referent.ente.name}
          </p>
        )}
        <SelectField
          id={`${prefix}-area`}
          label={t('referents.area')}
          error={errors.area?.message}
          registration={register('area')}
        >
          {ReferentAreas.map((a) => (
            <option key={a} value={a}>
              {t(`areas.${a}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${prefix}-name`}
          label={t('referents.full_name')}
          autoComplete="off"
          required
          error={errors.fullName?.message}
          registration={register('fullName')}
        />
        <div className="row">
          <div className="col-md-6">
            <TextField
              id={`${prefix}-role`}
              label={t('referents.role')}
              hint={t('common.optional')}
              autoComplete="off"
              error={errors.role?.message}
              registration={register('role', { setValueAs: emptyToNull })}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id={`${prefix}-office`}
              label={t('referents.office')}
              hint={t('common.optional')}
              autoComplete="off"
              error={errors.office?.message}
              registration={register('office', { setValueAs: emptyToNull })}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id={`${prefix}-email`}
              label={t('referents.email')}
              type="email"
              autoComplete="off"
              required
              error={errors.email?.message}
              registration={register('email')}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id={`${prefix}-phone`}
              label={t('referents.phone')}
              hint={t('referents.phone_hint')}
              type="tel"
              autoComplete="off"
              error={errors.phone?.message}
              registration={register('phone', { setValueAs: emptyToNull })}
            />
          </div>
        </div>
        <FormButtons
          confirmLabel={referent ? tc('actions.save') : t('referents.add_submit')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </form>
    </ActionPanel>
  );
}

function DeleteConfirm({
  referent,
  onDone,
  onCancel,
}: {
  referent: Referent;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => networkApi.deleteReferent(referent.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: nk.all });
      onDone(t('referents.deleted', { name: referent.fullName }));
    },
  });
  return (
    <ActionPanel id="referent-delete-panel" title={t('referents.delete_title', { name: referent.fullName })}>
      <p>{t('referents.delete_text', { name: referent.fullName, ente: referent.ente.name })}</p>
      {remove.isError && <ApiErrorAlert error={remove.error} />}
      <FormButtons
        confirmLabel={t('referents.delete_confirm')}
        pending={remove.isPending}
        onCancel={onCancel}
        danger
        onConfirm={() => remove.mutate()}
      />
    </ActionPanel>
  );
}

function MissingReferents({ area }: { area: ReferentArea }) {
  const { t } = useNetworkTranslation();
  const query = useQuery({ queryKey: nk.missingReferents(area), queryFn: () => networkApi.missingReferents(area) });
  return (
    <section className="mb-5" aria-labelledby="missing-referents-title">
      <h2 id="missing-referents-title" className="h4">
        {t('referents.missing_title', { area: t(`areas.${area}`) })}
      </h2>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>{t('referents.missing_none')}</p>
        ) : (
          <>
            <p>{t('referents.missing_count', { count: query.data.total })}</p>
            <ul className="pc-inline-list">
              {query.data.items.map((e) => (
                <li key={e.id}>
                  <Link to="/enti/$enteId" params={{ enteId: e.id }}>
                    {e.name}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

type Panel = { kind: 'new' } | { kind: 'edit'; referent: Referent } | { kind: 'delete'; referent: Referent } | null;

export function ReferentsPage({
  search,
  onSearch,
}: {
  search: ReferentsSearch;
  onSearch: (next: ReferentsSearch) => void;
}) {
  const { t } = useNetworkTranslation();
  usePageTitle(t('referents.title'));
  const { isUpi, managedProvinces, canManage } = useNetworkAccess();
  const regions = useRegions();
  const provinces = useProgrammeProvinces();
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filters: ReferentFilters = {
    area: oneOf(ReferentAreas, search.area),
    region: search.region && /^\d{2}$/.test(search.region) ? search.region : undefined,
    ente: isUuid(search.ente) ? search.ente : undefined,
  };
  const params = { ...filters, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: nk.referents(params),
    queryFn: ({ signal }) => networkApi.referents(params, signal),
    placeholderData: keepPreviousData,
  });
  const set = (key: keyof ReferentsSearch, value: string) => {
    onSearch({ ...search, [key]: value || undefined });
    setPage(1);
  };
  const choices = isUpi
    ? (provinces.data ?? []).map((p) => ({ id: p.id, name: p.name }))
    : managedProvinces.map((m) => ({ id: m.enteId, name: m.enteName }));
  const canAdd = isUpi || managedProvinces.length > 0;
  const open = (next: Panel) => {
    setNotice(null);
    setPanel(next);
    if (next) {
      focusById(
        next.kind === 'new'
          ? 'referent-new-panel-title'
          : next.kind === 'edit'
            ? 'referent-edit-panel-title'
            : 'referent-delete-panel-title',
      );
    }
  };
  const done = (message: string) => {
    setPanel(null);
    setNotice(message);
    focusById('referents-notice');
  };
  const cancel = () => {
    const was = panel;
    setPanel(null);
    if (was?.kind === 'new') focusById('referent-add');
    else if (was) focusById(`referent-${was.kind}-${was.referent.id}`);
  };
  const forbidden = query.error instanceof ApiError && query.error.status === 403;

  return (
    <>
      <h1>{t('referents.title')}</h1>
      <p className="lead">{t('referents.intro')}</p>
      <div id="referents-notice" tabIndex={-1}>
        {notice && <SuccessAlert>{notice}</SuccessAlert>}
      </div>
      {canAdd && (
        <p>
          <button
            id="referent-add"
            type="button"
            className="btn btn-primary"
            aria-expanded={panel?.kind === 'new'}
            onClick={() => open({ kind: 'new' })}
          >
            {t('referents.add')}
          </button>
        </p>
      )}
      {panel?.kind === 'new' && <ReferentForm choices={choices} onDone={done} onCancel={cancel} />}
      {panel?.kind === 'edit' && (
        <ReferentForm
          key={panel.referent.id}
          referent={panel.referent}
          choices={choices}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {panel?.kind === 'delete' && <DeleteConfirm referent={panel.referent} onDone={done} onCancel={cancel} />}

      {isUpi && <MissingReferents area={filters.area ?? 'general'} />}

      <FiltersForm id="referents-filters" title={t('common.filters')}>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="referents-area"
            label={t('referents.area')}
            value={filters.area ?? ''}
            onChange={(e) => set('area', e.target.value)}
          >
            <option value="">{t('referents.any_area')}</option>
            {ReferentAreas.map((a) => (
              <option key={a} value={a}>
                {t(`areas.${a}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="referents-region"
            label={t('common.region')}
            value={filters.region ?? ''}
            onChange={(e) => set('region', e.target.value)}
          >
            <option value="">{t('common.any_region')}</option>
            {regions.data?.map((r) => (
              <option key={r.id} value={r.istatCode ?? ''}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            id="referents-ente"
            label={t('common.provincia')}
            value={filters.ente ?? ''}
            onChange={(e) => set('ente', e.target.value)}
          >
            <option value="">{t('common.any_provincia')}</option>
            {provinces.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-md-6 col-lg-3 pc-filter-action">
          <a className="btn btn-outline-primary" href={csvUrl('/referents', filters)} download>
            {t('common.export_csv')}
          </a>
        </div>
      </FiltersForm>

      {forbidden ? (
        <p>{t('referents.not_visible')}</p>
      ) : (
        <PagedTable
          query={query}
          caption={t('referents.caption')}
          emptyText={t('referents.no_results')}
          columns={[
            { label: t('common.ente') },
            { label: t('referents.area') },
            { label: t('referents.full_name') },
            { label: t('referents.role') },
            { label: t('referents.office') },
            { label: t('referents.email') },
            { label: t('referents.phone') },
            { label: t('common.actions') },
          ]}
          rowKey={(r) => r.id}
          renderCells={(r) => (
            <>
              <th scope="row" className="fw-normal">
                <Link to="/enti/$enteId" params={{ enteId: r.ente.id }}>
                  {r.ente.name}
                </Link>
              </th>
              <td>{t(`areas.${r.area}`)}</td>
              <td>{r.fullName}</td>
              <td>{r.role ?? <NotSet />}</td>
              <td>{r.office ?? <NotSet />}</td>
              <td className="pc-break">
                <a href={`mailto:${r.email}`}>{r.email}</a>
              </td>
              <td>{r.phone ? <a href={`tel:${r.phone.replace(/[^+0-9]/g, '')}`}>{r.phone}</a> : <NotSet />}</td>
              <td>
                {canManage(r.ente.id) ? (
                  <div className="d-flex flex-wrap gap-2">
                    <button
                      id={`referent-edit-${r.id}`}
                      type="button"
                      className="btn btn-outline-primary btn-sm"
                      onClick={() => open({ kind: 'edit', referent: r })}
                    >
                      {t('referents.edit')}
                      <span className="visually-hidden"> {r.fullName}</span>
                    </button>
                    <button
                      id={`referent-delete-${r.id}`}
                      type="button"
                      className="btn btn-outline-danger btn-sm"
                      onClick={() => open({ kind: 'delete', referent: r })}
                    >
                      {t('referents.delete')}
                      <span className="visually-hidden"> {r.fullName}</span>
                    </button>
                  </div>
                ) : (
                  <NotSet />
                )}
              </td>
            </>
          )}
          page={page}
          pageSize={PAGE_SIZE}
          onPageChange={setPage}
        />
      )}
    </>
  );
}
