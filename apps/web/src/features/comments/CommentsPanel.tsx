import type { Comment } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTimeRome } from '../../lib/format';
import { documentsApi, formatBytes } from '../documents/api';
import { FileField } from '../network/components/FileField';
import { ck, commentsApi, mentionsInText } from './api';
import { useCommentsTranslation } from './i18n';
import { MentionTextarea, type Person } from './MentionTextarea';

const MAX = 10_000;

interface CommentsPanelProps {
  recordType: string;
  recordId: string;
  /** Prefix of the element ids, unique in the page. */
  idPrefix?: string;
  /** Called after a comment was written, changed or deleted (the record itself may have changed: a request's state). */
  onChange?: () => void;
}

/**
 * The conversation on a record: comments in Markdown (shown as the server's sanitized HTML), mentions, files,
 * edit history, deletion, following. Place it in a section with its own heading.
 */
export function CommentsPanel({ recordType, recordId, idPrefix = 'comments', onChange }: CommentsPanelProps) {
  const { t } = useCommentsTranslation();
  const qc = useQueryClient();
  const key = ck.list(recordType, recordId);
  const list = useQuery({ queryKey: key, queryFn: () => commentsApi.list(recordType, recordId) });
  const refresh = () => {
    onChange?.();
    return qc.invalidateQueries({ queryKey: key });
  };
  const subscribe = useMutation({
    mutationFn: (level: 'watching' | 'muted' | 'none') => commentsApi.subscribe(recordType, recordId, level),
    onSuccess: refresh,
  });

  if (list.isError) return <ApiErrorAlert error={list.error} />;
  if (list.isPending) return <Loading />;
  const { items, subscription, canComment } = list.data;

  return (
    <div>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <p className="mb-0 me-auto" role="status">
          {subscription === 'watching' ? t('following') : subscription === 'muted' ? t('muted') : t('not_following')}
        </p>
        {subscription !== 'watching' && (
          <button type="button" className="btn btn-outline-primary btn-sm" disabled={subscribe.isPending} onClick={() => subscribe.mutate('watching')}>
            {subscription === 'muted' ? t('unmute') : t('follow')}
          </button>
        )}
        {subscription === 'watching' && (
          <>
            <button type="button" className="btn btn-outline-primary btn-sm" disabled={subscribe.isPending} onClick={() => subscribe.mutate('none')}>
              {t('unfollow')}
            </button>
            <button type="button" className="btn btn-outline-secondary btn-sm" disabled={subscribe.isPending} onClick={() => subscribe.mutate('muted')}>
              {t('mute')}
            </button>
          </>
        )}
      </div>
      <ApiErrorAlert error={subscribe.error} />
      {items.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ol className="list-unstyled pc-comments" aria-label={t('count', { count: items.filter((c) => !c.deleted).length })}>
          {items.map((c) => (
            <CommentItem key={c.id} comment={c} recordType={recordType} recordId={recordId} idPrefix={idPrefix} onChanged={refresh} />
          ))}
        </ol>
      )}
      {canComment && <CommentForm recordType={recordType} recordId={recordId} idPrefix={idPrefix} onPosted={refresh} />}
    </div>
  );
}

