import { DaPeerGroupCodes } from '@app/contracts';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { downloadUrl } from './api';
import { Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';
import { useRanking } from './views-api';

/** The Comuni of a Province ranked within their population class, with the national percentile in the class. */
export function ProvinceRanking({ code, name, period, province, provinceName, format }: { code: string; name: string; period: number; province: string; provinceName: string; format: (v: number | null) => string }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const [peerGroup, setPeerGroup] = useState('');
  const q = useRanking(code, period, province, peerGroup || undefined, true);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 });
  const caption = t('views.ranking.caption', { name, period, province: provinceName });
  const params: Record<string, string | number> = { period, province, ...(peerGroup ? { peerGroup } : {}) };
  return (
    <section aria-labelledby="da-ranking" className="mb-4">
      <h3 id="da-ranking" className="h4">
        {t('views.ranking.title')}
      </h3>
      <div className="row g-2 align-items-end mb-2">
        <div className="col-auto">
          <label htmlFor="da-ranking-peer" className="form-label">
            {t('views.ranking.peerGroup')}
          </label>
          <select id="da-ranking-peer" className="form-select" value={peerGroup} onChange={(e) => setPeerGroup(e.target.value)}>
            <option value="">{t('views.ranking.all')}</option>
            {DaPeerGroupCodes.map((g) => (
              <option key={g} value={g}>
                {t(`peerGroups.${g}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Downloads label={t('views.download')} csv={downloadUrl(`/indicators/${code}/ranking`, params, 'csv')} json={downloadUrl(`/indicators/${code}/ranking`, params, 'json')} />
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data && q.data.items.length === 0 && <p>{t('views.noData')}</p>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('views.ranking.peerGroup')}</th>
                <th scope="col" className="text-end">
                  {t('views.ranking.rank')}
                </th>
                <th scope="col">{t('views.ranking.comune')}</th>
                <th scope="col" className="text-end">
                  {t('views.ranking.value')}
                </th>
                <th scope="col" className="text-end">
                  {t('views.ranking.percentile')}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((r) => (
                <tr key={r.istatCode}>
                  <td>{t(`peerGroups.${r.peerGroup}`)}</td>
                  <td className="text-end">{t('views.ranking.of', { rank: r.rank, size: r.groupSize })}</td>
                  <th scope="row" className="fw-normal">
                    {r.name}
                  </th>
                  <td className="text-end">{format(r.value)}</td>
                  <td className="text-end">{r.percentile === null ? '–' : nf.format(r.percentile)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
