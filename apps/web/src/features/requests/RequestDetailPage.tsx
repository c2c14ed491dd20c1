import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { validationIssues } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { useSession } from '../identity/session';
import { RequireLogin, focusById } from '../network/components';
import { requestsApi, rk, type RequestDetail, type RequestState } from './api';
import { RequestConversation, RequestsNav, SlaBadge, StateLabel, formatDue } from './components';
import { useRequestsTranslation } from './i18n';

type Action = Exclude<RequestState, 'new' | 'closed'>;

function SlaBox({ r }: { r: RequestDetail }) {
  const { t } = useRequestsTranslation();
  const clocks = [
    ['first_response', r.sla.firstResponse],
    ['resolution', r.sla.resolution],
  ] as const;
  return (
    <section aria-labelledby="request-sla-title" className="pc-panel mb-4">
      <h2 id="request-sla-title" className="h4">
        {t('sla.box_title')}
      </h2>
      <p className="small">{t('sla.category_levels', { hours: r.category.firstResponseHours, days: r.category.resolutionDays })}</p>
      <dl className="row mb-0">
        {clocks.map(([key, c]) => (
          <div key={key} className="col-md-6" data-clock={key}>
            <dt>{t(`sla.${key}`)}</dt>
            <dd>
              <SlaBadge status={c.status} />
              <span className="d-block">
                {t('sla.due')}: {formatDue(c.due)}
              </span>
              {c.at && (
                <span className="d-block">
                  {t('sla.done_at')}: {formatDue(c.at)}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {r.sla.paused && <p className="mb-0">{t('sla.paused')}</p>}
    </section>
  );
}

function ActionsBox({ r, onDone }: { r: RequestDetail; onDone: (r: RequestDetail) => void }) {
  const { t } = useRequestsTranslation();
  const [open, setOpen] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const mutation = useMutation({
    mutationFn: (to: Action) => requestsApi.transition(r.id, { to, note: note.trim() || undefined, version: r.version }),
    onSuccess: (next) => {
      setOpen(null);
      setNote('');
      onDone(next);
    },
  });
  const actions = r.allowed.filter((s): s is Action => s !== 'closed' && s !== 'new');
  const noteError = validationIssues(mutation.error).find((i) => i.path === 'note');
  return (
    <section aria-labelledby="request-actions-title" className="mb-4">
      <h2 id="request-actions-title" className="h4">
        {t('detail.actions')}
      </h2>
      {actions.length === 0 ? (
        <p>{t('detail.no_actions')}</p>
      ) : (
        <div className="d-flex flex-wrap gap-2 mb-3">
          {actions.map((a) => (
            <button
              key={a}
              id={`request-action-${a}`}
              type="button"
              className={`btn ${open === a ? 'btn-primary' : 'btn-outline-primary'}`}
              aria-expanded={open === a}
              aria-controls="request-action-panel"
              onClick={() => {
                mutation.reset();
                setOpen(a);
                focusById('request-note');
              }}
            >
              {t(`actions.${a}`)}
            </button>
          ))}
        </div>
      )}
      {open && (
        <form
          id="request-action-panel"
          className="pc-panel"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            mutation.mutate(open);
          }}
        >
          <ApiErrorAlert error={noteError ? null : mutation.error} />
          <div className="mb-3">
            <label htmlFor="request-note" className="form-label">
              {open === 'reopened' ? t('detail.reason') : t('detail.note')}
            </label>
            <textarea
              id="request-note"
              className={`form-control${noteError ? ' is-invalid' : ''}`}
              rows={3}
              value={note}
              required={open === 'reopened'}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? 'request-note-error' : undefined}
              onChange={(e) => setNote(e.target.value)}
            />
            {noteError && (
              <p id="request-note-error" className="pc-field-error">
                {noteError.message}
              </p>
            )}
          </div>
          <div className="d-flex gap-2">
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
              {t(`actions.${open}`)}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(null)}>
              {t('new.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function AssignBox({ r, onDone }: { r: RequestDetail; onDone: (r: RequestDetail) => void }) {
  const { t } = useRequestsTranslation();
  const { me } = useSession();
  const [assigneeId, setAssigneeId] = useState(r.assignee?.id ?? (r.assignable.some((p) => p.id === me?.user.id) ? me!.user.id : (r.assignable[0]?.id ?? '')));
  const mutation = useMutation({
    mutationFn: () => requestsApi.assign(r.id, { assigneeId, version: r.version }),
    onSuccess: onDone,
  });
  return (
    <section aria-labelledby="request-assign-title" className="mb-4">
      <h2 id="request-assign-title" className="h4">
        {t('detail.assign_title')}
      </h2>
      <ApiErrorAlert error={mutation.error} />
      <form
        className="row align-items-end"
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
        <div className="col-md-6 mb-3">
          <label htmlFor="request-assignee" className="form-label">
            {t('detail.assignee')}
          </label>
          <select id="request-assignee" className="form-select" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
            {r.assignable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-3 mb-3">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending || !assigneeId}>
            {t('detail.assign')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RatingForm({ r, onDone }: { r: RequestDetail; onDone: (r: RequestDetail) => void }) {
  const { t } = useRequestsTranslation();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: () => requestsApi.close(r.id, { rating: rating!, comment: comment.trim() || undefined, version: r.version }),
    onSuccess: onDone,
  });
  return (
    <section aria-labelledby="request-rating-title" className="pc-panel mb-4">
      <h2 id="request-rating-title" className="h4">
        {t('detail.rating_title')}
      </h2>
      <ApiErrorAlert error={mutation.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (rating === null) {
            setMissing(true);
            focusById('rating-1');
            return;
          }
          mutation.mutate();
        }}
      >
        <fieldset className="pc-req-rating mb-3" aria-describedby={missing ? 'rating-error' : undefined}>
          <legend className="form-label h6">{t('detail.rating_legend')}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <div key={n} className="form-check">
              <input
                id={`rating-${n}`}
                type="radio"
                name="rating"
                value={n}
                checked={rating === n}
                onChange={() => {
                  setRating(n);
                  setMissing(false);
                }}
              />
              <label htmlFor={`rating-${n}`}>{n}</label>
            </div>
          ))}
          {missing && (
            <p id="rating-error" className="pc-field-error">
              {t('detail.rating_required')}
            </p>
          )}
        </fieldset>
        <div className="mb-3">
          <label htmlFor="rating-comment" className="form-label">
            {t('detail.rating_comment')}
          </label>
          <textarea id="rating-comment" className="form-control" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {t('detail.rating_submit')}
        </button>
      </form>
    </section>
  );
}

function History({ r }: { r: RequestDetail }) {
  const { t } = useRequestsTranslation();
  const stateName = (s: string | null) => (s ? t(`states.${s}`) : '');
  return (
    <section aria-labelledby="request-history-title" className="mb-5">
      <h2 id="request-history-title" className="h4">
        {t('detail.history')}
      </h2>
      {r.events.length === 0 ? (
        <p>{t('detail.history_empty')}</p>
      ) : (
        <ol className="list-unstyled">
          {r.events.map((e) => (
            <li key={e.id} className="mb-2">
              <time dateTime={e.at}>{formatDue(e.at)}</time> — <strong>{e.actor?.displayName ?? t('detail.system')}</strong>:{' '}
              {e.kind === 'assignment'
                ? t('detail.event_assignment', { name: e.note ?? '' })
                : e.kind === 'rating'
                  ? t('detail.event_rating', { note: e.note ?? '' })
                  : e.fromState === null
                    ? t('detail.event_created')
                    : t('detail.event_state', { from: stateName(e.fromState), to: stateName(e.toState) })}
              {e.kind === 'state' && e.note && <span className="d-block ms-3">{e.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RequestView({ requestId }: { requestId: string }) {
  const { t, i18n } = useRequestsTranslation();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const query = useQuery({ queryKey: rk.detail(requestId), queryFn: () => requestsApi.get(requestId) });
  usePageTitle(query.data ? `${query.data.number} — ${query.data.subject}` : t('title'));
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const r = query.data;
  const done = (next: RequestDetail) => {
    qc.setQueryData(rk.detail(requestId), next);
    void qc.invalidateQueries({ queryKey: ['requests', 'list'] });
    void qc.invalidateQueries({ queryKey: rk.dashboard });
    setSaved(true);
  };
  const categoryName = i18n.language.startsWith('en') ? r.category.nameEn : r.category.nameIt;
  return (
    <>
      <h1>
        {r.number} — {r.subject}
      </h1>
      <RequestsNav />
      {saved && <SuccessAlert>{t('detail.saved')}</SuccessAlert>}
      <section aria-labelledby="request-details-title" className="mb-4">
        <h2 id="request-details-title" className="h4">
          {t('detail.details')}
        </h2>
        <dl className="row">
          <dt className="col-sm-3">{t('list.state')}</dt>
          <dd className="col-sm-9">
            <StateLabel state={r.state} />
          </dd>
          <dt className="col-sm-3">{t('list.service')}</dt>
          <dd className="col-sm-9">{t(`services.${r.service}`)}</dd>
          <dt className="col-sm-3">{t('detail.category')}</dt>
          <dd className="col-sm-9">{categoryName}</dd>
          <dt className="col-sm-3">{t('detail.priority')}</dt>
          <dd className="col-sm-9">{t(`priorities.${r.priority}`)}</dd>
          <dt className="col-sm-3">{t('detail.requester_ente')}</dt>
          <dd className="col-sm-9">{r.requesterEnte.name}</dd>
          <dt className="col-sm-3">{t('detail.requester')}</dt>
          <dd className="col-sm-9">{r.requester.displayName}</dd>
          <dt className="col-sm-3">{t('detail.provincia')}</dt>
          <dd className="col-sm-9">{r.provincia.name}</dd>
          <dt className="col-sm-3">{t('detail.assigned_to')}</dt>
          <dd className="col-sm-9" data-testid="request-assignee">{r.assignee?.displayName ?? t('list.unassigned')}</dd>
          <dt className="col-sm-3">{t('detail.created')}</dt>
          <dd className="col-sm-9">{formatDue(r.createdAt)}</dd>
          {r.rating !== null && (
            <>
              <dt className="col-sm-3">{t('detail.rating_title')}</dt>
              <dd className="col-sm-9">
                {t('detail.rating_given', { rating: r.rating })}
                {r.ratingComment && <span className="d-block">{r.ratingComment}</span>}
              </dd>
            </>
          )}
        </dl>
        {!r.hasConvention && <p className="small">{t('detail.no_convention')}</p>}
        <h3 className="h5">{t('detail.description')}</h3>
        <p style={{ whiteSpace: 'pre-wrap' }}>{r.description}</p>
      </section>
      <SlaBox r={r} />
      {r.canRate && <RatingForm r={r} onDone={done} />}
      <ActionsBox key={`${r.id}-${r.version}`} r={r} onDone={done} />
      {r.canAssign && r.assignable.length > 0 && <AssignBox key={`assign-${r.version}`} r={r} onDone={done} />}
      <RequestConversation requestId={r.id} />
      <section aria-labelledby="request-docs-title" className="mb-4">
        <h2 id="request-docs-title" className="h4">
          {t('detail.attachments')}
        </h2>
        <DocumentsPanel ownerType="service_request" ownerId={r.id} caption={t('detail.attachments')} canUpload={r.state !== 'closed'} idPrefix="request-docs" />
      </section>
      <History r={r} />
    </>
  );
}

/** `/assistenza/:id`: a request with its service levels, the moves allowed to me, the rating, the thread and the history. */
export function RequestDetailPage({ requestId }: { requestId: string }) {
  return (
    <RequireLogin>
      <div className="container my-4">
        <RequestView requestId={requestId} />
      </div>
    </RequireLogin>
  );
}
