import type { EnteSummary } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { translateFieldError } from '../../../lib/validation';
import { useDebounced } from '../../../lib/use-debounced';
import { registryApi } from '../../registry/api';

/** Text shown for an ente in the datalist: unique enough to map back to its id. */
export function enteOptionLabel(e: EnteSummary, typeLabel: string): string {
  return e.istatCode ? `${e.name} (${typeLabel}, ${e.istatCode})` : `${e.name} (${typeLabel})`;
}

/** Resolves typed text to one ente of the results (exact option label, or exact/unique name). */
export function resolveEnte(
  text: string,
  items: EnteSummary[],
  typeLabel: (e: EnteSummary) => string,
): EnteSummary | undefined {
  const needle = text.trim().toLocaleLowerCase('it');
  if (!needle) return undefined;
  const byLabel = items.find((e) => enteOptionLabel(e, typeLabel(e)).toLocaleLowerCase('it') === needle);
  if (byLabel) return byLabel;
  const byName = items.filter((e) => e.name.toLocaleLowerCase('it') === needle);
  if (byName.length >= 1) return byName[0];
  const byCode = items.find((e) => e.istatCode === text.trim());
  if (byCode) return byCode;
  return items.length === 1 ? items[0] : undefined;
}

export const ENTE_SEARCH_SIZE = 20;

export function searchEnti(q: string, signal?: AbortSignal) {
  return registryApi.listEnti({ q, page: 1, pageSize: ENTE_SEARCH_SIZE }, signal);
}

interface EnteComboboxProps {
  id: string;
  value: string;
  onChange: (text: string) => void;
  error?: string;
}

/** Search-as-you-type: an input with a <datalist> filled from GET /api/v1/enti?q=. */
export function EnteCombobox({ id, value, onChange, error }: EnteComboboxProps) {
  const { t } = useTranslation('identity');
  const tc = useTranslation('common').t;
  const tr = useTranslation('registry').t;
  const q = useDebounced(value.trim(), 250);
  const enabled = q.length >= 2;
  const results = useQuery({
    queryKey: ['enti', 'search', q],
    queryFn: ({ signal }) => searchEnti(q, signal),
    enabled,
    staleTime: 60_000,
  });
  const items = enabled ? (results.data?.items ?? []) : [];
  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const errorId = `${id}-error`;
  return (
    <div className="mb-4 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {t('user_detail.ente')}
      </label>
      <p id={hintId} className="form-text pc-hint mb-1">
        {t('user_detail.ente_hint')}
      </p>
      <input
        id={id}
        type="text"
        list={`${id}-list`}
        autoComplete="off"
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, statusId, error ? errorId : ''].filter(Boolean).join(' ')}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-list`}>
        {items.map((e) => (
          <option key={e.id} value={enteOptionLabel(e, tr(`types.${e.type}`))} />
        ))}
      </datalist>
      <p id={statusId} className="visually-hidden" aria-live="polite">
        {enabled && results.isFetching
          ? t('user_detail.ente_searching')
          : enabled && results.data
            ? t('user_detail.ente_results', { count: results.data.items.length })
            : ''}
      </p>
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}
