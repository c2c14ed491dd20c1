import type {
  Advice,
  AdviceInput,
  Checklist,
  CheckCatalogueSchema,
  CheckUpdateSchema,
  DocTransitionSchema,
  DocType,
  Draw,
  DrawInputSchema,
  Lot,
  ObjectType,
  Operator,
  OperatorInput,
  OperatorUpdateSchema,
  ParticipantInputSchema,
  ParticipantSchema,
  ParticipantUpdateSchema,
  ProcedureCode,
  ProcedureCreate,
  ProcedureDetail,
  ProcedureDocument,
  ProcedureState,
  ProcedureSummary,
  ProcedureTransition,
  ProcedureUpdate,
  ProcurementDashboard,
  ProcurementRuleListSchema,
  ProcurementTaskListSchema,
  RequirementCheck,
  RequirementCheckListSchema,
  TeamMemberSchema,
  TeamRole,
} from '@app/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';

type DrawInput = z.input<typeof DrawInputSchema>;
import { API_BASE, api, toQueryString } from '../../lib/api-client';

export type {
  Advice,
  AdviceInput,
  Checklist,
  DocType,
  Lot,
  ObjectType,
  Operator,
  OperatorInput,
  ProcedureCode,
  ProcedureCreate,
  ProcedureDetail,
  ProcedureDocument,
  ProcedureState,
  ProcedureSummary,
  ProcedureTransition,
  ProcurementDashboard,
  RequirementCheck,
  TeamRole,
};
export type Participant = z.infer<typeof ParticipantSchema>;
export type ParticipantInput = z.input<typeof ParticipantInputSchema>;
export type ParticipantUpdate = z.input<typeof ParticipantUpdateSchema>;
export type RequirementCheckList = z.infer<typeof RequirementCheckListSchema>;
export type CheckUpdate = z.input<typeof CheckUpdateSchema>;
export type CheckCatalogue = z.infer<typeof CheckCatalogueSchema>;
export type TeamMember = z.infer<typeof TeamMemberSchema>;
export type ProcurementTaskList = z.infer<typeof ProcurementTaskListSchema>;
export type ProcurementRuleList = z.infer<typeof ProcurementRuleListSchema>;
export type DocTransition = z.input<typeof DocTransitionSchema>;
export type OperatorUpdate = z.input<typeof OperatorUpdateSchema>;
export type TeamCandidate = { id: string; displayName: string; enteName: string };

export interface ProcedureFilters {
  state?: ProcedureState;
  objectType?: ObjectType;
  procedureCode?: ProcedureCode;
  provincia?: string;
  comune?: string;
  q?: string;
}

const id = encodeURIComponent;
const base = '/procurement';
const proc = (procedureId: string) => `${base}/procedures/${id(procedureId)}`;

/** Query keys of the procurement pages. */
export const pk = {
  all: ['procurement'] as const,
  lists: ['procurement', 'list'] as const,
  list: (f: ProcedureFilters & { page: number }) => ['procurement', 'list', f] as const,
  detail: (procedureId: string) => ['procurement', 'detail', procedureId] as const,
  advice: (input: AdviceInput | null) => ['procurement', 'advice', input] as const,
  documents: (procedureId: string) => ['procurement', 'detail', procedureId, 'documents'] as const,
  checklist: (procedureId: string) => ['procurement', 'detail', procedureId, 'checklist'] as const,
  participants: (procedureId: string) => ['procurement', 'detail', procedureId, 'participants'] as const,
  draws: (procedureId: string) => ['procurement', 'detail', procedureId, 'draws'] as const,
  checks: (procedureId: string) => ['procurement', 'detail', procedureId, 'checks'] as const,
  candidates: (procedureId: string) => ['procurement', 'detail', procedureId, 'candidates'] as const,
  operators: (q: string, page: number) => ['procurement', 'operators', q, page] as const,
  tasks: ['procurement', 'tasks'] as const,
  dashboard: (provincia?: string) => ['procurement', 'dashboard', provincia ?? ''] as const,
};

