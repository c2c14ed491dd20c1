import { zodResolver } from '@hookform/resolvers/zod';
import { ProtocolCommitmentsSchema, ProtocolTransitionSchema, type Protocol, type ProtocolState } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { validationIssues } from '../../lib/api-client';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk } from './api';
import { useNetworkAccess } from './access';
import {
  NotSet,
  ServiceCheckboxes,
  ServiceNames,
  StateBadge,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  focusById,
  formatDateTime,
  formatDay,
  todayIso,
} from './components';
import { CommentsSection } from '../comments/CommentsSection';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { FileField } from './components/FileField';
import { FormButtons } from './components/FormButtons';
import { WorkflowActions } from './components/WorkflowActions';
import { useNetworkTranslation } from './i18n';

const [SentSchema, SignedSchema, DeclinedSchema] = ProtocolTransitionSchema.options;
const DateSchema = SentSchema.pick({ date: true });
const SignedDateSchema = SignedSchema.pick({ date: true });
const ReasonSchema = DeclinedSchema.pick({ reason: true });
const CommitmentsFormSchema = ProtocolCommitmentsSchema.omit({ version: true });

/** The body of a transition, without the version (added from the record read). */
export type TransitionBody =
  { to: 'sent'; date: string } | { to: 'signed'; date: string } | { to: 'declined'; reason: string } | { to: 'draft' };

/** Label of the button that moves the protocol to each state. */
export const PROTOCOL_ACTION_KEYS: Record<ProtocolState, string> = {
  sent: 'protocol.action_sent',
  signed: 'protocol.action_signed',
  declined: 'protocol.action_declined',
  draft: 'protocol.action_draft',
};

interface FormProps {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

function isPdf(file: File): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

function DateForm({
  to,
  onSubmit,
  pending,
  error,
  onCancel,
}: FormProps & { to: 'sent'; onSubmit: (b: TransitionBody) => void }) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(DateSchema, zodOptions),
    defaultValues: { date: todayIso() },
  });
  useEffect(() => {
    if (error) applyServerIssues(error, setError, ['date']);
  }, [error, setError]);
  return (
    <form noValidate onSubmit={handleSubmit((v) => onSubmit({ to, date: v.date }))}>
      <TextField
        id="transition-date"
        label={t('protocol.sent_date')}
        type="date"
        max={todayIso()}
        required
        error={formState.errors.date?.message}
        registration={register('date')}
      />
      <FormButtons confirmLabel={t('protocol.confirm_sent')} pending={pending} onCancel={onCancel} />
    </form>
  );
}

function SignedForm({
  onSubmit,
  pending,
  error,
  onCancel,
}: FormProps & { onSubmit: (b: TransitionBody, file: File) => void }) {
  const { t } = useNetworkTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(SignedDateSchema, zodOptions),
    defaultValues: { date: todayIso() },
  });
  useEffect(() => {
    if (!error) return;
    applyServerIssues(error, setError, ['date']);
    const fileIssue = validationIssues(error).find((i) => i.path === 'file');
    if (fileIssue) setFileError(fileIssue.message);
  }, [error, setError]);
  const checkFile = (): File | null => {
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setFileError('validation.required');
      return null;
    }
    if (!isPdf(file)) {
      setFileError(t('protocol.file_not_pdf'));
      return null;
    }
    setFileError(null);
    return file;
  };
  return (
    <form
      noValidate
      onSubmit={handleSubmit(
        (v) => {
          const file = checkFile();
          if (file) onSubmit({ to: 'signed', date: v.date }, file);
          else focusById('transition-file');
        },
        () => {
          checkFile();
        },
      )}
    >
      <TextField
        id="transition-date"
        label={t('protocol.signed_date')}
        type="date"
        max={todayIso()}
        required
        error={formState.errors.date?.message}
        registration={register('date')}
      />
      <FileField
        id="transition-file"
        label={t('protocol.signed_file')}
        hint={t('protocol.signed_file_hint')}
        accept="application/pdf,.pdf"
        required
        error={fileError}
        inputRef={fileRef}
        onChange={() => setFileError(null)}
      />
      <FormButtons
        confirmLabel={pending ? t('protocol.uploading') : t('protocol.confirm_signed')}
        pending={pending}
        onCancel={onCancel}
      />
    </form>
  );
}

function DeclinedForm({ onSubmit, pending, error, onCancel }: FormProps & { onSubmit: (b: TransitionBody) => void }) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(ReasonSchema, zodOptions),
    defaultValues: { reason: '' },
  });
  useEffect(() => {
    if (error) applyServerIssues(error, setError, ['reason']);
  }, [error, setError]);
  return (
    <form noValidate onSubmit={handleSubmit((v) => onSubmit({ to: 'declined', reason: v.reason }))}>
      <TextAreaField
        id="transition-reason"
        label={t('protocol.declined_reason')}
        required
        error={formState.errors.reason?.message}
        registration={register('reason')}
      />
      <FormButtons confirmLabel={t('protocol.confirm_declined')} pending={pending} onCancel={onCancel} danger />
    </form>
  );
}

