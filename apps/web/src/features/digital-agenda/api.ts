import type { DaBenchmark, DaImport, DaImportCreate, DaImportProgress, DaIndicator, DaProfile, DaTrend } from '@app/contracts';
import { DigitalAgendaPeriods } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { API_BASE, api } from '../../lib/api-client';

export type { DaBenchmark, DaImport, DaImportProgress, DaIndicator, DaProfile, DaTrend };
export const PERIODS = Array.from({ length: DigitalAgendaPeriods.max - DigitalAgendaPeriods.min + 1 }, (_, i) => DigitalAgendaPeriods.max - i);
const P = '/digital-agenda';

export const digitalAgendaApi = {
  indicators: () => api.get<{ items: DaIndicator[] }>(`${P}/indicators`),
  profile: (istatCode: string, period: number) => api.get<DaProfile>(`${P}/comuni/${istatCode}/profile`, { period }),
  trend: (istatCode: string) => api.get<DaTrend>(`${P}/comuni/${istatCode}/trend`),
  benchmark: (code: string, period: number, level: 'province' | 'region') => api.get<DaBenchmark>(`${P}/indicators/${code}/benchmark`, { period, level }),
  createImport: (body: DaImportCreate) => api.post<DaImport>(`${P}/imports`, body),
  publishImport: (id: string) => api.post<DaImport>(`${P}/imports/${id}/publish`),
  importProgress: (key: string) => api.get<DaImportProgress>(`${P}/imports/progress/${key}`),
};

/** Open-data links of a table: the same rows as CSV or JSON. */
export const downloadUrl = (path: string, query: Record<string, string | number>, format: 'csv' | 'json') =>
  `${API_BASE}${P}${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), format }).toString()}`;

export const useIndicators = () => useQuery({ queryKey: ['digital-agenda', 'indicators'], queryFn: digitalAgendaApi.indicators, staleTime: 10 * 60_000 });
export const useProfile = (istatCode: string, period: number) =>
  useQuery({ queryKey: ['digital-agenda', 'profile', istatCode, period], queryFn: () => digitalAgendaApi.profile(istatCode, period) });
export const useTrend = (istatCode: string) => useQuery({ queryKey: ['digital-agenda', 'trend', istatCode], queryFn: () => digitalAgendaApi.trend(istatCode) });
export const useBenchmark = (code: string, period: number, level: 'province' | 'region') =>
  useQuery({ queryKey: ['digital-agenda', 'benchmark', code, period, level], queryFn: () => digitalAgendaApi.benchmark(code, period, level) });
