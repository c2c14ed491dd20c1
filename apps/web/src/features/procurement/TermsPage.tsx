import type { ProcurementTerms } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ProcurementNav, useProcurementAccess } from './components';
import { parseEuro } from './format';
import { useProcurementTranslation } from './i18n';

interface ConventionItem {
  id: string;
  title: string;
  state: string;
}

const num = (v: number | null) => (v === null ? '' : new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 }).format(v));

function TermsForm({ conventionId }: { conventionId: string }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const key = ['procurement', 'terms', conventionId];
  const terms = useQuery({ queryKey: key, queryFn: () => api.get<ProcurementTerms>(`/procurement/conventions/${conventionId}/terms`) });
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const save = useMutation({
    mutationFn: (v: Record<string, string>) =>
      api.put<ProcurementTerms>(`/procurement/conventions/${conventionId}/terms`, {
        maxValue: parseEuro(v.maxValue ?? '') ?? null,
        feePercent: parseEuro(v.feePercent ?? '') ?? null,
        feeMin: parseEuro(v.feeMin ?? '') ?? null,
        feeMax: parseEuro(v.feeMax ?? '') ?? null,
        suaLevelSf: v.suaLevelSf || null,
        suaLevelWorks: v.suaLevelWorks || null,
        note: v.note?.trim() || null,
        version: terms.data?.version ?? 0,
      }),
    onSuccess: (next) => {
      qc.setQueryData(key, next);
      setDraft(null);
    },
  });
  if (terms.isPending) return <Loading />;
  if (terms.isError) return <ApiErrorAlert error={terms.error} />;
  const d = terms.data;
  const v = draft ?? {
    maxValue: num(d.maxValue),
    feePercent: num(d.feePercent),
    feeMin: num(d.feeMin),
    feeMax: num(d.feeMax),
    suaLevelSf: d.suaLevelSf ?? '',
    suaLevelWorks: d.suaLevelWorks ?? '',
    note: d.note ?? '',
  };
  const set = (k: string) => (e: { target: { value: string } }) => setDraft({ ...v, [k]: e.target.value });
  const id = (k: string) => `terms-${conventionId}-${k}`;
  return (
    <form
      className="row g-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(v);
      }}
    >
      <ApiErrorAlert error={save.error} />
      {save.isSuccess && <SuccessAlert>{t('terms_page.saved')}</SuccessAlert>}
      {(['maxValue', 'feePercent', 'feeMin', 'feeMax'] as const).map((k) => (
        <div key={k} className="col-sm-3">
          <label htmlFor={id(k)} className="form-label">
            {t(`terms_page.${k}`)}
          </label>
          <input id={id(k)} className="form-control" inputMode="decimal" value={v[k]} onChange={set(k)} />
        </div>
      ))}
      <div className="col-sm-3">
        <label htmlFor={id('sf')} className="form-label">
          {t('terms_page.suaLevelSf')}
        </label>
        <select id={id('sf')} className="form-select" value={v.suaLevelSf} onChange={set('suaLevelSf')}>
          <option value="">{t('terms_page.none')}</option>
          {['SF1', 'SF2', 'SF3'].map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="col-sm-3">
        <label htmlFor={id('works')} className="form-label">
          {t('terms_page.suaLevelWorks')}
        </label>
        <select id={id('works')} className="form-select" value={v.suaLevelWorks} onChange={set('suaLevelWorks')}>
          <option value="">{t('terms_page.none')}</option>
          {['L1', 'L2', 'L3'].map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="col-sm-6">
        <label htmlFor={id('note')} className="form-label">
          {t('terms_page.note')}
        </label>
        <input id={id('note')} className="form-control" value={v.note} onChange={set('note')} />
      </div>
      <div className="col-12">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('terms_page.save')}
          <span className="visually-hidden">: {d.conventionTitle}</span>
        </button>
      </div>
    </form>
  );
}

/** `/appalti/convenzioni`: the SUA sets, per convention, the cap on the value entrusted, its fee and its qualification. */
export function TermsPage() {
  const { t } = useProcurementTranslation();
  usePageTitle(t('terms_page.title'));
  const access = useProcurementAccess();
  const provinces = access.suaProvinces.map((m) => m.enteId);
  const list = useQuery({
    queryKey: ['procurement', 'sua-conventions', provinces],
    queryFn: () => api.get<{ items: ConventionItem[] }>('/registry/conventions?service=sua&kind=provincia_comune&pageSize=100'),
    enabled: access.isSua,
  });
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('terms_page.title')}</h1>
        <ProcurementNav />
        <p>{t('terms_page.intro')}</p>
        {!access.isSua ? (
          <p role="status">{t('terms_page.not_allowed')}</p>
        ) : list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ApiErrorAlert error={list.error} />
        ) : (
          list.data.items.map((c) => (
            <section key={c.id} aria-labelledby={`terms-${c.id}-title`} className="pc-panel mb-4">
              <h2 id={`terms-${c.id}-title`} className="h5">
                {c.title}
              </h2>
              <TermsForm conventionId={c.id} />
            </section>
          ))
        )}
      </div>
    </RequireLogin>
  );
}
