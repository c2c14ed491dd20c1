import { StatusIcon, type Tone } from '../../components/StatusIcon';
import './network.css';
import { Services, type Service } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading';
import { validationIssues } from '../../lib/api-client';
import { formatDateRome, formatDateTimeRome } from '../../lib/format';
import { translateFieldError } from '../../lib/validation';
import { registryApi } from '../registry/api';
import { useNetworkAccess } from './access';
import { useNetworkTranslation } from './i18n';

// ---------------------------------------------------------------- formatting

/** `YYYY-MM-DD` as dd/mm/yyyy (a calendar date has no time zone); timestamps in Rome time. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : formatDateRome(value);
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? formatDateTimeRome(value) : '';
}

/** Today in Rome as `YYYY-MM-DD` (default of date fields). */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const percentFormat = new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 });
/** A share between 0 and 1, as a percentage: 0.425 → 42,5%. */
export function formatShare(value: number): string {
  return percentFormat.format(value);
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} kB`;
  return `${(size / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;
}

/** Moves focus to an element once React has rendered it (headings get tabindex -1). */
export function focusById(id: string): void {
  window.setTimeout(() => {
    const el = document.getElementById(id);
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus();
  }, 0);
}

/** Puts the field issues of a 400 answer on the form; answers whether any was placed. */
export function applyServerIssues<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): boolean {
  let placed = false;
  for (const issue of validationIssues(error)) {
    const field = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    if (field) {
      setError(field, { type: 'server', message: issue.message });
      placed = true;
    }
  }
  return placed;
}

// ---------------------------------------------------------------- status, never by colour only

const TONES: Record<string, Tone> = {
  signed: 'ok',
  active: 'ok',
  accepted: 'ok',
  open: 'ok',
  sent: 'warn',
  submitted: 'warn',
  draft: 'neutral',
  closed: 'neutral',
  concluded: 'neutral',
  declined: 'off',
  expired: 'off',
  withdrawn: 'off',
  rejected: 'off',
};


export type StateGroup = 'protocol' | 'convention' | 'table' | 'candidature';

/** State as icon + text. */
export function StateBadge({ group, state }: { group: StateGroup; state: string }) {
  const { t } = useNetworkTranslation();
  const tone = TONES[state] ?? 'neutral';
  return (
    <span className={`pc-status pc-status-${tone}`}>
      <StatusIcon className="pc-status-icon" tone={tone} />
      {t(`states.${group}.${state}`)}
    </span>
  );
}

/** Adhesion of a Comune to a service: icon + "Aderisce" / "Non aderisce". */
export function AdhesionStatus({ joined }: { joined: boolean }) {
  const { t } = useNetworkTranslation();
  return (
    <span className={`pc-status pc-status-${joined ? 'ok' : 'off'}`}>
      <StatusIcon className="pc-status-icon" tone={joined ? 'ok' : 'off'} />
      {joined ? t('territory.joined') : t('territory.not_joined')}
    </span>
  );
}

/** "Sì" / "No" with an icon. */
export function YesNo({ value }: { value: boolean }) {
  const tc = useTranslation('common').t;
  return (
    <span className={`pc-status pc-status-${value ? 'ok' : 'neutral'}`}>
      <StatusIcon className="pc-status-icon" tone={value ? 'ok' : 'neutral'} />
      {value ? tc('yes') : tc('no')}
    </span>
  );
}

export function ServiceNames({ services, long }: { services: readonly Service[]; long?: boolean }) {
  const { t } = useNetworkTranslation();
  if (services.length === 0) return <>{t('common.none')}</>;
  return <>{services.map((s) => t(long ? `services_long.${s}` : `services.${s}`)).join(', ')}</>;
}

// ---------------------------------------------------------------- form bits

interface ServiceCheckboxesProps {
  idPrefix: string;
  legend: string;
  hint?: string;
  error?: string;
  /** Props for each checkbox (react-hook-form registration or controlled). */
  inputProps: (service: Service) => Record<string, unknown>;
}

/** A fieldset of SUA / SAPE / SIT checkboxes. */
export function ServiceCheckboxes({ idPrefix, legend, hint, error, inputProps }: ServiceCheckboxesProps) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="mb-4" id={idPrefix} tabIndex={-1}>
      <legend className="pc-label fs-6">{legend}</legend>
      {hint && (
        <p id={hintId} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      {Services.map((s) => (
        <div className="form-check" key={s}>
          <input
            id={`${idPrefix}-${s}`}
            type="checkbox"
            value={s}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            {...inputProps(s)}
          />
          <label htmlFor={`${idPrefix}-${s}`}>{t(`services_long.${s}`)}</label>
        </div>
      ))}
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </fieldset>
  );
}

interface TextAreaFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  rows?: number;
  registration: Record<string, unknown>;
  required?: boolean;
}

export function TextAreaField({ id, label, hint, error, rows = 4, registration, required }: TextAreaFieldProps) {
  const tc = useTranslation('common').t;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="mb-4 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        rows={rows}
        required={required}
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...registration}
      />
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}

/** `''` → null, for optional text fields (react-hook-form `setValueAs`). */
export const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

// ---------------------------------------------------------------- reference data

export function useRegions() {
  return useQuery({
    queryKey: ['enti', 'regions'],
    queryFn: () => registryApi.listEnti({ type: 'regione', page: 1, pageSize: 50 }),
    staleTime: 60 * 60_000,
    select: (d) => [...d.items].sort((a, b) => a.name.localeCompare(b.name, 'it')),
  });
}

/** The Provinces of the programme. */
export function useProgrammeProvinces() {
  return useQuery({
    queryKey: ['enti', 'programme-provinces'],
    queryFn: () => registryApi.listEnti({ programme: true, page: 1, pageSize: 200 }),
    staleTime: 60 * 60_000,
    select: (d) => [...d.items].sort((a, b) => a.name.localeCompare(b.name, 'it')),
  });
}

// ---------------------------------------------------------------- guards and lists

/** Network pages need a logged-in member. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const { isLoggedIn, isLoading } = useNetworkAccess();
  const href = useRouterState({ select: (s) => s.location.href });
  if (isLoading) return <Loading />;
  if (!isLoggedIn) return <Navigate to="/login" search={{ redirect: href }} replace />;
  return <>{children}</>;
}

/** The value when it is one of the list, else undefined (search params are free text). */
export const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  list.find((x) => x === value);

/** Filters block of a list page. */
export function FiltersForm({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <form
      role="search"
      aria-labelledby={`${id}-title`}
      className="pc-filters mb-4"
      onSubmit={(e) => e.preventDefault()}
    >
      <h2 id={`${id}-title`} className="h5">
        {title}
      </h2>
      <div className="row align-items-start">{children}</div>
    </form>
  );
}

/** Panel opened by an action button: its heading takes the focus, "Annulla" closes it. */
export function ActionPanel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="pc-panel mb-4" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h5" tabIndex={-1}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** An empty cell: a dash for the eye, words for the ear. */
export function NotSet() {
  const { t } = useNetworkTranslation();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('common.not_set')}</span>
    </>
  );
}
