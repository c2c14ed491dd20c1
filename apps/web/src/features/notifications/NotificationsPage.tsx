import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { Pagination } from '../../components/Pagination';
import { formatDateTimeRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { notificationsApi, notificationsKeys } from './api';
import { useNotificationsTranslation } from './i18n';
import { RequireSignedIn } from './RequireSignedIn';
import './notifications.css';

const PAGE_SIZE = 20;

function NotificationsList() {
  const { t } = useNotificationsTranslation();
  usePageTitle(t('list.title'));
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [allRead, setAllRead] = useState(false);
  const params = { unread: unreadOnly, page };
  const query = useQuery({
    queryKey: notificationsKeys.list(params),
    queryFn: ({ signal }) => notificationsApi.list({ ...params, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: notificationsKeys.all });
  const markRead = useMutation({ mutationFn: notificationsApi.markRead, onSuccess: refresh });
  const markAll = useMutation({
    mutationFn: notificationsApi.markAllRead,
    onSuccess: async () => {
      setAllRead(true);
      await refresh();
    },
  });
  const data = query.data;

  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.intro')}</p>
      <p>
        <Link to="/notifiche/preferenze">{t('list.preferences_link')}</Link>
      </p>
      <div className="d-flex flex-wrap align-items-end gap-3 mb-3">
        <div className="select-wrapper">
          <label htmlFor="notifications-filter">{t('list.filter_label')}</label>
          <select
            id="notifications-filter"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(e) => {
              setUnreadOnly(e.target.value === 'unread');
              setPage(1);
            }}
          >
            <option value="all">{t('list.filter_all')}</option>
            <option value="unread">{t('list.filter_unread')}</option>
          </select>
        </div>
        <button
          type="button"
          className="btn btn-outline-primary"
          disabled={!data || data.unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t('list.mark_all')}
        </button>
      </div>
      {allRead && <SuccessAlert>{t('list.all_read')}</SuccessAlert>}
      <ApiErrorAlert error={markRead.error ?? markAll.error} />
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.isPending && <Loading />}
      {data && data.items.length === 0 && <p>{unreadOnly ? t('list.empty_unread') : t('list.empty')}</p>}
      {data && data.items.length > 0 && (
        <>
          <ul className="pc-notification-list">
            {data.items.map((n) => (
              <li key={n.id} className={`pc-notification${n.readAt ? '' : ' pc-notification-unread'}`}>
                <h2 className="h5 mb-1">
                  {n.url ? (
                    <a
                      href={n.url}
                      onClick={() => {
                        if (!n.readAt) markRead.mutate(n.id);
                      }}
                    >
                      {n.title}
                    </a>
                  ) : (
                    n.title
                  )}
                  {!n.readAt && <span className="badge bg-primary ms-2">{t('list.unread')}</span>}
                </h2>
                {n.body && <p className="mb-1">{n.body}</p>}
                <p className="small text-muted mb-1">
                  <time dateTime={n.createdAt}>{formatDateTimeRome(n.createdAt)}</time>
                  {n.actor && <> · {t('list.by', { name: n.actor.displayName })}</>}
                </p>
                {!n.readAt && (
                  <button
                    type="button"
                    className="btn btn-link btn-sm p-0"
                    aria-label={t('list.mark_read_of', { title: n.title })}
                    disabled={markRead.isPending}
                    onClick={() => markRead.mutate(n.id)}
                  >
                    {t('list.mark_read')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} label={t('list.pagination')} />
        </>
      )}
    </>
  );
}

export function NotificationsPage() {
  return (
    <RequireSignedIn>
      <NotificationsList />
    </RequireSignedIn>
  );
}
