import { AwardCriteria, ProcedureTransitionSchema } from '@app/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { translateFieldError } from '../../lib/validation';
import { focusById, todayIso } from '../network/components';
import { procurementApi, type Participant, type ProcedureDetail, type ProcedureState } from './api';
import { IssueSummary, procedureLine } from './components';
import { checkBody, conflictOf, serverIssues, textOrNull, type Issues } from './forms';
import { formatDay, parseEuro, romeLocalToIso } from './format';
import { useProcurementTranslation } from './i18n';

/** States whose move needs a reason. */
const NOTE_REQUIRED: ReadonlySet<ProcedureState> = new Set(['bozza', 'deserta', 'annullata']);

interface Draft {
  note: string;
  procedureCode: string;
  awardCriterion: string;
  priceCapPercent: string;
  justification: string;
  publishedOn: string;
  platform: string;
  offerDeadline: string;
  operatorId: string;
  amount: string;
  fvoeFallback: boolean;
  fvoeNote: string;
}

/** The transition body for the target state from the form (the schema checks it before sending). */
export function toTransitionBody(to: ProcedureState, d: Draft, version: number): Record<string, unknown> {
  const note = NOTE_REQUIRED.has(to) ? d.note.trim() : textOrNull(d.note);
  const base = { to, version, note: note ?? undefined };
  switch (to) {
    case 'documenti':
      return {
        ...base,
        procedureCode: d.procedureCode || undefined,
        awardCriterion: d.awardCriterion || undefined,
        priceCapPercent: d.priceCapPercent.trim() === '' ? null : Number(d.priceCapPercent.replace(',', '.')),
        justification: textOrNull(d.justification),
      };
    case 'pubblicata':
      return {
        ...base,
        publishedOn: d.publishedOn || undefined,
        platform: d.platform.trim(),
        offerDeadline: romeLocalToIso(d.offerDeadline) ?? (d.offerDeadline || undefined),
      };
    case 'proposta':
      return { ...base, operatorId: d.operatorId || undefined, amount: parseEuro(d.amount) };
    case 'aggiudicata':
      return { ...base, fvoeFallback: d.fvoeFallback ? { note: d.fvoeNote.trim() } : undefined };
    default:
      return base;
  }
}

