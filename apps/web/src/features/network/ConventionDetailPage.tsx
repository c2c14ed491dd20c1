import { zodResolver } from '@hookform/resolvers/zod';
import {
  ConventionTransitionSchema,
  ConventionUpdateSchema,
  type Convention,
  type ConventionState,
  type ConventionUpdate,
} from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk } from './api';
import { useNetworkAccess } from './access';
import { ComuniChecklist } from './ComuniChecklist';
import {
  ActionPanel,
  NotSet,
  ServiceCheckboxes,
  ServiceNames,
  StateBadge,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  focusById,
  formatDay,
} from './components';
import { CommentsSection } from '../comments/CommentsSection';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { FileField } from './components/FileField';
import { FormButtons } from './components/FormButtons';
import { WorkflowActions } from './components/WorkflowActions';
import { useNetworkTranslation } from './i18n';

const WithdrawnSchema = ConventionTransitionSchema.options[2].pick({ reason: true });

export const CONVENTION_ACTION_KEYS: Record<ConventionState, string> = {
  active: 'convention.action_active',
  expired: 'convention.action_expired',
  withdrawn: 'convention.action_withdrawn',
  draft: 'convention.action_draft',
};

type Body = { to: 'active' } | { to: 'expired' } | { to: 'withdrawn'; reason: string };

interface FormProps {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

function ActivateForm({ onSubmit, pending, onCancel }: FormProps & { onSubmit: (b: Body, file?: File) => void }) {
  const { t } = useNetworkTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const file = fileRef.current?.files?.[0];
        if (file && !(file.type === 'application/pdf' || /\.pdf$/i.test(file.name))) {
          setFileError(t('protocol.file_not_pdf'));
          focusById('convention-file');
          return;
        }
        onSubmit({ to: 'active' }, file);
      }}
    >
      <p>{t('convention.activate_text')}</p>
      <FileField
        id="convention-file"
        label={t('convention.signed_file')}
        hint={t('convention.signed_file_hint')}
        accept="application/pdf,.pdf"
        error={fileError}
        inputRef={fileRef}
        onChange={() => setFileError(null)}
      />
      <FormButtons confirmLabel={t('convention.confirm_active')} pending={pending} onCancel={onCancel} />
    </form>
  );
}

function WithdrawForm({ onSubmit, pending, error, onCancel }: FormProps & { onSubmit: (b: Body) => void }) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(WithdrawnSchema, zodOptions),
    defaultValues: { reason: '' },
  });
  useEffect(() => {
    if (error) applyServerIssues(error, setError, ['reason']);
  }, [error, setError]);
  return (
    <form noValidate onSubmit={handleSubmit((v) => onSubmit({ to: 'withdrawn', reason: v.reason }))}>
      <TextAreaField
        id="convention-reason"
        label={t('convention.withdrawn_reason')}
        required
        error={formState.errors.reason?.message}
        registration={register('reason')}
      />
      <FormButtons confirmLabel={t('convention.confirm_withdrawn')} pending={pending} onCancel={onCancel} danger />
    </form>
  );
}

function ExpireForm({ onSubmit, pending, onCancel }: FormProps & { onSubmit: (b: Body) => void }) {
  const { t } = useNetworkTranslation();
  return (
    <>
      <p>{t('convention.expire_text')}</p>
      <FormButtons
        confirmLabel={t('convention.confirm_expired')}
        pending={pending}
        onCancel={onCancel}
        onConfirm={() => onSubmit({ to: 'expired' })}
      />
    </>
  );
}

export function ConventionWorkflow({
  convention,
  onChanged,
}: {
  convention: Convention;
  onChanged: (c: Convention) => void;
}) {
  const { t } = useNetworkTranslation();
  const [open, setOpen] = useState<ConventionState | null>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const transition = useMutation({
    mutationFn: async ({ body, file }: { body: Body; file?: File }) => {
      if (body.to === 'active') {
        if (file && uploaded.current?.file !== file) {
          const doc = await networkApi.uploadDocument(file, {
            ownerType: 'convention',
            ownerId: convention.id,
            title: t('convention.signed_document_title', { title: convention.title }),
          });
          uploaded.current = { file, id: doc.id };
        }
        return networkApi.transitionConvention(convention.id, {
          to: 'active',
          documentId: file ? uploaded.current?.id : null,
          version: convention.version,
        });
      }
      return networkApi.transitionConvention(convention.id, { ...body, version: convention.version });
    },
    onSuccess: (c) => {
      setOpen(null);
      uploaded.current = null;
      onChanged(c);
    },
  });
  const actions = convention.allowed.filter((s) => s !== 'draft');
  const choose = (to: ConventionState) => {
    transition.reset();
    setOpen(to);
    focusById('convention-panel-title');
  };
  const cancel = () => {
    const was = open;
    setOpen(null);
    transition.reset();
    if (was) focusById(`convention-action-${was}`);
  };
  const submit = (body: Body, file?: File) => transition.mutate({ body, file });
  const formProps = { pending: transition.isPending, error: transition.error, onCancel: cancel };

  if (actions.length === 0) return <p>{t('convention.no_actions')}</p>;
  return (
    <WorkflowActions
      actions={actions}
      open={open}
      labelKeys={CONVENTION_ACTION_KEYS}
      actionIdPrefix="convention-action-"
      panelId="convention-panel"
      dangerState="withdrawn"
      error={transition.error}
      isError={transition.isError}
      onChoose={choose}
    >
      {open === 'active' && <ActivateForm onSubmit={submit} {...formProps} />}
      {open === 'expired' && <ExpireForm onSubmit={submit} {...formProps} />}
      {open === 'withdrawn' && <WithdrawForm onSubmit={submit} {...formProps} />}
    </WorkflowActions>
  );
}

