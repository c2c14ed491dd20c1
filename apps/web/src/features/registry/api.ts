import type { EnteSummary, EnteType, Ente, PopulationClass, Service } from '@app/contracts';
import { api } from '../../lib/api-client';

export interface EnteList {
  items: EnteSummary[];
  total: number;
}

export interface EnteListParams {
  type?: EnteType;
  programme?: boolean;
  region?: string;
  province?: string;
  q?: string;
  populationClass?: PopulationClass;
  service?: Service;
  page: number;
  pageSize: number;
}

export const registryApi = {
  listEnti: (params: EnteListParams, signal?: AbortSignal) =>
    api.get<EnteList>('/enti', { ...params, programme: params.programme ? 'true' : undefined }, signal),
  getEnte: (id: string) => api.get<Ente>(`/enti/${encodeURIComponent(id)}`),
};
