import { Services } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { translateFieldError } from '../../lib/validation';
import { networkApi, nk } from './api';
import { useNetworkTranslation } from './i18n';

/** Lower case, without accents: "Albignasego" matches "albignàsego". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('it')
    .trim();
}

interface ComuniChecklistProps {
  id: string;
  provinciaId: string;
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}

/** The Comuni of a Province as a searchable list of checkboxes; the choice survives the search. */
export function ComuniChecklist({ id, provinciaId, selected, onChange, error }: ComuniChecklistProps) {
  const { t } = useNetworkTranslation();
  const tc = useTranslation('common').t;
  const [q, setQ] = useState('');
  const query = useQuery({
    queryKey: nk.adhesion(provinciaId),
    queryFn: () => networkApi.adhesion(provinciaId),
    enabled: !!provinciaId,
  });
  const items = query.data?.items ?? [];
  const needle = normalizeName(q);
  const shown = needle
    ? items.filter((c) => normalizeName(c.name).includes(needle) || c.istatCode.startsWith(q.trim()))
    : items;
  const chosen = items.filter((c) => selected.includes(c.id));
  const toggle = (comuneId: string, checked: boolean) =>
    onChange(checked ? [...selected.filter((x) => x !== comuneId), comuneId] : selected.filter((x) => x !== comuneId));
  const errorId = error ? `${id}-error` : undefined;

  return (
    <fieldset id={id} tabIndex={-1} className="mb-4 pc-checklist-wrapper" aria-describedby={errorId}>
      <legend className="pc-label fs-6">{t('checklist.legend')}</legend>
      <p className="form-text pc-hint mb-2">{t('checklist.hint')}</p>
      {!provinciaId && <p>{t('checklist.choose_provincia')}</p>}
      {query.isError && <ApiErrorAlert error={query.error} />}
      {provinciaId && query.isPending && <Loading />}
      {query.data && (
        <>
          <div className="row align-items-end">
            <div className="col-md-6 mb-2">
              <label htmlFor={`${id}-q`} className="form-label pc-label">
                {t('checklist.search')}
              </label>
              <input
                id={`${id}-q`}
                type="search"
                autoComplete="off"
                className="form-control pc-input"
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
            </div>
            <div className="col-md-6 mb-2 d-flex flex-wrap gap-2">
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                disabled={shown.length === 0}
                onClick={() => onChange([...new Set([...selected, ...shown.map((c) => c.id)])])}
              >
                {t('checklist.select_shown', { count: shown.length })}
              </button>
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                disabled={selected.length === 0}
                onClick={() => onChange([])}
              >
                {t('checklist.clear')}
              </button>
            </div>
          </div>
          <p id={`${id}-status`} className="mb-2" role="status">
            {t('checklist.status', { count: selected.length, shown: shown.length, total: items.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('checklist.no_match')}</p>
          ) : (
            <ul className="pc-checklist" aria-label={t('checklist.list_label')}>
              {shown.map((c) => {
                const joined = Services.filter((s) => c.services[s]);
                return (
                  <li key={c.id}>
                    <div className="form-check">
                      <input
                        id={`${id}-${c.id}`}
                        type="checkbox"
                        checked={selected.includes(c.id)}
                        aria-describedby={`${id}-${c.id}-info`}
                        onChange={(e) => toggle(c.id, e.target.checked)}
                      />
                      <label htmlFor={`${id}-${c.id}`}>{c.name}</label>
                      <span id={`${id}-${c.id}-info`} className="pc-hint ms-2">
                        {c.population === null
                          ? t('checklist.population_unknown')
                          : t('checklist.population', { population: formatInteger(c.population) })}
                        {joined.length > 0 &&
                          ` · ${t('checklist.already', { services: joined.map((s) => t(`services.${s}`)).join(', ') })}`}
                      </span>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {chosen.length > 0 && (
            <div className="mt-3">
              <p className="pc-label mb-1" id={`${id}-chosen`}>
                {t('checklist.chosen', { count: chosen.length })}
              </p>
              <ul className="pc-inline-list" aria-labelledby={`${id}-chosen`}>
                {chosen.map((c) => (
                  <li key={c.id}>{c.name}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </fieldset>
  );
}
