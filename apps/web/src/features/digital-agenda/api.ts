import type {
  DaAlertList,
  DaBenchmark,
  DaCentreDashboard,
  DaCentre,
  DaCentreServiceCreate,
  DaCentreServiceUpdate,
  DaImport,
  DaImportCreate,
  DaImportProgress,
  DaIndicator,
  DaProfile,
  DaQuestionnaireSave,
  DaQuestionnaire,
  DaTerritoryTrend,
  DaTrend,
} from '@app/contracts';
import { DigitalAgendaPeriods } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { API_BASE, api } from '../../lib/api-client';

export type { DaAlertList, DaCentre, DaQuestionnaire, DaBenchmark, DaCentreDashboard, DaImport, DaImportProgress, DaIndicator, DaProfile, DaTerritoryTrend, DaTrend };
export const PERIODS = Array.from({ length: DigitalAgendaPeriods.max - DigitalAgendaPeriods.min + 1 }, (_, i) => DigitalAgendaPeriods.max - i);
const P = '/digital-agenda';

export const digitalAgendaApi = {
  indicators: () => api.get<{ items: DaIndicator[] }>(`${P}/indicators`),
  profile: (istatCode: string, period: number) => api.get<DaProfile>(`${P}/comuni/${istatCode}/profile`, { period }),
  trend: (istatCode: string) => api.get<DaTrend>(`${P}/comuni/${istatCode}/trend`),
  benchmark: (code: string, period: number, level: 'province' | 'region') => api.get<DaBenchmark>(`${P}/indicators/${code}/benchmark`, { period, level }),
  createImport: (body: DaImportCreate) => api.post<DaImport>(`${P}/imports`, body),
  publishImport: (id: string) => api.post<DaImport>(`${P}/imports/${id}/publish`),
  questionnaire: (istatCode: string, period: number) => api.get<DaQuestionnaire>(`${P}/comuni/${istatCode}/questionnaire`, { period }),
  saveQuestionnaire: (istatCode: string, body: DaQuestionnaireSave) => api.put<DaQuestionnaire>(`${P}/comuni/${istatCode}/questionnaire`, body),
  territoryTrend: (level: 'province' | 'region', code: string) => api.get<DaTerritoryTrend>(`${P}/${level === 'province' ? 'provinces' : 'regions'}/${code}/trend`),
  centre: (province: string) => api.get<DaCentre>(`${P}/centres/${province}`),
  addCentreService: (province: string, body: DaCentreServiceCreate) => api.post<DaCentre>(`${P}/centres/${province}/services`, body),
  updateCentreService: (province: string, id: string, body: DaCentreServiceUpdate) => api.put<DaCentre>(`${P}/centres/${province}/services/${id}`, body),
  centreDashboard: (province: string, period: number) => api.get<DaCentreDashboard>(`${P}/centres/${province}/dashboard`, { period }),
  alerts: (province: string, period: number) => api.get<DaAlertList>(`${P}/centres/${province}/alerts`, { period }),
  importProgress: (key: string) => api.get<DaImportProgress>(`${P}/imports/progress/${key}`),
};

/** Open-data links of a table: the same rows as CSV or JSON. */
export const downloadUrl = (path: string, query: Record<string, string | number>, format: 'csv' | 'json') =>
  `${API_BASE}${P}${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), format }).toString()}`;

export const useIndicators = () => useQuery({ queryKey: ['digital-agenda', 'indicators'], queryFn: digitalAgendaApi.indicators, staleTime: 10 * 60_000 });
export const useProfile = (istatCode: string, period: number) =>
  useQuery({ queryKey: ['digital-agenda', 'profile', istatCode, period], queryFn: () => digitalAgendaApi.profile(istatCode, period) });
export const useTrend = (istatCode: string, enabled = true) =>
  useQuery({ queryKey: ['digital-agenda', 'trend', istatCode], queryFn: () => digitalAgendaApi.trend(istatCode), enabled });
export const useBenchmark = (code: string, period: number, level: 'province' | 'region') =>
  useQuery({ queryKey: ['digital-agenda', 'benchmark', code, period, level], queryFn: () => digitalAgendaApi.benchmark(code, period, level) });
export const useQuestionnaire = (istatCode: string, period: number) =>
  useQuery({ queryKey: ['digital-agenda', 'questionnaire', istatCode, period], queryFn: () => digitalAgendaApi.questionnaire(istatCode, period) });
export const useTerritoryTrend = (level: 'province' | 'region', code: string, enabled = true) =>
  useQuery({ queryKey: ['digital-agenda', 'trend', level, code], queryFn: () => digitalAgendaApi.territoryTrend(level, code), enabled });
export const useCentre = (province: string) => useQuery({ queryKey: ['digital-agenda', 'centre', province], queryFn: () => digitalAgendaApi.centre(province) });

/** A file built in the browser from rows already shown (semicolon CSV with BOM, like the API's open data). */
export function csvHref(rows: Record<string, string | number | boolean | null>[]): string {
  if (rows.length === 0) return 'data:text/csv;charset=utf-8,';
  const cell = (v: string | number | boolean | null) => {
    const s = v === null ? '' : String(v);
    return /[";\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = Object.keys(rows[0]!);
  const text = [header.join(';'), ...rows.map((r) => header.map((h) => cell(r[h] ?? null)).join(';'))].join('\n');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${text}\n`)}`;
}
