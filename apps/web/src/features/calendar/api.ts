import type { CalendarFeedToken, CalendarItemList } from '@app/contracts';
import { api } from '../../lib/api-client';

export const calendarApi = {
  items: (q: { from: string; to: string; module?: string }) => api.get<CalendarItemList>('/calendar/items', q),
  feedToken: () => api.get<CalendarFeedToken>('/calendar/feed-token'),
  resetFeedToken: () => api.post<CalendarFeedToken>('/calendar/feed-token/reset'),
};

/** Query keys of the calendar. */
export const ck = {
  all: ['calendar'] as const,
  items: (from: string, to: string, module?: string) => ['calendar', 'items', from, to, module ?? ''] as const,
  feed: ['calendar', 'feed-token'] as const,
};
