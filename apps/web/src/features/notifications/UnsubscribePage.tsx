import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../identity/session';
import { notificationsApi, notificationsKeys } from './api';
import { useNotificationsTranslation } from './i18n';

/** Where an e-mail's unsubscribe link lands (no login needed); shows the event's name when the reader is signed in. */
export function UnsubscribePage({ type, ok }: { type?: string; ok: boolean }) {
  const { t } = useNotificationsTranslation();
  usePageTitle(t('unsubscribe.title'));
  const { me } = useSession();
  const prefs = useQuery({
    queryKey: notificationsKeys.preferences,
    queryFn: ({ signal }) => notificationsApi.preferences(signal),
    enabled: !!me && ok,
    retry: false,
  });
  const label = prefs.data?.items.find((p) => p.type === type)?.label ?? type ?? '';
  return (
    <>
      <h1>{t('unsubscribe.title')}</h1>
      {ok ? (
        <div className="alert alert-success" role="status">
          <p className="mb-0">{t('unsubscribe.ok', { type: label })}</p>
        </div>
      ) : (
        <div className="alert alert-danger" role="alert">
          <p className="mb-0">{t('unsubscribe.error')}</p>
        </div>
      )}
      <p>
        <Link to="/notifiche/preferenze">{t('unsubscribe.preferences')}</Link>
      </p>
    </>
  );
}