function CommentItem({
  comment: c,
  recordType,
  recordId,
  idPrefix,
  onChanged,
}: {
  comment: Comment;
  recordType: string;
  recordId: string;
  idPrefix: string;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useCommentsTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const remove = useMutation({ mutationFn: () => commentsApi.remove(c.id), onSuccess: onChanged });
  const history = useQuery({ queryKey: ck.revisions(c.id), queryFn: () => commentsApi.revisions(c.id), enabled: showHistory });
  const headingId = `${idPrefix}-c-${c.id}`;

  return (
    <li id={`commento-${c.id}`} className="card card-bg mb-3 pc-comment" aria-labelledby={headingId}>
      <div className="card-body">
        <h3 id={headingId} className="h6 mb-2">
          {c.deleted ? t('deleted') : c.author.displayName}{' '}
          <span className="fw-normal text-muted small">
            {t('written_at', { date: formatDateTimeRome(c.createdAt) })}
            {c.editedAt && !c.deleted && <> · {t('edited')}</>}
          </span>
        </h3>
        {c.deleted ? (
          <p className="fst-italic text-muted mb-0">{t('deleted')}</p>
        ) : editing ? (
          <CommentForm
            recordType={recordType}
            recordId={recordId}
            idPrefix={`${idPrefix}-edit-${c.id}`}
            editing={c}
            onPosted={async () => {
              setEditing(false);
              await onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          // the HTML is rendered and sanitized by the server (allowlist of tags, safe links only)
          <div className="pc-comment-body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
        )}
        {!c.deleted && c.attachments.length > 0 && (
          <div className="mt-2">
            <h4 className="h6 small mb-1">{t('attachments')}</h4>
            <ul className="mb-0">
              {c.attachments.map((a) => (
                <li key={a.id}>
                  <a href={documentsApi.contentUrl(a.id)} download>
                    {a.title}
                  </a>{' '}
                  <span className="small text-muted">({formatBytes(a.size)})</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {c.editedAt && !c.deleted && (
          <details className="mt-2" onToggle={(e) => setShowHistory((e.target as HTMLDetailsElement).open)}>
            <summary>{t('history')}</summary>
            {history.isPending && showHistory ? (
              <Loading />
            ) : history.data?.items.length ? (
              <ol className="mt-2">
                {history.data.items.map((r) => (
                  <li key={r.id}>
                    <p className="small text-muted mb-1">{t('replaced_at', { date: formatDateTimeRome(r.replacedAt) })}</p>
                    <div dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
                  </li>
                ))}
              </ol>
            ) : (
              history.isSuccess && <p>{t('history_none')}</p>
            )}
          </details>
        )}
        {!editing && (c.canEdit || c.canDelete) && (
          <div className="mt-2 d-flex gap-2 flex-wrap">
            {c.canEdit && (
              <button type="button" className="btn btn-link btn-sm p-0" onClick={() => setEditing(true)}>
                {t('edit')}
                <span className="visually-hidden"> — {c.author.displayName}, {formatDateTimeRome(c.createdAt)}</span>
              </button>
            )}
            {c.canDelete && !confirming && (
              <button type="button" className="btn btn-link btn-sm p-0 text-danger" onClick={() => setConfirming(true)}>
                {t('delete')}
                <span className="visually-hidden"> — {c.author.displayName}, {formatDateTimeRome(c.createdAt)}</span>
              </button>
            )}
          </div>
        )}
        {confirming && (
          <div className="alert alert-warning mt-2" role="alertdialog" aria-labelledby={`${headingId}-confirm`}>
            <p id={`${headingId}-confirm`}>{t('confirm_delete')}</p>
            <button type="button" className="btn btn-danger btn-sm me-2" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {t('confirm_yes')}
            </button>
            <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
        )}
        <ApiErrorAlert error={remove.error} />
      </div>
    </li>
  );
}

function CommentForm({
  recordType,
  recordId,
  idPrefix,
  editing,
  onPosted,
  onCancel,
}: {
  recordType: string;
  recordId: string;
  idPrefix: string;
  editing?: Comment;
  onPosted: () => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { t } = useCommentsTranslation();
  const [body, setBody] = useState(editing?.body ?? '');
  const [chosen, setChosen] = useState<Person[]>(editing?.mentions ?? []);
  const [error, setError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const preview = useQuery({
    queryKey: ['comments', 'preview', body],
    queryFn: () => commentsApi.preview(body),
    enabled: previewing && body.trim() !== '',
  });
  const save = useMutation({
    mutationFn: async () => {
      const mentions = mentionsInText(body, chosen);
      if (editing) return commentsApi.update(editing.id, { body, mentions });
      const c = await commentsApi.create({ recordType, recordId, body, mentions });
      const file = fileRef.current?.files?.[0];
      if (file) await documentsApi.upload(file, { ownerType: 'comment', ownerId: c.id });
      return c;
    },
    onSuccess: async () => {
      if (!editing) {
        setBody('');
        setChosen([]);
        setPreviewing(false);
        if (fileRef.current) fileRef.current.value = '';
      }
      await onPosted();
    },
  });
  const titleId = `${idPrefix}-form-title`;

  return (
    <form
      noValidate
      className="mt-3"
      aria-labelledby={editing ? undefined : titleId}
      aria-label={editing ? t('edit_label') : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim() === '') {
          setError(t('required'));
          setPreviewing(false);
          textRef.current?.focus();
          return;
        }
        if (body.length > MAX) {
          setError(t('too_long'));
          return;
        }
        setError(null);
        save.mutate();
      }}
    >
      {!editing && (
        <h3 id={titleId} className="h5">
          {t('form_title')}
        </h3>
      )}
      <div className="mb-2">
        <button type="button" className="btn btn-link btn-sm p-0" aria-pressed={previewing} onClick={() => setPreviewing((p) => !p)}>
          {previewing ? t('write') : t('preview')}
        </button>
      </div>
      {previewing ? (
        <div className="border rounded p-3 mb-3" aria-live="polite">
          <h4 className="h6 visually-hidden">{t('preview')}</h4>
          {body.trim() === '' ? <p className="mb-0">{t('preview_empty')}</p> : preview.data ? <div dangerouslySetInnerHTML={{ __html: preview.data.html }} /> : <Loading />}
        </div>
      ) : (
        <MentionTextarea
          id={`${idPrefix}-body`}
          label={editing ? t('edit_label') : t('label')}
          hint={t('help')}
          error={error}
          value={body}
          onChange={setBody}
          onMention={(p) => setChosen((c) => (c.some((x) => x.id === p.id) ? c : [...c, p]))}
          recordType={recordType}
          recordId={recordId}
          textareaRef={textRef}
        />
      )}
      {!editing && <FileField id={`${idPrefix}-file`} label={t('attach')} hint={t('attach_hint')} inputRef={fileRef} />}
      <ApiErrorAlert error={save.error} />
      {save.isSuccess && !editing && <SuccessAlert>{t('sent')}</SuccessAlert>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {editing ? t('save') : t('submit')}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-outline-secondary ms-2" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}
