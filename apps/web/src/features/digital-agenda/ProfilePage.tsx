import { Link, useNavigate } from '@tanstack/react-router';
import { useSession } from '../identity/session';
import { useMemo } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { useIndicators, useProfile } from './api';
import { BarChart } from './BarChart';
import { DigitalAgendaNav, PeriodSelect } from './components';
import { formatAggregate, formatValue } from './format';
import { useDigitalAgendaTranslation } from './i18n';

/** One page per Comune: every indicator with its standing among similar Comuni, its territories and its targets. */
export function ProfilePage({ istatCode, period }: { istatCode: string; period: number }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const navigate = useNavigate();
  const q = useProfile(istatCode, period);
  const cat = useIndicators();
  const names = useMemo(() => new Map(cat.data?.items.map((i) => [i.code, i18n.language === 'en' ? i.nameEn : i.nameIt]) ?? []), [cat.data, i18n.language]);
  const p = q.data;
  const { me } = useSession();
  // the Comune itself, the centre of its Province and UPI read the self-assessment
  const canReadQuestionnaire = !!me?.user.memberships.some((m) => m.role === 'upi_admin' || m.enteIstatCode === istatCode || (p && m.enteIstatCode === p.comune.provinceIstatCode && (m.role === 'sit_operator' || m.role === 'ente_admin')));
  usePageTitle(p ? t('profile.title', { name: p.comune.name }) : t('profile.loading'));
  const lang = i18n.language;
  const yesNo: [string, string] = [t('values.yes'), t('values.no')];
  const percentiles = useMemo(
    () => (p ? p.indicators.filter((i) => i.percentileInPeerGroup !== null).map((i) => ({ label: i.code, value: Math.round(i.percentileInPeerGroup! * 10) / 10 })) : []),
    [p],
  );
  const fmtPct = useMemo(() => (v: number | null) => (v === null ? '–' : `${v}`), []);
  if (q.isError) return <ApiErrorAlert error={q.error} />;
  if (!p) return <Loading />;
  return (
    <div>
      <h1>{t('profile.title', { name: p.comune.name })}</h1>
      <DigitalAgendaNav />
      <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
        <PeriodSelect id="profile-period" value={period} onChange={(p) => void navigate({ to: '/agenda-digitale/comuni/$istatCode', params: { istatCode }, search: { period: String(p) } })} />
      </form>
      <dl className="row">
        <dt className="col-sm-3">{t('profile.population')}</dt>
        <dd className="col-sm-9">{new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'it-IT').format(p.comune.population)}</dd>
        <dt className="col-sm-3">{t('profile.peerGroup')}</dt>
        <dd className="col-sm-9">{t(`peerGroups.${p.comune.peerGroup}`)}</dd>
        <dt className="col-sm-3">{t('profile.province')}</dt>
        <dd className="col-sm-9">
          <a href={`/agenda-digitale/confronto?province=${p.comune.provinceIstatCode}`}>{p.comune.provinceName}</a>
        </dd>
        <dt className="col-sm-3">{t('profile.composite')}</dt>
        <dd className="col-sm-9">
          {p.composite.score === null
            ? t('profile.noComposite')
            : t('profile.compositeValue', {
                score: formatValue(p.composite.score, 'index100', lang, yesNo),
                low: p.composite.rankInterval?.[0] ?? '–',
                high: p.composite.rankInterval?.[1] ?? '–',
                size: p.composite.peerGroupSize,
              })}
        </dd>
      </dl>
      <p>
        <Link to="/agenda-digitale/monitoraggio" search={{ level: 'comune', code: p.comune.istatCode }}>
          {t('profile.monitoringLink')}
        </Link>{' '}
        ·{' '}
        <Link to="/agenda-digitale/centri/$provinceIstatCode" params={{ provinceIstatCode: p.comune.provinceIstatCode }}>
          {t('profile.centreLink')}
        </Link>
        {canReadQuestionnaire && (
          <>
            {' '}
            ·{' '}
            <Link to="/agenda-digitale/comuni/$istatCode/autovalutazione" params={{ istatCode }} search={{ period: String(period) }}>
              {t('profile.questionnaireLink')}
            </Link>
          </>
        )}
      </p>
      <BarChart id="percentiles" title={t('profile.chart')} data={percentiles} format={fmtPct} />
      <div className="table-responsive">
        <table className="table table-sm">
          <caption>{t('profile.tableCaption', { period: p.period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.code')}</th>
              <th scope="col">{t('catalogue.name')}</th>
              <th scope="col" className="text-end">{t('profile.value')}</th>
              <th scope="col" className="text-end">{t('profile.previous')}</th>
              <th scope="col" className="text-end">{t('profile.percentile')}</th>
              <th scope="col" className="text-end">{t('profile.rank')}</th>
              <th scope="col" className="text-end">{t('profile.provinceValue')}</th>
              <th scope="col" className="text-end">{t('profile.regionValue')}</th>
              <th scope="col" className="text-end">{t('profile.nationalValue')}</th>
              <th scope="col">{t('profile.status')}</th>
            </tr>
          </thead>
          <tbody>
            {p.indicators.map((i) => (
              <tr key={i.code}>
                <th scope="row">{i.code}</th>
                <td>
                  {names.get(i.code) ?? i.code}
                  {i.selfAssessed && <span className="badge bg-secondary ms-1">{t('profile.selfAssessed')}</span>}
                </td>
                <td className="text-end">{formatValue(i.value, i.unit, lang, yesNo)}</td>
                <td className="text-end">{formatValue(i.previous, i.unit, lang, yesNo)}</td>
                <td className="text-end">{i.percentileInPeerGroup === null ? '–' : Math.round(i.percentileInPeerGroup)}</td>
                <td className="text-end">{i.rankInPeerGroup === null ? '–' : `${i.rankInPeerGroup}/${i.peerGroupSize}`}</td>
                <td className="text-end">{formatAggregate(i.province, i.unit, lang)}</td>
                <td className="text-end">{formatAggregate(i.region, i.unit, lang)}</td>
                <td className="text-end">{formatAggregate(i.national, i.unit, lang)}</td>
                <td>{i.status ? t(`status.${i.status}`) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
