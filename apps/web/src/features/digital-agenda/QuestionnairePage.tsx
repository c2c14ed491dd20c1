import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { ApiError } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../identity/session';
import { RequireLogin } from '../network/components';
import { digitalAgendaApi, useQuestionnaire, type DaQuestionnaire } from './api';
import { DigitalAgendaNav, PeriodSelect } from './components';
import { useDigitalAgendaTranslation } from './i18n';

type Item = DaQuestionnaire['items'][number];
const WRITERS = ['comune_user', 'ente_admin', 'referent'];

const toText = (v: number | null) => (v === null ? '' : String(v));
/** A typed answer: '' is "not answered", decimals accept a comma. */
const parse = (s: string): number | null | 'nan' => {
  const x = s.trim().replace(',', '.');
  if (x === '') return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : 'nan';
};

/** Field issues of a 400 answer, whatever their shape (schema issues or the service's list). */
function serverIssues(err: unknown): { path: string; message: string }[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  const d = err.details as { issues?: unknown } | unknown[] | undefined;
  const list = Array.isArray(d) ? d : Array.isArray((d as { issues?: unknown })?.issues) ? ((d as { issues: unknown[] }).issues) : [];
  return list.flatMap((i) => {
    const { path, message } = (i ?? {}) as { path?: unknown; message?: unknown };
    const p = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    return typeof message === 'string' ? [{ path: p.replace(/^body\./, ''), message }] : [];
  });
}

