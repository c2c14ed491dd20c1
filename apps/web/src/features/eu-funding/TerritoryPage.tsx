import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi, type Territory } from './api';
import { EuFundingNav, formatEuro, todayIso, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

/** The Province's SAPE records staff, costs, fees and hours of support of its office for a year. */
function OfficeYearForm({ provinciaId, totals }: { provinciaId: string; totals: Territory['totals'] }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({
    year: todayIso().slice(0, 4),
    staffFte: '',
    costs: totals.costs ? String(totals.costs) : '',
    fees: totals.fees ? String(totals.fees) : '',
    supportHours: totals.supportHours ? String(totals.supportHours) : '',
  });
  const save = useMutation({
    mutationFn: () =>
      euApi.setOfficeYear(provinciaId, { year: Number(f.year), staffFte: Number(f.staffFte || 0), costs: Number(f.costs || 0), fees: Number(f.fees || 0), supportHours: Number(f.supportHours || 0) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ek.territory(provinciaId) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="office-title" className="my-4">
      <h2 id="office-title" className="h4">
        {t('office.title')}
      </h2>
      <p>{t('office.intro')}</p>
      <div className="row g-3">
        <TextField id="office-year" type="number" min="2000" max="2100" label={t('office.year')} className="col-md-2" value={f.year} onChange={(e) => setF({ ...f, year: e.target.value })} />
        <TextField id="office-staff" type="number" step="0.01" min="0" label={t('office.staff')} className="col-md-3" value={f.staffFte} onChange={(e) => setF({ ...f, staffFte: e.target.value })} />
        <TextField id="office-costs" type="number" step="0.01" min="0" label={t('office.costs')} className="col-md-3" value={f.costs} onChange={(e) => setF({ ...f, costs: e.target.value })} />
        <TextField id="office-fees" type="number" step="0.01" min="0" label={t('office.fees')} className="col-md-2" value={f.fees} onChange={(e) => setF({ ...f, fees: e.target.value })} />
        <TextField id="office-hours" type="number" min="0" label={t('office.hours')} className="col-md-2" value={f.supportHours} onChange={(e) => setF({ ...f, supportHours: e.target.value })} />
      </div>
      {save.error && <ApiErrorAlert error={save.error} />}
      {save.isSuccess && <p role="status">{t('office.saved')}</p>}
      <button type="submit" className="btn btn-outline-primary" disabled={save.isPending}>
        {t('office.submit')}
      </button>
    </form>
  );
}

/** `/fondi-ue/territorio`: the Province's SAPE sees its Comuni; UPI sees the Provinces. */
export function TerritoryPage() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('territory.page_title'));
  const [chosen, setChosen] = useState('');
  const provinciaId = chosen || (a.isUpi ? undefined : a.sapeOf[0]?.enteId);
  const query = useQuery({ queryKey: ek.territory(provinciaId), queryFn: () => euApi.territory(provinciaId), enabled: a.isUpi || !!provinciaId });
  const d = query.data;
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('territory.page_title')}</h1>
        <EuFundingNav />
        {a.sapeOf.length > 1 && (
          <SelectField id="territory-provincia" label={t('territory.provincia')} value={provinciaId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {a.sapeOf.map((m) => (
              <option key={m.enteId} value={m.enteId}>
                {m.enteName}
              </option>
            ))}
          </SelectField>
        )}
        {query.error && <ApiErrorAlert error={query.error} />}
        {!d ? (
          !query.error && <Loading />
        ) : (
          <>
            <dl className="row">
              {(['comuniServed', 'projects', 'requested', 'obtained', 'spent', 'successRate', 'supportHours', 'costs', 'fees', 'costPerEuroAttracted'] as const).map((k) => (
                <div key={k} className="col-md-4">
                  <dt>{t(`territory.${k}`)}</dt>
                  <dd>
                    {['requested', 'obtained', 'spent', 'costs', 'fees'].includes(k)
                      ? formatEuro(d.totals[k] as number)
                      : d.totals[k] === null
                        ? '—'
                        : k === 'successRate'
                          ? `${(d.totals[k] as number).toFixed(2)}%`
                          : String(d.totals[k])}
                  </dd>
                </div>
              ))}
            </dl>
            <div className="table-responsive">
              <table className="table">
                <caption>{d.scope === 'upi' ? t('territory.caption_upi') : t('territory.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('territory.ente')}</th>
                    <th scope="col">{t('territory.projects')}</th>
                    <th scope="col" className="text-end">
                      {t('territory.requested')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('territory.obtained')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('territory.spent')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('territory.per_inhabitant')}
                    </th>
                    <th scope="col">{t('territory.successRate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows
                    .filter((r) => r.projects > 0 || r.adheres)
                    .map((r) => (
                      <tr key={r.enteId}>
                        <th scope="row">{r.name}</th>
                        <td>{r.projects}</td>
                        <td className="text-end">{formatEuro(r.requested)}</td>
                        <td className="text-end">{formatEuro(r.obtained)}</td>
                        <td className="text-end">{formatEuro(r.spent)}</td>
                        <td className="text-end">{formatEuro(r.obtainedPerInhabitant)}</td>
                        <td>{r.successRate === null ? '—' : `${r.successRate.toFixed(2)}%`}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
            {d.scope === 'provincia' && provinciaId && a.sapeOf.some((m) => m.enteId === provinciaId) && <OfficeYearForm key={provinciaId} provinciaId={provinciaId} totals={d.totals} />}
          </>
        )}
      </div>
    </RequireLogin>
  );
}
