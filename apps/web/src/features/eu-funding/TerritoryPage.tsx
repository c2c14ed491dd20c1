import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { SelectField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi } from './api';
import { EuFundingNav, formatEuro, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

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
          </>
        )}
      </div>
    </RequireLogin>
  );
}