function Answer({ item, value, error, disabled, onChange }: { item: Item; value: string; error?: string; disabled: boolean; onChange: (v: string) => void }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const id = `q-${item.code}`;
  const name = i18n.language === 'en' ? item.nameEn : item.nameIt;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hint = (
    <>
      {item.unit === 'boolean' ? t('questionnaire.booleanHint') : t('questionnaire.rangeHint', { unit: t(`units.${item.unit}`), min: item.minValue, max: item.maxValue })}
      {item.prefilled && item.source && <> {t('questionnaire.prefilled', { source: item.source })}</>}
    </>
  );
  const described = [hintId, error ? errorId : null].filter(Boolean).join(' ');
  if (item.unit === 'boolean') {
    return (
      <fieldset className="mb-4 pc-field" aria-describedby={described} id={id} tabIndex={-1}>
        <legend className="form-label pc-label h6 mb-1">
          <span className="text-muted me-1">{item.code}</span> {name}
        </legend>
        <p id={hintId} className="form-text pc-hint mb-1">
          {hint}
        </p>
        {[
          ['1', t('values.yes')],
          ['0', t('values.no')],
          ['', t('questionnaire.notAnswered')],
        ].map(([v, label]) => (
          <div className="form-check form-check-inline" key={v}>
            <input className="form-check-input" type="radio" id={`${id}-${v || 'none'}`} name={id} value={v} checked={value === v} disabled={disabled} onChange={() => onChange(v!)} />
            <label className="form-check-label" htmlFor={`${id}-${v || 'none'}`}>
              {label}
            </label>
          </div>
        ))}
        {error && (
          <p id={errorId} className="pc-field-error">
            {error}
          </p>
        )}
      </fieldset>
    );
  }
  return (
    <div className="mb-4 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        <span className="text-muted me-1">{item.code}</span> {name}
      </label>
      <p id={hintId} className="form-text pc-hint mb-1">
        {hint}
      </p>
      <input
        id={id}
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        inputMode="decimal"
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={errorId} className="pc-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function QuestionnaireForm({ istatCode, period, data, canWrite }: { istatCode: string; period: number; data: DaQuestionnaire; canWrite: boolean }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const qc = useQueryClient();
  const initial = useMemo(() => Object.fromEntries(data.items.map((i) => [i.code, toText(i.value)])), [data]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<number | null>(null);
  const [nothing, setNothing] = useState(false);
  useEffect(() => setValues(initial), [initial]);
  const byCode = useMemo(() => new Map(data.items.map((i) => [i.code, i])), [data]);
  const areas = [...new Set(data.items.map((i) => i.area))];
  const answered = Object.values(values).filter((v) => v.trim() !== '').length;
  const save = useMutation({
    mutationFn: (answers: { code: string; value: number | null }[]) => digitalAgendaApi.saveQuestionnaire(istatCode, { period, answers }),
    onSuccess: (res, answers) => {
      qc.setQueryData(['digital-agenda', 'questionnaire', istatCode, period], res);
      void qc.invalidateQueries({ queryKey: ['digital-agenda', 'profile', istatCode] });
      setSaved(answers.length);
    },
    onError: (err, answers) => {
      const next: Record<string, string> = {};
      for (const issue of serverIssues(err)) {
        const m = /^answers\.(\d+)\./.exec(issue.path);
        const code = m ? answers[Number(m[1])]?.code : undefined;
        if (code) next[code] = issue.message;
      }
      setErrors(next);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    setNothing(false);
    const next: Record<string, string> = {};
    const answers: { code: string; value: number | null }[] = [];
    for (const [code, text] of Object.entries(values)) {
      if (text.trim() === (initial[code] ?? '').trim()) continue;
      const item = byCode.get(code)!;
      const v = parse(text);
      if (v === 'nan') next[code] = t('questionnaire.notANumber');
      else if (v !== null && (v < item.minValue || v > item.maxValue)) next[code] = t('questionnaire.outOfRange', { min: item.minValue, max: item.maxValue });
      else answers.push({ code, value: v });
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      requestAnimationFrame(() => document.getElementById('questionnaire-errors')?.focus());
      return;
    }
    if (answers.length === 0) {
      setNothing(true);
      return;
    }
    save.mutate(answers);
  }

  const invalid = Object.entries(errors);
  const name = (code: string) => {
    const i = byCode.get(code);
    return i ? `${code} – ${i18n.language === 'en' ? i.nameEn : i.nameIt}` : code;
  };
  return (
    <form noValidate onSubmit={submit}>
      {invalid.length > 0 && (
        <div className="alert alert-danger pc-error-summary" role="alert" id="questionnaire-errors" tabIndex={-1} aria-labelledby="questionnaire-errors-title">
          <h2 id="questionnaire-errors-title" className="h5">
            {t('questionnaire.errorsTitle', { count: invalid.length })}
          </h2>
          <ul className="mb-0">
            {invalid.map(([code, message]) => (
              <li key={code}>
                <a href={`#q-${code}`}>
                  {name(code)}: {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {save.isError && invalid.length === 0 && <ApiErrorAlert error={save.error} />}
      {saved !== null && <SuccessAlert>{t('questionnaire.saved', { count: saved })}</SuccessAlert>}
      {nothing && (
        <p role="status" className="alert alert-info">
          {t('questionnaire.nothingToSave')}
        </p>
      )}
      <p>{t('questionnaire.progress', { answered, total: data.items.length })}</p>
      {areas.map((area) => (
        <section key={area} aria-labelledby={`qa-${area}`} className="mb-4">
          <h2 id={`qa-${area}`} className="h4">
            {t(`areas.${area}`)}
          </h2>
          {data.items
            .filter((i) => i.area === area)
            .map((i) => (
              <Answer key={i.code} item={i} value={values[i.code] ?? ''} error={errors[i.code]} disabled={!canWrite} onChange={(v) => setValues((s) => ({ ...s, [i.code]: v }))} />
            ))}
        </section>
      ))}
      {canWrite && (
        <div className="d-flex gap-3 mb-4">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('questionnaire.save')}
          </button>
        </div>
      )}
    </form>
  );
}

/** The annual self-assessment of a Comune: the indicators no open source covers, pre-filled, saved in parts. */
export function QuestionnairePage({ istatCode, period, onPeriod }: { istatCode: string; period: number; onPeriod: (p: number) => void }) {
  const { t } = useDigitalAgendaTranslation();
  const { me } = useSession();
  const q = useQuestionnaire(istatCode, period);
  const canWrite = !!me?.user.memberships.some((m) => m.enteType === 'comune' && m.enteIstatCode === istatCode && WRITERS.includes(m.role));
  const title = q.data ? t('questionnaire.title', { name: q.data.name, period }) : t('questionnaire.loading');
  usePageTitle(title);
  return (
    <RequireLogin>
      <div>
        <h1>{title}</h1>
        <DigitalAgendaNav />
        <p className="lead">{t('questionnaire.intro')}</p>
        <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
          <PeriodSelect id="q-period" value={period} onChange={onPeriod} />
        </form>
        <p>
          <Link to="/agenda-digitale/comuni/$istatCode" params={{ istatCode }} search={{ period: String(period) }}>
            {t('questionnaire.profileLink')}
          </Link>
        </p>
        {!canWrite && q.data && <p className="alert alert-info">{t('questionnaire.readOnly')}</p>}
        {q.isError && <ApiErrorAlert error={q.error} />}
        {q.isPending && <Loading />}
        {q.data && <QuestionnaireForm key={`${istatCode}-${period}`} istatCode={istatCode} period={period} data={q.data} canWrite={canWrite} />}
      </div>
    </RequireLogin>
  );
}
