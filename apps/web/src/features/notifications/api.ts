import type { NotificationList, NotificationPreferenceList, NotificationPreferencesUpdate } from '@app/contracts';
import { api } from '../../lib/api-client';

export const notificationsKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  list: (params: { unread: boolean; page: number }) => ['notifications', 'list', params] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export const notificationsApi = {
  unreadCount: (signal?: AbortSignal) => api.get<{ unread: number }>('/notifications/unread-count', undefined, signal),
  list: (q: { unread: boolean; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<NotificationList>('/notifications', { unread: q.unread || undefined, page: q.page, pageSize: q.pageSize }, signal),
  markRead: (id: string) => api.post<{ unread: number }>(`/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<{ unread: number }>('/notifications/read-all'),
  preferences: (signal?: AbortSignal) => api.get<NotificationPreferenceList>('/notifications/preferences', undefined, signal),
  savePreferences: (body: NotificationPreferencesUpdate) => api.put<NotificationPreferenceList>('/notifications/preferences', body),
};
