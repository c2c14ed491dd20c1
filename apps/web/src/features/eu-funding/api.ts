import type {
  CallDetail,
  CallInput,
  CallList,
  ClaimCreate,
  ExpenditureInput,
  ProjectCreate,
  ProjectDetail,
  ProjectState,
  Programme,
  ProjectTransition,
  ProjectUpdate,
  OfficeYear,
  SapeService,
  SapeServiceAdmin,
  SapeServiceInput,
  SapeServiceUpdate,
  SapeServices,
  StatementDocument,
  Territory,
  Theme,
} from '@app/contracts';
import { API_BASE, api } from '../../lib/api-client';

export type { CallDetail, CallInput, CallList, ProjectCreate, ProjectDetail, ProjectState, ProjectUpdate, SapeService, SapeServiceAdmin, SapeServiceInput, StatementDocument, Territory, Theme };
/** A procurement procedure as the link form lists it. */
export interface ProcedureOption {
  id: string;
  number: string;
  title: string;
}
export interface ProjectSummary {
  id: string;
  title: string;
  state: ProjectState;
  leadEnte: { id: string; name: string; istatCode: string | null };
  cup: string | null;
  budget: number;
  grantedAmount: number | null;
}
export interface EnteOption {
  id: string;
  name: string;
  istatCode: string | null;
}

const base = '/eu-funding';
const e = encodeURIComponent;

export const ek = {
  all: ['eu-funding'] as const,
  calls: (f: Record<string, unknown>) => ['eu-funding', 'calls', f] as const,
  forMe: ['eu-funding', 'for-me'] as const,
  call: (id: string) => ['eu-funding', 'call', id] as const,
  interests: (enteId: string) => ['eu-funding', 'interests', enteId] as const,
  projects: (page: number) => ['eu-funding', 'projects', page] as const,
  project: (id: string) => ['eu-funding', 'project', id] as const,
  territory: (provinciaId: string | undefined) => ['eu-funding', 'territory', provinciaId ?? ''] as const,
  programmes: ['eu-funding', 'programmes'] as const,
  services: (lang: string) => ['eu-funding', 'services', lang] as const,
  adminServices: (provinciaId: string, lang: string) => ['eu-funding', 'admin-services', provinciaId, lang] as const,
  procedures: (comuneId: string) => ['eu-funding', 'procedures', comuneId] as const,
};

export const euApi = {
  calls: (q: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<CallList>(`${base}/calls`, q, signal),
  forMe: () => api.get<CallList & { enteId: string; interests: Theme[] }>(`${base}/calls/for-me`),
  call: (id: string) => api.get<CallDetail>(`${base}/calls/${e(id)}`),
  createCall: (body: CallInput) => api.post<CallDetail>(`${base}/calls`, body),
  follow: (id: string, on: boolean) => (on ? api.put<CallDetail>(`${base}/calls/${e(id)}/follow`) : api.delete<CallDetail>(`${base}/calls/${e(id)}/follow`)),
  interests: (enteId: string) => api.get<{ topics: Theme[] }>(`${base}/interests/${e(enteId)}`),
  setInterests: (enteId: string, topics: Theme[]) => api.put<{ topics: Theme[] }>(`${base}/interests/${e(enteId)}`, { topics }),
  projects: (page: number) => api.get<{ items: ProjectSummary[]; total: number }>(`${base}/projects`, { page, pageSize: 25 }),
  project: (id: string) => api.get<ProjectDetail>(`${base}/projects/${e(id)}`),
  createProject: (body: ProjectCreate) => api.post<ProjectDetail>(`${base}/projects`, body),
  updateProject: (id: string, body: ProjectUpdate) => api.put<ProjectDetail>(`${base}/projects/${e(id)}`, body),
  linkProcurement: (id: string, procedureId: string, version: number) => api.put<ProjectDetail>(`${base}/projects/${e(id)}/procurement`, { procedureId, version }),
  recordReceipt: (id: string, claimId: string, body: { receivedOn: string; amount: number }) => api.put<ProjectDetail>(`${base}/projects/${e(id)}/claims/${e(claimId)}/receipt`, body),
  fileStatement: (id: string, claimId: string) => api.post<StatementDocument>(`${base}/projects/${e(id)}/claims/${e(claimId)}/statement`),
  documentUrl: (documentId: string, version?: number) => `${API_BASE}/documents/${e(documentId)}/content${version ? `?version=${version}` : ''}`,
  procedures: (comuneId: string) => api.get<{ items: ProcedureOption[]; total: number }>('/procurement/procedures', { comune: comuneId, pageSize: 100 }),
  setOfficeYear: (provinciaId: string, body: OfficeYear) => api.put<OfficeYear>(`${base}/office/${e(provinciaId)}`, body),
  adminServices: (provinciaId: string, lang: 'it' | 'en') => api.get<SapeServiceAdmin>(`${base}/office/${e(provinciaId)}/services`, { lang }),
  createService: (provinciaId: string, body: SapeServiceInput) => api.post<SapeService>(`${base}/office/${e(provinciaId)}/services`, body),
  updateService: (provinciaId: string, serviceId: string, body: SapeServiceUpdate) => api.put<SapeService>(`${base}/office/${e(provinciaId)}/services/${e(serviceId)}`, body),
  transition: (id: string, body: ProjectTransition) => api.post<ProjectDetail>(`${base}/projects/${e(id)}/transitions`, body),
  addExpenditure: (id: string, body: ExpenditureInput) => api.post<ProjectDetail>(`${base}/projects/${e(id)}/expenditures`, body),
  createClaim: (id: string, body: ClaimCreate) => api.post<ProjectDetail>(`${base}/projects/${e(id)}/claims`, body),
  statementUrl: (id: string, claimId: string) => `${API_BASE}${base}/projects/${e(id)}/claims/${e(claimId)}/statement.csv`,
  openDataUrl: () => `${API_BASE}${base}/open-data/projects.csv`,
  territory: (provinciaId?: string) => api.get<Territory>(`${base}/territory`, { provinciaId }),
  programmes: () => api.get<{ items: Programme[] }>(`${base}/programmes`),
  services: (lang: 'it' | 'en') => api.get<SapeServices>(`${base}/services`, { lang }),
  comuni: (q: string) => api.get<{ items: EnteOption[]; total: number }>('/enti', { type: 'comune', q, pageSize: 8 }),
};