export const procurementApi = {
  advice: (body: AdviceInput) => api.post<Advice>(`${base}/advice`, body),
  rules: (date?: string) => api.get<ProcurementRuleList>(`${base}/rules`, { date }),
  list: (f: ProcedureFilters & { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<{ items: ProcedureSummary[]; total: number }>(`${base}/procedures`, { ...f }, signal),
  create: (body: ProcedureCreate) => api.post<ProcedureDetail>(`${base}/procedures`, body),
  get: (procedureId: string) => api.get<ProcedureDetail>(proc(procedureId)),
  update: (procedureId: string, body: ProcedureUpdate) => api.patch<ProcedureDetail>(proc(procedureId), body),
  transition: (procedureId: string, body: ProcedureTransition) =>
    api.post<ProcedureDetail>(`${proc(procedureId)}/transitions`, body),
  setCig: (procedureId: string, lotId: string, cig: string | null) =>
    api.put<Lot>(`${proc(procedureId)}/lots/${id(lotId)}/cig`, { cig }),
  teamCandidates: (procedureId: string) => api.get<{ items: TeamCandidate[] }>(`${proc(procedureId)}/team/candidates`),
  addTeamMember: (procedureId: string, body: { userId: string; role: TeamRole }) =>
    api.post<TeamMember>(`${proc(procedureId)}/team`, body),
  removeTeamMember: (procedureId: string, memberId: string) =>
    api.delete<void>(`${proc(procedureId)}/team/${id(memberId)}`),
  documents: (procedureId: string) => api.get<{ items: ProcedureDocument[] }>(`${proc(procedureId)}/documents`),
  draftDocument: (procedureId: string, docType: DocType, body: { templateId?: string; pdfa?: boolean } = {}) =>
    api.post<ProcedureDocument>(`${proc(procedureId)}/documents/${id(docType)}/draft`, body),
  linkDocument: (procedureId: string, docType: DocType, documentId: string) =>
    api.post<ProcedureDocument>(`${proc(procedureId)}/documents/${id(docType)}/link`, { documentId }),
  documentTransition: (procedureId: string, docType: DocType, body: DocTransition) =>
    api.post<ProcedureDocument>(`${proc(procedureId)}/documents/${id(docType)}/transition`, body),
  checklist: (procedureId: string) => api.get<Checklist>(`${proc(procedureId)}/checklist`),
  exportUrl: (procedureId: string) => `${API_BASE}${proc(procedureId)}/export`,
  ocdsUrl: (procedureId: string) => `${API_BASE}${proc(procedureId)}/ocds`,
  participants: (procedureId: string) => api.get<{ items: Participant[] }>(`${proc(procedureId)}/participants`),
  draws: (procedureId: string) => api.get<{ items: Draw[] }>(`${proc(procedureId)}/draws`),
  draw: (procedureId: string, body: DrawInput) => api.post<Draw>(`${proc(procedureId)}/draws`, body),
  addParticipant: (procedureId: string, body: ParticipantInput) =>
    api.post<Participant>(`${proc(procedureId)}/participants`, body),
  updateParticipant: (procedureId: string, participantId: string, body: ParticipantUpdate) =>
    api.patch<Participant>(`${proc(procedureId)}/participants/${id(participantId)}`, body),
  removeParticipant: (procedureId: string, participantId: string) =>
    api.delete<void>(`${proc(procedureId)}/participants/${id(participantId)}`),
  checks: (procedureId: string) => api.get<RequirementCheckList>(`${proc(procedureId)}/checks`),
  buildChecks: (procedureId: string, operatorId: string) =>
    api.post<RequirementCheckList>(`${proc(procedureId)}/checks/build`, { operatorId }),
  updateCheck: (procedureId: string, checkId: string, body: CheckUpdate) =>
    api.patch<RequirementCheck>(`${proc(procedureId)}/checks/${id(checkId)}`, body),
  checkCatalogue: () => api.get<CheckCatalogue>(`${base}/check-catalogue`),
  operators: (q: string | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<{ items: Operator[]; total: number }>(`${base}/operators`, { q, page, pageSize }, signal),
  createOperator: (body: OperatorInput) => api.post<Operator>(`${base}/operators`, body),
  operator: (operatorId: string) => api.get<Operator>(`${base}/operators/${id(operatorId)}`),
  updateOperator: (operatorId: string, body: OperatorUpdate) => api.patch<Operator>(`${base}/operators/${id(operatorId)}`, body),
  tasks: () => api.get<ProcurementTaskList>(`${base}/tasks`),
  dashboard: (provincia?: string) => api.get<ProcurementDashboard>(`${base}/dashboard`, { provincia }),
  dashboardCsvUrl: (provincia?: string) => `${API_BASE}${base}/dashboard${toQueryString({ provincia, format: 'csv' })}`,
};

// ---------------------------------------------------------------- hooks

export function useProcedure(procedureId: string) {
  return useQuery({ queryKey: pk.detail(procedureId), queryFn: () => procurementApi.get(procedureId) });
}

export function useProcedureDocuments(procedureId: string) {
  return useQuery({ queryKey: pk.documents(procedureId), queryFn: () => procurementApi.documents(procedureId) });
}

export function useChecklist(procedureId: string) {
  return useQuery({ queryKey: pk.checklist(procedureId), queryFn: () => procurementApi.checklist(procedureId) });
}

export function useParticipants(procedureId: string) {
  return useQuery({ queryKey: pk.participants(procedureId), queryFn: () => procurementApi.participants(procedureId) });
}

export function useChecks(procedureId: string) {
  return useQuery({ queryKey: pk.checks(procedureId), queryFn: () => procurementApi.checks(procedureId) });
}

/** The rules' advice for what the form says so far; `null` input (no valid value yet) asks nothing. */
export function useAdvice(input: AdviceInput | null) {
  return useQuery({
    queryKey: pk.advice(input),
    queryFn: () => procurementApi.advice(input!),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useOperatorSearch(q: string, page = 1, pageSize = 20, enabled = true) {
  return useQuery({
    queryKey: pk.operators(q, page),
    queryFn: ({ signal }) => procurementApi.operators(q || undefined, page, pageSize, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTasks() {
  return useQuery({ queryKey: pk.tasks, queryFn: procurementApi.tasks });
}

export function useDashboard(provincia?: string) {
  return useQuery({ queryKey: pk.dashboard(provincia), queryFn: () => procurementApi.dashboard(provincia) });
}
