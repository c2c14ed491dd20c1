import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { ProcedureStateBadge } from './components';
import { formatDay, formatEuro } from './format';
import { useProcurementTranslation } from './i18n';

interface TransparencyItem {
  id: string;
  number: string;
  title: string;
  state: Parameters<typeof ProcedureStateBadge>[0]['state'];
  procedureCode: string | null;
  estimatedValue: number;
  cig: string[];
  cup: string | null;
  publishedOn: string | null;
  platform: string | null;
  awardee: string | null;
  awardAmount: number | null;
  sua: string;
}
interface TransparencyList {
  comune: { name: string; istatCode: string | null };
  items: TransparencyItem[];
  total: number;
}

/** `/appalti/trasparenza`: public — the procedures a Comune entrusted to its SUA, once published (art. 28). */
export function TransparencyPage({ comune, onComune }: { comune?: string; onComune: (code: string) => void }) {
  const { t } = useProcurementTranslation();
  usePageTitle(t('transparency.title'));
  const [code, setCode] = useState(comune ?? '');
  const list = useQuery({
    queryKey: ['procurement', 'transparency', comune],
    queryFn: () => api.get<TransparencyList>(`/procurement/transparency?comune=${encodeURIComponent(comune!)}&pageSize=100`),
    enabled: !!comune && /^\d{6}$/.test(comune),
  });
  return (
    <div className="container my-4">
      <h1>{t('transparency.title')}</h1>
      <p>{t('transparency.intro')}</p>
      <form
        role="search"
        aria-label={t('transparency.search')}
        className="row g-3 align-items-end mb-4"
        onSubmit={(e) => {
          e.preventDefault();
          onComune(code.trim());
        }}
      >
        <div className="col-sm-4">
          <label htmlFor="transparency-comune" className="form-label">
            {t('transparency.comune')}
          </label>
          <input id="transparency-comune" className="form-control" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="transparency-comune-hint" />
          <small id="transparency-comune-hint" className="form-text">
            {t('transparency.comune_hint')}
          </small>
        </div>
        <div className="col-sm-3">
          <button type="submit" className="btn btn-primary">
            {t('transparency.show')}
          </button>
        </div>
      </form>
      {list.isError && <ApiErrorAlert error={list.error} />}
      {list.isFetching && <Loading />}
      {list.data && (
        <>
          <h2 className="h4">{t('transparency.of', { name: list.data.comune.name, n: list.data.total })}</h2>
          {list.data.items.length === 0 ? (
            <p role="status">{t('transparency.empty')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table">
                <caption className="visually-hidden">{t('transparency.of', { name: list.data.comune.name, n: list.data.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('transparency.procedure')}</th>
                    <th scope="col">{t('list.state')}</th>
                    <th scope="col">CIG</th>
                    <th scope="col">{t('transparency.published')}</th>
                    <th scope="col">{t('list.value')}</th>
                    <th scope="col">{t('detail.awardee')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((x) => (
                    <tr key={x.id}>
                      <th scope="row">
                        {x.number} — {x.title}
                        <span className="d-block small">{x.sua}</span>
                      </th>
                      <td>
                        <ProcedureStateBadge state={x.state} />
                      </td>
                      <td>{x.cig.join(', ') || '—'}</td>
                      <td>
                        {x.publishedOn ? formatDay(x.publishedOn) : '—'}
                        {x.platform && <span className="d-block small">{x.platform}</span>}
                      </td>
                      <td>{formatEuro(x.estimatedValue)}</td>
                      <td>
                        {x.awardee ?? '—'}
                        {x.awardAmount !== null && <span className="d-block">{formatEuro(x.awardAmount)}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