/** A draft can still change: title, services, dates, legal basis and the Comuni that join. */
function EditDraftForm({
  convention,
  onDone,
  onCancel,
}: {
  convention: Convention;
  onDone: (c: Convention) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const withComuni = convention.kind === 'provincia_comune';
  const [comuni, setComuni] = useState(convention.parties.map((p) => p.id));
  const { register, handleSubmit, setValue, setError, formState } = useForm({
    resolver: zodResolver(ConventionUpdateSchema, zodOptions),
    defaultValues: {
      title: convention.title,
      services: convention.services,
      startsOn: convention.startsOn,
      endsOn: convention.endsOn ?? null,
      legalBasis: convention.legalBasis,
      partyIds: convention.parties.map((p) => p.id),
      version: convention.version,
    },
  });
  const { errors, isSubmitted } = formState;
  useEffect(() => {
    setValue('partyIds', comuni, { shouldValidate: isSubmitted });
  }, [comuni, setValue, isSubmitted]);
  const save = useMutation({
    mutationFn: (v: ConventionUpdate) => networkApi.updateConvention(convention.id, v),
    onSuccess: onDone,
    onError: (err) =>
      applyServerIssues(err, setError, ['title', 'services', 'startsOn', 'endsOn', 'legalBasis', 'partyIds']),
  });
  return (
    <ActionPanel id="convention-edit-panel" title={t('convention.edit_title')}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['title', 'convention-edit-title', t('convention.title_field')],
            ['services', 'convention-edit-services', t('common.services')],
            ['startsOn', 'convention-edit-starts', t('conventions.starts_on')],
            ['endsOn', 'convention-edit-ends', t('conventions.ends_on')],
            ['legalBasis', 'convention-edit-legal', t('convention.legal_basis')],
            ['partyIds', 'convention-edit-comuni', t('checklist.legend')],
          ]}
        />
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => save.mutate(v))}>
        <TextField
          id="convention-edit-title"
          label={t('convention.title_field')}
          required
          error={errors.title?.message}
          registration={register('title')}
        />
        <ServiceCheckboxes
          idPrefix="convention-edit-services"
          legend={t('common.services')}
          error={errors.services?.message}
          inputProps={() => register('services')}
        />
        <div className="row">
          <div className="col-md-6">
            <TextField
              id="convention-edit-starts"
              label={t('conventions.starts_on')}
              type="date"
              required
              error={errors.startsOn?.message}
              registration={register('startsOn')}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id="convention-edit-ends"
              label={t('conventions.ends_on')}
              hint={t('common.optional')}
              type="date"
              error={errors.endsOn?.message}
              registration={register('endsOn', { setValueAs: emptyToNull })}
            />
          </div>
        </div>
        <TextAreaField
          id="convention-edit-legal"
          label={t('convention.legal_basis')}
          hint={t('convention.legal_basis_hint')}
          error={errors.legalBasis?.message}
          registration={register('legalBasis', { setValueAs: emptyToNull })}
        />
        {withComuni && (
          <ComuniChecklist
            id="convention-edit-comuni"
            provinciaId={convention.owner.id}
            selected={comuni}
            onChange={setComuni}
            error={errors.partyIds?.message}
          />
        )}
        <FormButtons confirmLabel={tc('actions.save')} pending={save.isPending} onCancel={onCancel} />
      </form>
    </ActionPanel>
  );
}

