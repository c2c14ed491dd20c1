import type { AuditEvent } from '@app/contracts';
import { api, toQueryString, API_BASE, type QueryValue } from '../../lib/api-client';

export interface AuditList {
  items: AuditEvent[];
  total: number;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (filters: AuditFilters & { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<AuditList>('/audit-events', { ...filters } as Record<string, QueryValue>, signal),
  /** Link for the CSV export with the same filters. */
  csvUrl: (filters: AuditFilters) => `${API_BASE}/audit-events.csv${toQueryString({ ...filters }) || '?'}`,
};
