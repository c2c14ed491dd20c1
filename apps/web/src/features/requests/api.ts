import type {
  RequestCategory,
  RequestClose,
  RequestCreate,
  RequestDashboard,
  RequestDetail,
  RequestState,
  RequestStats,
  RequestSummary,
  RequestTransition,
  Service,
} from '@app/contracts';
import { API_BASE, api, toQueryString } from '../../lib/api-client';

export type { RequestCategory, RequestDashboard, RequestDetail, RequestState, RequestStats, RequestSummary, Service };

export interface RequestFilters {
  view: 'mine' | 'queue';
  service?: Service;
  state?: RequestState;
  sla?: 'breached' | 'due_soon';
  q?: string;
}

const id = encodeURIComponent;

/** Query keys of the assistance pages. */
export const rk = {
  all: ['requests'] as const,
  list: (f: RequestFilters & { page: number }) => ['requests', 'list', f] as const,
  detail: (requestId: string) => ['requests', 'detail', requestId] as const,
  categories: (service?: Service) => ['requests', 'categories', service ?? 'all'] as const,
  dashboard: ['requests', 'dashboard'] as const,
  stats: (from?: string, to?: string) => ['requests', 'stats', from ?? '', to ?? ''] as const,
};

export const requestsApi = {
  list: (f: RequestFilters & { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<{ items: RequestSummary[]; total: number }>('/requests', { ...f }, signal),
  get: (requestId: string) => api.get<RequestDetail>(`/requests/${id(requestId)}`),
  categories: (service?: Service) => api.get<{ items: RequestCategory[] }>('/requests/categories', { service }),
  create: (body: RequestCreate) => api.post<RequestDetail>('/requests', body),
  assign: (requestId: string, body: { assigneeId: string; version: number }) =>
    api.post<RequestDetail>(`/requests/${id(requestId)}/assign`, body),
  transition: (requestId: string, body: RequestTransition) =>
    api.post<RequestDetail>(`/requests/${id(requestId)}/transition`, body),
  close: (requestId: string, body: RequestClose) => api.post<RequestDetail>(`/requests/${id(requestId)}/close`, body),
  dashboard: () => api.get<RequestDashboard>('/requests/dashboard'),
  stats: (from?: string, to?: string) => api.get<RequestStats>('/requests/stats', { from, to }),
  statsCsvUrl: (from?: string, to?: string) => `${API_BASE}/requests/stats.csv${toQueryString({ from, to })}`,
};
