import { zodResolver } from '@hookform/resolvers/zod';
import { DecisionInputSchema, MeetingInputSchema } from '@app/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk, type Meeting, type MeetingInput } from './api';
import {
  ActionPanel,
  TextAreaField,
  applyServerIssues,
  emptyToNull,
  focusById,
  formatBytes,
  formatDateTime,
} from './components';
import { FileField } from './components/FileField';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

/** `<input type="datetime-local">` value (browser time) → ISO 8601 with offset; '' stays ''. */
export function localToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** ISO timestamp → `<input type="datetime-local">` value in browser time. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const baseMeetingResolver = zodResolver(MeetingInputSchema, zodOptions);
const meetingResolver: typeof baseMeetingResolver = (values, ctx, options) =>
  baseMeetingResolver({ ...values, heldAt: localToIso(values.heldAt) }, ctx, options);

function MeetingForm({
  prefix,
  meeting,
  onSave,
  onDone,
  onCancel,
}: {
  prefix: string;
  meeting?: Meeting;
  onSave: (input: MeetingInput) => Promise<unknown>;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: meetingResolver,
    defaultValues: {
      title: meeting?.title ?? '',
      heldAt: meeting ? isoToLocal(meeting.heldAt) : '',
      location: meeting?.location ?? null,
      agenda: meeting?.agenda ?? null,
      minutes: meeting?.minutes ?? null,
    },
  });
  const save = useMutation({
    mutationFn: onSave,
    onSuccess: (_r, v) =>
      onDone(meeting ? t('meetings.updated', { title: v.title }) : t('meetings.created', { title: v.title })),
    onError: (err) => applyServerIssues(err, setError, ['title', 'heldAt', 'location', 'agenda', 'minutes']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <form noValidate className="pc-form" onSubmit={handleSubmit((v) => save.mutate(v))}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['title', `${prefix}-title`, t('meetings.title_field')],
            ['heldAt', `${prefix}-held`, t('meetings.held_at')],
            ['location', `${prefix}-location`, t('meetings.location')],
            ['agenda', `${prefix}-agenda`, t('meetings.agenda')],
            ['minutes', `${prefix}-minutes`, t('meetings.minutes')],
          ]}
        />
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <TextField
        id={`${prefix}-title`}
        label={t('meetings.title_field')}
        required
        error={errors.title?.message}
        registration={register('title')}
      />
      <div className="row">
        <div className="col-md-6">
          <TextField
            id={`${prefix}-held`}
            label={t('meetings.held_at')}
            type="datetime-local"
            required
            error={errors.heldAt?.message}
            registration={register('heldAt')}
          />
        </div>
        <div className="col-md-6">
          <TextField
            id={`${prefix}-location`}
            label={t('meetings.location')}
            hint={t('common.optional')}
            error={errors.location?.message}
            registration={register('location', { setValueAs: emptyToNull })}
          />
        </div>
      </div>
      <TextAreaField
        id={`${prefix}-agenda`}
        label={t('meetings.agenda')}
        hint={t('common.optional')}
        error={errors.agenda?.message}
        registration={register('agenda', { setValueAs: emptyToNull })}
      />
      <TextAreaField
        id={`${prefix}-minutes`}
        label={t('meetings.minutes')}
        hint={t('common.optional')}
        rows={6}
        error={errors.minutes?.message}
        registration={register('minutes', { setValueAs: emptyToNull })}
      />
      <FormButtons
        confirmLabel={meeting ? tc('actions.save') : t('meetings.create')}
        pending={save.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}

function DecisionForm({
  meeting,
  onDone,
  onCancel,
}: {
  meeting: Meeting;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const prefix = `decision-${meeting.id}`;
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(DecisionInputSchema, zodOptions),
    defaultValues: { number: '', subject: '', text: '' },
  });
  const save = useMutation({
    mutationFn: (v: { number: string; subject: string; text: string }) => networkApi.addDecision(meeting.id, v),
    onSuccess: (_r, v) => onDone(t('decisions.created', { number: v.number })),
    onError: (err) => applyServerIssues(err, setError, ['number', 'subject', 'text']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <form noValidate className="pc-form" onSubmit={handleSubmit((v) => save.mutate(v))}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['number', `${prefix}-number`, t('decisions.number')],
            ['subject', `${prefix}-subject`, t('decisions.subject')],
            ['text', `${prefix}-text`, t('decisions.text')],
          ]}
        />
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <div className="row">
        <div className="col-md-3">
          <TextField
            id={`${prefix}-number`}
            label={t('decisions.number')}
            required
            error={errors.number?.message}
            registration={register('number')}
          />
        </div>
        <div className="col-md-9">
          <TextField
            id={`${prefix}-subject`}
            label={t('decisions.subject')}
            required
            error={errors.subject?.message}
            registration={register('subject')}
          />
        </div>
      </div>
      <TextAreaField
        id={`${prefix}-text`}
        label={t('decisions.text')}
        required
        rows={5}
        error={errors.text?.message}
        registration={register('text')}
      />
      <FormButtons confirmLabel={t('decisions.create')} pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}

function UploadForm({
  meeting,
  onDone,
  onCancel,
}: {
  meeting: Meeting;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const prefix = `upload-${meeting.id}`;
  const fileRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<{ title?: string; file?: string }>({});
  const upload = useMutation({
    mutationFn: (file: File) =>
      networkApi.uploadDocument(file, { ownerType: 'meeting', ownerId: meeting.id, title: title.trim() }),
    onSuccess: () => onDone(t('meetings.uploaded', { title: title.trim() })),
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const file = fileRef.current?.files?.[0];
        const next = {
          title: title.trim() ? undefined : 'validation.required',
          file: file ? undefined : 'validation.required',
        };
        setErrors(next);
        if (next.title) return focusById(`${prefix}-title`);
        if (next.file || !file) return focusById(`${prefix}-file`);
        upload.mutate(file);
      }}
    >
      {upload.isError && <ApiErrorAlert error={upload.error} />}
      <TextField
        id={`${prefix}-title`}
        label={t('documents.title')}
        required
        value={title}
        error={errors.title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <FileField id={`${prefix}-file`} label={t('documents.file')} required error={errors.file} inputRef={fileRef} />
      <FormButtons confirmLabel={t('meetings.upload')} pending={upload.isPending} onCancel={onCancel} />
    </form>
  );
}

type Panel = { kind: 'new' } | { kind: 'edit' | 'decision' | 'upload'; meeting: Meeting } | null;

/** Meetings of a body or a working group: agenda, minutes, decisions, documents; editors add and change them. */
export function MeetingsSection({
  meetings,
  canEdit,
  onCreate,
  invalidateKey,
}: {
  meetings: Meeting[];
  canEdit: boolean;
  onCreate: (input: MeetingInput) => Promise<unknown>;
  /** Query refreshed after a change (the body or the group). */
  invalidateKey: readonly unknown[];
}) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sorted = [...meetings].sort((a, b) => b.heldAt.localeCompare(a.heldAt));
  const open = (next: Panel) => {
    setNotice(null);
    setPanel(next);
    focusById('meeting-panel-title');
  };
  const done = async (message: string) => {
    await qc.invalidateQueries({ queryKey: invalidateKey });
    void qc.invalidateQueries({ queryKey: nk.all });
    setPanel(null);
    setNotice(message);
    focusById('meetings-title');
  };
  const cancel = () => {
    setPanel(null);
    focusById('meetings-title');
  };
  const panelTitle =
    panel?.kind === 'new'
      ? t('meetings.new')
      : panel?.kind === 'edit'
        ? t('meetings.edit_title', { title: panel.meeting.title })
        : panel?.kind === 'decision'
          ? t('decisions.add_title', { title: panel.meeting.title })
          : panel?.kind === 'upload'
            ? t('meetings.upload_title', { title: panel.meeting.title })
            : '';

  return (
    <section className="mb-5" aria-labelledby="meetings-title">
      <h2 id="meetings-title" className="h4" tabIndex={-1}>
        {t('meetings.title')}
      </h2>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}
      {canEdit && (
        <p>
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={panel?.kind === 'new'}
            onClick={() => open({ kind: 'new' })}
          >
            {t('meetings.new')}
          </button>
        </p>
      )}
      {panel && (
        <ActionPanel id="meeting-panel" title={panelTitle}>
          {panel.kind === 'new' && (
            <MeetingForm prefix="meeting-new" onSave={onCreate} onDone={(m) => void done(m)} onCancel={cancel} />
          )}
          {panel.kind === 'edit' && (
            <MeetingForm
              prefix="meeting-edit"
              meeting={panel.meeting}
              onSave={(input) => networkApi.updateMeeting(panel.meeting.id, input)}
              onDone={(m) => void done(m)}
              onCancel={cancel}
            />
          )}
          {panel.kind === 'decision' && (
            <DecisionForm meeting={panel.meeting} onDone={(m) => void done(m)} onCancel={cancel} />
          )}
          {panel.kind === 'upload' && (
            <UploadForm meeting={panel.meeting} onDone={(m) => void done(m)} onCancel={cancel} />
          )}
        </ActionPanel>
      )}
      {sorted.length === 0 ? (
        <p>{t('meetings.none')}</p>
      ) : (
        sorted.map((m) => (
          <article key={m.id} className="pc-meeting mb-4" aria-labelledby={`meeting-${m.id}-title`}>
            <h3 id={`meeting-${m.id}-title`} className="h5">
              {m.title}
            </h3>
            <p className="mb-2">
              <time dateTime={m.heldAt}>{formatDateTime(m.heldAt)}</time>
              {m.location ? ` · ${m.location}` : ''}
            </p>
            {m.agenda && (
              <>
                <h4 className="h6">{t('meetings.agenda')}</h4>
                <p className="pc-pre">{m.agenda}</p>
              </>
            )}
            {m.minutes && (
              <>
                <h4 className="h6">{t('meetings.minutes')}</h4>
                <p className="pc-pre">{m.minutes}</p>
              </>
            )}
            <h4 className="h6">{t('decisions.title')}</h4>
            {m.decisions.length === 0 ? (
              <p>{t('decisions.none')}</p>
            ) : (
              <ul className="pc-decisions">
                {m.decisions.map((d) => (
                  <li key={d.id}>
                    <p className="mb-1 fw-semibold">
                      {t('decisions.heading', { number: d.number, subject: d.subject })}
                    </p>
                    <p className="pc-pre mb-2">{d.text}</p>
                  </li>
                ))}
              </ul>
            )}
            <h4 className="h6">{t('documents.heading')}</h4>
            {m.documents.length === 0 ? (
              <p>{t('documents.none')}</p>
            ) : (
              <ul>
                {m.documents.map((d) => (
                  <li key={d.id}>
                    <a href={networkApi.documentUrl(d.id)} download>
                      {d.title}
                    </a>{' '}
                    <span className="pc-hint">({formatBytes(d.size)})</span>
                  </li>
                ))}
              </ul>
            )}
            {canEdit && (
              <div className="d-flex flex-wrap gap-2">
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm"
                  onClick={() => open({ kind: 'edit', meeting: m })}
                >
                  {t('meetings.edit')}
                  <span className="visually-hidden"> {m.title}</span>
                </button>
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm"
                  onClick={() => open({ kind: 'decision', meeting: m })}
                >
                  {t('decisions.add')}
                  <span className="visually-hidden"> {m.title}</span>
                </button>
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm"
                  onClick={() => open({ kind: 'upload', meeting: m })}
                >
                  {t('meetings.upload')}
                  <span className="visually-hidden"> {m.title}</span>
                </button>
              </div>
            )}
          </article>
        ))
      )}
    </section>
  );
}
