import type { DaBoxPlots, DaHeatMap, DaImprovers, DaRanking } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

export type { DaBoxPlots, DaHeatMap, DaImprovers, DaRanking };
const P = '/digital-agenda';

/** The territory of a view: a Province, a Region or (neither) the whole country. */
export interface Scope {
  province?: string;
  region?: string;
}
const scopeQuery = (s: Scope): Record<string, string> => (s.province ? { province: s.province } : s.region ? { region: s.region } : {});

export const viewsApi = {
  boxPlots: (code: string, period: number, scope: Scope) => api.get<DaBoxPlots>(`${P}/indicators/${code}/boxplots`, { period, ...scopeQuery(scope) }),
  heatMap: (period: number) => api.get<DaHeatMap>(`${P}/heatmap`, { period }),
  ranking: (code: string, period: number, province: string, peerGroup?: string) =>
    api.get<DaRanking>(`${P}/indicators/${code}/ranking`, { period, province, ...(peerGroup ? { peerGroup } : {}) }),
  improvers: (code: string, from: number, to: number, scope: Scope) => api.get<DaImprovers>(`${P}/indicators/${code}/improvers`, { from, to, limit: 10, ...scopeQuery(scope) }),
};

export const scopeParams = scopeQuery;
export const useBoxPlots = (code: string, period: number, scope: Scope) =>
  useQuery({ queryKey: ['digital-agenda', 'boxplots', code, period, scope.province ?? '', scope.region ?? ''], queryFn: () => viewsApi.boxPlots(code, period, scope) });
export const useHeatMap = (period: number) => useQuery({ queryKey: ['digital-agenda', 'heatmap', period], queryFn: () => viewsApi.heatMap(period) });
export const useRanking = (code: string, period: number, province: string | undefined, peerGroup: string | undefined, enabled: boolean) =>
  useQuery({ queryKey: ['digital-agenda', 'ranking', code, period, province, peerGroup ?? ''], queryFn: () => viewsApi.ranking(code, period, province!, peerGroup), enabled: enabled && !!province });
export const useImprovers = (code: string, from: number, to: number, scope: Scope, enabled: boolean) =>
  useQuery({ queryKey: ['digital-agenda', 'improvers', code, from, to, scope.province ?? '', scope.region ?? ''], queryFn: () => viewsApi.improvers(code, from, to, scope), enabled: enabled && from < to });
