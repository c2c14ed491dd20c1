import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../identity/session';
import { EnteNetworkSection } from '../network/EnteNetworkSection';
import { registryApi } from './api';

export function EnteDetailPage({ enteId }: { enteId: string }) {
  const { t } = useTranslation('registry');
  const tc = useTranslation('common').t;
  const { me } = useSession();
  const query = useQuery({ queryKey: ['enti', 'detail', enteId], queryFn: () => registryApi.getEnte(enteId) });
  const ente = query.data;
  usePageTitle(ente?.name ?? t('list.title'));

  if (query.isPending) return <Loading />;
  if (query.isError || !ente) {
    return (
      <>
        <h1>{t('list.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/enti">{t('detail.back')}</Link>
      </>
    );
  }
  const na = t('list.not_available');
  return (
    <>
      <p>
        <Link to="/enti">{t('detail.back')}</Link>
      </p>
      <h1>{ente.name}</h1>
      <section className="mb-5" aria-labelledby="ente-data-title">
        <h2 id="ente-data-title">{t('detail.data_title')}</h2>
        <dl className="pc-dl">
          <dt>{t('list.type_column')}</dt>
          <dd>{t(`types.${ente.type}`)}</dd>
          <dt>{t('list.istat_code')}</dt>
          <dd>{ente.istatCode ?? na}</dd>
          {ente.population !== undefined && (
            <>
              <dt>{t('list.population')}</dt>
              <dd>{formatInteger(ente.population)}</dd>
            </>
          )}
          {ente.parentId && (
            <>
              <dt>{t('detail.parent')}</dt>
              <dd>
                <Link to="/enti/$enteId" params={{ enteId: ente.parentId }}>
                  {ente.parentName ?? ente.parentId}
                </Link>
              </dd>
            </>
          )}
          {ente.children > 0 && (
            <>
              <dt>{t('detail.children')}</dt>
              <dd>{formatInteger(ente.children)}</dd>
            </>
          )}
          <dt>{t('detail.cadastral_code')}</dt>
          <dd>{ente.cadastralCode ?? na}</dd>
          <dt>{t('detail.car_plate')}</dt>
          <dd>{ente.carPlate ?? na}</dd>
          <dt>{t('detail.postal_codes')}</dt>
          <dd>{ente.postalCodes.length ? ente.postalCodes.join(', ') : na}</dd>
          <dt>{t('detail.in_programme')}</dt>
          <dd>{ente.inProgramme ? tc('yes') : tc('no')}</dd>
        </dl>
      </section>
      {me ? (
        <EnteNetworkSection enteId={ente.id} enteType={ente.type} />
      ) : (
        <p>
          {t('detail.login_for_network')} <Link to="/login">{tc('user_menu.login')}</Link>
        </p>
      )}
    </>
  );
}