export function ConventionDetailPage({ conventionId }: { conventionId: string }) {
  const { t } = useNetworkTranslation();
  const tr = useTranslation('registry').t;
  const qc = useQueryClient();
  const { canManage, isUpi } = useNetworkAccess();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: nk.convention(conventionId),
    queryFn: () => networkApi.convention(conventionId),
  });
  const c = query.data;
  usePageTitle(c?.title ?? t('conventions.title'));

  if (query.isPending) return <Loading />;
  if (query.isError || !c) {
    return (
      <>
        <h1>{t('conventions.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/rete/convenzioni">{t('convention.back')}</Link>
      </>
    );
  }
  const manager = c.kind === 'upi_provincia' ? isUpi : canManage(c.owner.id);
  const changed = (next: Convention, message: string) => {
    qc.setQueryData(nk.convention(conventionId), next);
    void qc.invalidateQueries({ queryKey: nk.all, predicate: (q) => q.queryKey[1] !== 'convention' });
    setNotice(message);
    focusById('convention-data-title');
  };

  return (
    <>
      <p>
        <Link to="/rete/convenzioni">{t('convention.back')}</Link>
      </p>
      <h1>{c.title}</h1>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}
      {c.expiring && (
        <div className="alert alert-warning">
          <p className="mb-0">{t('convention.expiring_notice', { date: formatDay(c.endsOn) })}</p>
        </div>
      )}

      <section className="mb-5" aria-labelledby="convention-data-title">
        <h2 id="convention-data-title" className="h4" tabIndex={-1}>
          {t('convention.data_title')}
        </h2>
        <dl className="pc-dl">
          <dt>{t('common.state')}</dt>
          <dd>
            <StateBadge group="convention" state={c.state} />
          </dd>
          <dt>{t('conventions.kind')}</dt>
          <dd>{t(`kinds.${c.kind}`)}</dd>
          <dt>{t('conventions.owner')}</dt>
          <dd>
            <Link to="/enti/$enteId" params={{ enteId: c.owner.id }}>
              {c.owner.name}
            </Link>
          </dd>
          <dt>{t('common.services')}</dt>
          <dd>
            <ServiceNames services={c.services} long />
          </dd>
          <dt>{t('conventions.starts_on')}</dt>
          <dd>{formatDay(c.startsOn)}</dd>
          <dt>{t('conventions.ends_on')}</dt>
          <dd>{c.endsOn ? formatDay(c.endsOn) : <NotSet />}</dd>
          <dt>{t('convention.legal_basis')}</dt>
          <dd className="pc-pre">{c.legalBasis ?? <NotSet />}</dd>
          {c.withdrawnReason && (
            <>
              <dt>{t('convention.withdrawn_reason')}</dt>
              <dd className="pc-pre">{c.withdrawnReason}</dd>
            </>
          )}
          {c.signedDocumentId && (
            <>
              <dt>{t('convention.signed_document')}</dt>
              <dd>
                <a href={networkApi.documentUrl(c.signedDocumentId)} download>
                  {t('convention.download_signed')}
                </a>
              </dd>
            </>
          )}
        </dl>
        {c.kind === 'provincia_comune' && (
          <p>
            <Link to="/rete/territorio/$provinciaId" params={{ provinciaId: c.owner.id }}>
              {t('convention.territory_link', { name: c.owner.name })}
            </Link>
          </p>
        )}
        {manager && (
          <>
            <h3 className="h5">{t('protocol.actions_title')}</h3>
            {c.state === 'draft' && !editing && (
              <p>
                <button
                  id="convention-edit"
                  type="button"
                  className="btn btn-outline-primary"
                  onClick={() => {
                    setNotice(null);
                    setEditing(true);
                    focusById('convention-edit-panel-title');
                  }}
                >
                  {t('convention.edit')}
                </button>
              </p>
            )}
            {editing && (
              <EditDraftForm
                convention={c}
                onDone={(next) => {
                  setEditing(false);
                  changed(next, t('convention.saved'));
                }}
                onCancel={() => {
                  setEditing(false);
                  focusById('convention-edit');
                }}
              />
            )}
            <ConventionWorkflow
              convention={c}
              onChanged={(next) => {
                setEditing(false);
                changed(next, t('convention.changed', { state: t(`states.convention.${next.state}`) }));
              }}
            />
          </>
        )}
      </section>

      <section className="mb-5" aria-labelledby="convention-parties-title">
        <h2 id="convention-parties-title" className="h4">
          {t('conventions.parties')}
        </h2>
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('convention.parties_caption', { count: c.parties.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.ente')}</th>
                <th scope="col">{t('common.type')}</th>
                <th scope="col">{t('common.istat_code')}</th>
              </tr>
            </thead>
            <tbody>
              {c.parties.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="fw-normal">
                    <Link to="/enti/$enteId" params={{ enteId: p.id }}>
                      {p.name}
                    </Link>
                  </th>
                  <td>{tr(`types.${p.type}`)}</td>
                  <td>{p.istatCode ?? <NotSet />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="mb-5" aria-labelledby="convention-documents-title">
        <h2 id="convention-documents-title" className="h4">
          {t('documents.heading')}
        </h2>
        <DocumentsPanel
          ownerType="convention"
          ownerId={c.id}
          caption={t('convention.documents_caption')}
          canUpload={manager}
          idPrefix="convention-docs"
          queryKey={nk.documents('convention', c.id)}
        />
      </section>

      <CommentsSection recordType="convention" recordId={c.id} idPrefix="convention-comments" />
    </>
  );
}