/** A 409 answer in words, with what its details say (missing documents, pending checks, dates). */
export function ConflictMessage({ error }: { error: unknown }) {
  const { t, i18n } = useProcurementTranslation();
  const c = conflictOf(error);
  if (!c || !['invalid_transition', 'procedure_not_allowed', 'documents_incomplete', 'offer_deadline_too_short', 'checks_incomplete', 'fvoe_fallback_too_early', 'standstill_running', 'no_proposed_awardee', 'conflict'].includes(c.code)) {
    return <ApiErrorAlert error={error} />;
  }
  const d = c.details;
  const en = i18n.language.startsWith('en');
  const list = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.map((x) => {
          if (typeof x === 'string') return t(`states.${x}`, { defaultValue: t(`procedure_codes.${x}`, { defaultValue: x }) });
          const o = x as Record<string, unknown>;
          return String((en ? (o['en'] ?? o['labelEn'] ?? o['nameEn']) : (o['it'] ?? o['labelIt'] ?? o['nameIt'])) ?? o['code'] ?? o['name'] ?? '');
        })
      : [];
  const items: string[] =
    c.code === 'invalid_transition' || c.code === 'procedure_not_allowed'
      ? list(d['allowed'])
      : c.code === 'documents_incomplete'
        ? list(d['missing'])
        : c.code === 'checks_incomplete'
          ? list(d['pending'])
          : [];
  const pendingCount = typeof d['pending'] === 'number' ? d['pending'] : Array.isArray(d['pending']) ? d['pending'].length : undefined;
  const message: ReactNode = t(`errors.${c.code}`, {
    minimumDays: d['minimumDays'],
    availableOn: formatDay(typeof d['availableOn'] === 'string' ? d['availableOn'] : null),
    until: formatDay(typeof d['until'] === 'string' ? d['until'] : null),
    count: pendingCount,
  });
  return (
    <div className="alert alert-danger" role="alert" data-code={c.code}>
      <p className="mb-0">{message}</p>
      {items.length > 0 && (
        <ul className="mb-0">
          {items.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NoteField({ id, label, value, onChange, error, required, rows = 3 }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; required?: boolean; rows?: number }) {
  const tc = useTranslation('common').t;
  return (
    <div className="mb-3 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      <textarea
        id={id}
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        rows={rows}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}

function Input({ id, label, hint, error, ...input }: { id: string; label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const tc = useTranslation('common').t;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-3 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <input id={id} className={`form-control pc-input${error ? ' is-invalid' : ''}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <p id={`${id}-error`} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}

function Select({ id, label, hint, error, children, ...select }: { id: string; label: string; hint?: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const tc = useTranslation('common').t;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-3 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <select id={id} className={`form-select pc-input${error ? ' is-invalid' : ''}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      {error && (
        <p id={`${id}-error`} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}

export { Input as PlainInput, Select as PlainSelect, NoteField };

const empty = (p: ProcedureDetail): Draft => ({
  note: '',
  procedureCode: p.procedureCode ?? p.advice.allowedProcedures[0]?.code ?? '',
  awardCriterion: p.awardCriterion ?? (p.advice.awardCriterion.oepvMandatory ? 'OEPV_QUALITA_PREZZO' : ''),
  priceCapPercent: p.priceCapPercent !== null ? String(p.priceCapPercent) : p.advice.awardCriterion.priceCapPercent !== undefined ? String(p.advice.awardCriterion.priceCapPercent) : '',
  justification: p.justification ?? '',
  publishedOn: todayIso(),
  platform: p.platform ?? '',
  offerDeadline: '',
  operatorId: '',
  amount: '',
  fvoeFallback: false,
  fvoeNote: '',
});

interface TransitionPanelProps {
  procedure: ProcedureDetail;
  participants: Participant[];
  onDone: (next: ProcedureDetail) => void;
}

/** "Azioni": one button per state the reader may move the procedure to, each opening the form that move needs. */
export function TransitionPanel({ procedure: p, participants, onDone }: TransitionPanelProps) {
  const { t } = useProcurementTranslation();
  const [open, setOpen] = useState<ProcedureState | null>(null);
  const [draft, setDraft] = useState<Draft>(() => empty(p));
  const [issues, setIssues] = useState<Issues>({});
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof procurementApi.transition>[1]) => procurementApi.transition(p.id, body),
    onSuccess: (next) => {
      setOpen(null);
      onDone(next);
    },
    onError: (error) => {
      const found = serverIssues(error);
      if (Object.keys(found).length) setIssues(found);
    },
  });
  const err = (path: string) => issues[path];
  const title = open ? t(`actions.${open}`) : '';
  const fields: Array<[string, string, string]> = [
    ['procedureCode', 'tr-procedure-code', t('transition.procedure_code')],
    ['awardCriterion', 'tr-award-criterion', t('transition.award_criterion')],
    ['priceCapPercent', 'tr-price-cap', t('transition.price_cap')],
    ['justification', 'tr-justification', t('transition.justification')],
    ['publishedOn', 'tr-published-on', t('transition.published_on')],
    ['platform', 'tr-platform', t('transition.platform')],
    ['offerDeadline', 'tr-offer-deadline', t('transition.offer_deadline')],
    ['operatorId', 'tr-operator', t('transition.operator')],
    ['amount', 'tr-amount', t('transition.amount')],
    ['fvoeFallback.note', 'tr-fvoe-note', t('transition.fvoe_note')],
    ['note', 'tr-note', open && NOTE_REQUIRED.has(open) ? t('transition.reason') : t('transition.note')],
  ];

  const submit = () => {
    if (!open) return;
    const checked = checkBody(ProcedureTransitionSchema, toTransitionBody(open, draft, p.version));
    if (!checked.ok) {
      setIssues(checked.issues);
      focusById('issue-summary-title');
      return;
    }
    setIssues({});
    mutation.mutate(checked.data);
  };

  const allowedProcedures = p.advice.allowedProcedures;
  const criteria = AwardCriteria.filter((c) => !(p.advice.awardCriterion.oepvMandatory && c === 'PREZZO'));
  const bidders = participants.filter((x) => x.role !== 'excluded');

  return (
    <section aria-labelledby="procedure-actions-title" className="mb-4">
      <h2 id="procedure-actions-title" className="h4">
        {t('detail.actions')}
      </h2>
      {p.allowed.length === 0 ? (
        <p>{t('detail.no_actions')}</p>
      ) : (
        <div className="d-flex flex-wrap gap-2 mb-3">
          {p.allowed.map((to) => (
            <button
              key={to}
              type="button"
              className={`btn ${to === 'annullata' || to === 'deserta' ? 'btn-outline-danger' : 'btn-outline-primary'}`}
              aria-expanded={open === to}
              aria-controls="procedure-action-panel"
              onClick={() => {
                mutation.reset();
                setIssues({});
                setDraft(empty(p));
                setOpen(to);
                focusById('procedure-action-panel-title');
              }}
            >
              {t(`actions.${to}`)}
            </button>
          ))}
        </div>
      )}
      {open && (
        <form
          id="procedure-action-panel"
          className="pc-panel"
          aria-labelledby="procedure-action-panel-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <h3 id="procedure-action-panel-title" className="h5" tabIndex={-1}>
            {title}
          </h3>
          <IssueSummary issues={issues} fields={fields} />
          {mutation.error && Object.keys(serverIssues(mutation.error)).length === 0 && <ConflictMessage error={mutation.error} />}
          {open === 'documenti' && (
            <>
              <Select id="tr-procedure-code" label={t('transition.procedure_code')} hint={t('transition.procedure_code_hint')} error={err('procedureCode')} value={draft.procedureCode} onChange={(e) => set({ procedureCode: e.target.value })}>
                <option value="">{t('common.choose')}</option>
                {allowedProcedures.map((a) => (
                  <option key={a.code} value={a.code}>
                    {procedureLine(t, a)}
                  </option>
                ))}
              </Select>
              <Select
                id="tr-award-criterion"
                label={t('transition.award_criterion')}
                hint={p.advice.awardCriterion.oepvMandatory ? t('advice.oepv_mandatory') : undefined}
                error={err('awardCriterion')}
                value={draft.awardCriterion}
                onChange={(e) => set({ awardCriterion: e.target.value })}
              >
                <option value="">{t('common.choose')}</option>
                {criteria.map((c) => (
                  <option key={c} value={c}>
                    {t(`criteria.${c}`)}
                  </option>
                ))}
              </Select>
              <Input
                id="tr-price-cap"
                label={t('transition.price_cap')}
                hint={p.advice.awardCriterion.priceCapPercent !== undefined ? t('advice.price_cap', { percent: p.advice.awardCriterion.priceCapPercent }) : t('transition.price_cap_hint')}
                error={err('priceCapPercent')}
                inputMode="decimal"
                value={draft.priceCapPercent}
                onChange={(e) => set({ priceCapPercent: e.target.value })}
              />
              <NoteField id="tr-justification" label={t('transition.justification')} value={draft.justification} error={err('justification')} onChange={(v) => set({ justification: v })} />
            </>
          )}
          {open === 'pubblicata' && (
            <>
              <Input id="tr-published-on" type="date" label={t('transition.published_on')} error={err('publishedOn')} value={draft.publishedOn} onChange={(e) => set({ publishedOn: e.target.value })} />
              <Input id="tr-platform" label={t('transition.platform')} hint={t('transition.platform_hint')} error={err('platform')} value={draft.platform} onChange={(e) => set({ platform: e.target.value })} />
              <Input
                id="tr-offer-deadline"
                type="datetime-local"
                label={t('transition.offer_deadline')}
                hint={p.advice.minimumOfferDays !== undefined ? t('transition.offer_deadline_hint', { count: p.advice.minimumOfferDays }) : t('transition.offer_deadline_hint_rome')}
                error={err('offerDeadline')}
                value={draft.offerDeadline}
                onChange={(e) => set({ offerDeadline: e.target.value })}
              />
            </>
          )}
          {open === 'proposta' && (
            <>
              <Select id="tr-operator" label={t('transition.operator')} hint={bidders.length === 0 ? t('transition.no_participants') : undefined} error={err('operatorId')} value={draft.operatorId} onChange={(e) => set({ operatorId: e.target.value })}>
                <option value="">{t('common.choose')}</option>
                {bidders.map((x) => (
                  <option key={x.id} value={x.operator.id}>
                    {x.operator.name} ({x.operator.taxCode})
                  </option>
                ))}
              </Select>
              <Input id="tr-amount" label={t('transition.amount')} hint={t('fields.euro_hint')} error={err('amount')} inputMode="decimal" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} />
            </>
          )}
          {open === 'aggiudicata' && (
            <>
              <div className="form-check mb-3">
                <input id="tr-fvoe" type="checkbox" checked={draft.fvoeFallback} aria-describedby="tr-fvoe-hint" onChange={(e) => set({ fvoeFallback: e.target.checked })} />
                <label htmlFor="tr-fvoe">{t('transition.fvoe_fallback')}</label>
                <p id="tr-fvoe-hint" className="form-text pc-hint">
                  {t('transition.fvoe_fallback_hint')}
                </p>
              </div>
              {draft.fvoeFallback && <NoteField id="tr-fvoe-note" label={t('transition.fvoe_note')} value={draft.fvoeNote} error={err('fvoeFallback.note') ?? err('fvoeFallback')} required onChange={(v) => set({ fvoeNote: v })} />}
            </>
          )}
          <NoteField
            id="tr-note"
            label={NOTE_REQUIRED.has(open) ? t('transition.reason') : t('transition.note')}
            value={draft.note}
            error={err('note')}
            required={NOTE_REQUIRED.has(open)}
            onChange={(v) => set({ note: v })}
          />
          <div className="d-flex gap-2">
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
              {t('transition.confirm', { action: title })}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
