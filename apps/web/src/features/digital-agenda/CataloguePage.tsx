import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { downloadUrl, useIndicators } from './api';
import { DigitalAgendaNav, Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';

/** The catalogue of indicators by area, and the methodology that explains each number. */
export function CataloguePage() {
  const { t, i18n } = useDigitalAgendaTranslation();
  usePageTitle(t('catalogue.title'));
  const q = useIndicators();
  const en = i18n.language === 'en';
  const areas = [...new Set(q.data?.items.map((i) => i.area) ?? [])];
  return (
    <div>
      <h1>{t('catalogue.title')}</h1>
      <DigitalAgendaNav />
      <p className="lead">{t('catalogue.intro')}</p>
      <Downloads label={t('catalogue.download')} csv={downloadUrl('/indicators', {}, 'csv')} json={downloadUrl('/indicators', {}, 'json')} />
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {areas.map((area) => (
        <section key={area} aria-labelledby={`area-${area}`} className="mb-4">
          <h2 id={`area-${area}`} className="h4">
            {t(`areas.${area}`)}
          </h2>
          <div className="table-responsive">
            <table className="table table-sm">
              <caption className="visually-hidden">{t(`areas.${area}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('catalogue.code')}</th>
                  <th scope="col">{t('catalogue.name')}</th>
                  <th scope="col">{t('catalogue.unit')}</th>
                  <th scope="col">{t('catalogue.polarity')}</th>
                  <th scope="col">{t('catalogue.aggregation')}</th>
                  <th scope="col">{t('catalogue.target')}</th>
                  <th scope="col">{t('catalogue.source')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data!.items
                  .filter((i) => i.area === area)
                  .map((i) => (
                    <tr key={i.code}>
                      <th scope="row">{i.code}</th>
                      <td>{en ? i.nameEn : i.nameIt}</td>
                      <td>{t(`units.${i.unit}`)}</td>
                      <td>{t(`polarity.${i.polarity}`)}</td>
                      <td>{t(`aggregation.${i.aggregation}`)}</td>
                      <td>{i.target !== null ? `${i.target} (${i.targetDeadline ?? ''})` : '–'}</td>
                      <td className="small">
                        {i.source} · {i.frequency}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="methodology" className="mb-4">
        <h2 id="methodology" className="h4">
          {t('methodology.title')}
        </h2>
        <ul>
          {(['unit', 'normalisation', 'peer', 'aggregation', 'composite', 'robustness', 'progress', 'versions', 'selfAssessed', 'boxplot', 'heatmap', 'regionMap', 'ranking', 'improvers', 'alerts'] as const).map((k) => (
            <li key={k}>{t(`methodology.${k}`)}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
