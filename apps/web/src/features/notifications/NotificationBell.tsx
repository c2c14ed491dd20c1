import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { notificationsApi, notificationsKeys } from './api';
import { useNotificationsTranslation } from './i18n';
import './notifications.css';

/** The bell of the header: a link to the notifications page with the unread count, refreshed every minute and on focus. */
export function NotificationBell() {
  const { t } = useNotificationsTranslation();
  const query = useQuery({
    queryKey: notificationsKeys.unread,
    queryFn: ({ signal }) => notificationsApi.unreadCount(signal),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    retry: false,
  });
  const unread = query.data?.unread ?? 0;
  return (
    <Link
      to="/notifiche"
      className="pc-header-btn pc-bell"
      aria-label={unread > 0 ? t('bell.aria', { count: unread }) : t('bell.aria_none')}
    >
      <svg className="pc-bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      <span>{t('bell.label')}</span>
      {unread > 0 && (
        <span className="pc-bell-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