function DraftForm({ onSubmit, pending, onCancel }: FormProps & { onSubmit: (b: TransitionBody) => void }) {
  const { t } = useNetworkTranslation();
  return (
    <>
      <p>{t('protocol.draft_confirm_text')}</p>
      <FormButtons
        confirmLabel={t('protocol.confirm_draft')}
        pending={pending}
        onCancel={onCancel}
        onConfirm={() => onSubmit({ to: 'draft' })}
      />
    </>
  );
}

/** Workflow buttons, one per state the protocol may move to, and the form of the chosen one. */
export function ProtocolWorkflow({ protocol, onChanged }: { protocol: Protocol; onChanged: (p: Protocol) => void }) {
  const { t } = useNetworkTranslation();
  const [open, setOpen] = useState<ProtocolState | null>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const transition = useMutation({
    mutationFn: async ({ body, file }: { body: TransitionBody; file?: File }) => {
      if (body.to === 'signed') {
        if (!file) throw new Error('file required');
        if (uploaded.current?.file !== file) {
          const doc = await networkApi.uploadDocument(file, {
            ownerType: 'protocol',
            ownerId: protocol.id,
            title: t('protocol.signed_document_title', { name: protocol.provincia.name }),
          });
          uploaded.current = { file, id: doc.id };
        }
        return networkApi.transitionProtocol(protocol.id, {
          ...body,
          documentId: uploaded.current.id,
          version: protocol.version,
        });
      }
      return networkApi.transitionProtocol(protocol.id, { ...body, version: protocol.version });
    },
    onSuccess: (p) => {
      setOpen(null);
      uploaded.current = null;
      onChanged(p);
    },
  });

  const choose = (to: ProtocolState) => {
    transition.reset();
    setOpen(to);
    focusById('transition-panel-title');
  };
  const cancel = () => {
    const was = open;
    setOpen(null);
    transition.reset();
    if (was) focusById(`action-${was}`);
  };
  const submit = (body: TransitionBody, file?: File) => transition.mutate({ body, file });
  const formProps = { pending: transition.isPending, error: transition.error, onCancel: cancel };

  if (protocol.allowed.length === 0) return <p>{t('protocol.no_actions')}</p>;
  return (
    <WorkflowActions
      actions={protocol.allowed}
      open={open}
      labelKeys={PROTOCOL_ACTION_KEYS}
      actionIdPrefix="action-"
      panelId="transition-panel"
      dangerState="declined"
      controlsPanel
      error={transition.error}
      isError={transition.isError}
      onChoose={choose}
    >
      {open === 'sent' && <DateForm to="sent" onSubmit={submit} {...formProps} />}
      {open === 'signed' && <SignedForm onSubmit={submit} {...formProps} />}
      {open === 'declined' && <DeclinedForm onSubmit={submit} {...formProps} />}
      {open === 'draft' && <DraftForm onSubmit={submit} {...formProps} />}
    </WorkflowActions>
  );
}

function CommitmentsForm({ protocol, onSaved }: { protocol: Protocol; onSaved: (p: Protocol) => void }) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(CommitmentsFormSchema, zodOptions),
    defaultValues: { areas: protocol.areas, staffCount: protocol.staffCount, staffNote: protocol.staffNote },
  });
  const save = useMutation({
    mutationFn: (v: { areas: Protocol['areas']; staffCount?: number | null; staffNote?: string | null }) =>
      networkApi.updateCommitments(protocol.id, { ...v, version: protocol.version }),
    onSuccess: onSaved,
    onError: (err) => applyServerIssues(err, setError, ['areas', 'staffCount', 'staffNote']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <form noValidate onSubmit={handleSubmit((v) => save.mutate(v))} className="pc-form">
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['areas', 'commitments-areas', t('protocol.areas')],
            ['staffCount', 'commitments-staff', t('protocol.staff_count')],
            ['staffNote', 'commitments-note', t('protocol.staff_note')],
          ]}
        />
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <ServiceCheckboxes
        idPrefix="commitments-areas"
        legend={t('protocol.areas')}
        hint={t('protocol.areas_hint')}
        error={errors.areas?.message}
        inputProps={() => register('areas')}
      />
      <TextField
        id="commitments-staff"
        label={t('protocol.staff_count')}
        hint={t('common.optional')}
        type="number"
        min={0}
        inputMode="numeric"
        className="pc-narrow-field"
        error={errors.staffCount?.message}
        registration={register('staffCount', {
          setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)),
        })}
      />
      <TextAreaField
        id="commitments-note"
        label={t('protocol.staff_note')}
        hint={t('common.optional')}
        error={errors.staffNote?.message}
        registration={register('staffNote', { setValueAs: emptyToNull })}
      />
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {t('protocol.save_commitments')}
      </button>
    </form>
  );
}

export function ProtocolDetailPage({ protocolId }: { protocolId: string }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const { canManage, isUpi } = useNetworkAccess();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({ queryKey: nk.protocol(protocolId), queryFn: () => networkApi.protocol(protocolId) });
  const protocol = query.data;
  usePageTitle(protocol ? t('protocol.title', { name: protocol.provincia.name }) : t('protocols.title'));

  const changed = (p: Protocol, message: string, focus: string) => {
    qc.setQueryData(nk.protocol(protocolId), p);
    void qc.invalidateQueries({ queryKey: nk.all, predicate: (q) => q.queryKey[1] !== 'protocol' });
    setNotice(message);
    focusById(focus);
  };

  if (query.isPending) return <Loading />;
  if (query.isError || !protocol) {
    return (
      <>
        <h1>{t('protocols.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/rete/protocolli">{t('protocol.back')}</Link>
      </>
    );
  }
  const manager = canManage(protocol.provincia.id);
  // the commitments close with the signature (or the refusal)
  const commitmentsOpen = protocol.state === 'draft' || protocol.state === 'sent';

  return (
    <>
      <p>
        <Link to="/rete/protocolli">{t('protocol.back')}</Link>
      </p>
      <h1>{t('protocol.title', { name: protocol.provincia.name })}</h1>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}

      <section className="mb-5" aria-labelledby="protocol-state-title">
        <h2 id="protocol-state-title" className="h4" tabIndex={-1}>
          {t('protocol.state_title')}
        </h2>
        <dl className="pc-dl mb-4">
          <dt>{t('common.state')}</dt>
          <dd>
            <StateBadge group="protocol" state={protocol.state} />
          </dd>
          <dt>{t('common.provincia')}</dt>
          <dd>
            <Link to="/enti/$enteId" params={{ enteId: protocol.provincia.id }}>
              {protocol.provincia.name}
            </Link>
          </dd>
          <dt>{t('protocols.sent_at')}</dt>
          <dd>{protocol.sentAt ? formatDay(protocol.sentAt) : <NotSet />}</dd>
          <dt>{t('protocols.signed_at')}</dt>
          <dd>{protocol.signedAt ? formatDay(protocol.signedAt) : <NotSet />}</dd>
          {protocol.signedDocumentId && (
            <>
              <dt>{t('protocol.signed_document')}</dt>
              <dd>
                <a href={networkApi.documentUrl(protocol.signedDocumentId)} download>
                  {t('protocol.download_signed')}
                </a>
              </dd>
            </>
          )}
          {protocol.declinedReason && (
            <>
              <dt>{t('protocol.declined_reason')}</dt>
              <dd className="pc-pre">{protocol.declinedReason}</dd>
            </>
          )}
          <dt>{t('protocol.reminders')}</dt>
          <dd>
            {protocol.lastReminderAt
              ? t('protocol.reminders_last', {
                  count: protocol.remindersSent,
                  date: formatDateTime(protocol.lastReminderAt),
                })
              : formatInteger(protocol.remindersSent)}
          </dd>
        </dl>
        {isUpi && (
          <>
            <h3 className="h5">{t('protocol.actions_title')}</h3>
            <ProtocolWorkflow
              protocol={protocol}
              onChanged={(p) =>
                changed(p, t('protocol.changed', { state: t(`states.protocol.${p.state}`) }), 'protocol-state-title')
              }
            />
          </>
        )}
      </section>

      <section className="mb-5" aria-labelledby="protocol-commitments-title">
        <h2 id="protocol-commitments-title" className="h4" tabIndex={-1}>
          {t('protocol.commitments_title')}
        </h2>
        {manager && commitmentsOpen ? (
          <CommitmentsForm
            key={protocol.version}
            protocol={protocol}
            onSaved={(p) => changed(p, t('protocol.commitments_saved'), 'protocol-commitments-title')}
          />
        ) : (
          <dl className="pc-dl">
            <dt>{t('protocol.areas')}</dt>
            <dd>
              <ServiceNames services={protocol.areas} long />
            </dd>
            <dt>{t('protocol.staff_count')}</dt>
            <dd>{protocol.staffCount === null ? <NotSet /> : formatInteger(protocol.staffCount)}</dd>
            <dt>{t('protocol.staff_note')}</dt>
            <dd className="pc-pre">{protocol.staffNote ?? <NotSet />}</dd>
          </dl>
        )}
      </section>

      <section className="mb-5" aria-labelledby="protocol-documents-title">
        <h2 id="protocol-documents-title" className="h4">
          {t('documents.heading')}
        </h2>
        <DocumentsPanel
          ownerType="protocol"
          ownerId={protocol.id}
          caption={t('protocol.documents_caption')}
          canUpload={isUpi}
          idPrefix="protocol-docs"
          queryKey={nk.documents('protocol', protocol.id)}
        />
      </section>

      <CommentsSection recordType="protocol" recordId={protocol.id} idPrefix="protocol-comments" />
    </>
  );
}
