import type {
  AdhesionSchema,
  BodyListSchema,
  BodyMemberInputSchema,
  BodySchema,
  CandidatureDecisionSchema,
  CandidatureInputSchema,
  ConventionCreate,
  ConventionListSchema,
  ConventionState,
  ConventionTransition,
  ConventionUpdate,
  Convention,
  Dashboard,
  DecisionInputSchema,
  DecisionListSchema,
  EnteNetworkSchema,
  EnteRef,
  GroupMemberInputSchema,
  GroupMemberLeaveSchema,
  LocalTableInputSchema,
  LocalTableListSchema,
  LocalTableSchema,
  LocalTableUpdateSchema,
  MeetingInputSchema,
  MeetingSchema,
  Protocol,
  ProtocolCommitmentsSchema,
  ProtocolListSchema,
  ProtocolState,
  ProtocolTransition,
  Referent,
  ReferentInput,
  ReferentListSchema,
  ReminderResultSchema,
  Service,
  WorkingGroupListSchema,
  WorkingGroupSchema,
} from '@app/contracts';
import type { z } from 'zod';
import { API_BASE, api, toQueryString, type QueryValue } from '../../lib/api-client';

export type ReferentArea = Referent['area'];
export type Adhesion = z.infer<typeof AdhesionSchema>;
export type EnteNetwork = z.infer<typeof EnteNetworkSchema>;
export type ProtocolList = z.infer<typeof ProtocolListSchema>;
export type ProtocolSummary = ProtocolList['items'][number];
export type ProtocolCommitments = z.infer<typeof ProtocolCommitmentsSchema>;
export type ConventionList = z.infer<typeof ConventionListSchema>;
export type ConventionSummary = ConventionList['items'][number];
export type ReferentList = z.infer<typeof ReferentListSchema>;
export type ReminderResult = z.infer<typeof ReminderResultSchema>;
export type Body = z.infer<typeof BodySchema>;
export type BodyList = z.infer<typeof BodyListSchema>;
export type BodyMemberInput = z.infer<typeof BodyMemberInputSchema>;
export type Meeting = z.infer<typeof MeetingSchema>;
export type MeetingInput = z.infer<typeof MeetingInputSchema>;
export type DecisionInput = z.infer<typeof DecisionInputSchema>;
export type DecisionList = z.infer<typeof DecisionListSchema>;
export type WorkingGroup = z.infer<typeof WorkingGroupSchema>;
export type WorkingGroupList = z.infer<typeof WorkingGroupListSchema>;
export type GroupMemberInput = z.infer<typeof GroupMemberInputSchema>;
export type GroupMemberLeave = z.infer<typeof GroupMemberLeaveSchema>;
export type LocalTable = z.infer<typeof LocalTableSchema>;
export type LocalTableList = z.infer<typeof LocalTableListSchema>;
export type LocalTableInput = z.infer<typeof LocalTableInputSchema>;
export type LocalTableUpdate = z.infer<typeof LocalTableUpdateSchema>;
export type Candidature = LocalTable['candidatures'][number];
export type CandidatureInput = z.infer<typeof CandidatureInputSchema>;
export type CandidatureDecision = z.infer<typeof CandidatureDecisionSchema>;
export type { Convention, Dashboard, EnteRef, Protocol, Referent, ReferentInput, Service };

/** A stored document (signed protocol or convention, meeting papers). */
export interface DocumentItem {
  id: string;
  title: string;
  version: number;
  sha256: string;
  mediaType: string;
  size: number;
  fileName: string;
  locked: boolean;
  createdAt: string;
}
export interface UploadedDocument {
  id: string;
  version: number;
  sha256: string;
  mediaType: string;
  size: number;
}
export type DocumentOwnerType = 'protocol' | 'convention' | 'meeting';

export interface ProtocolFilters {
  state?: ProtocolState;
  region?: string;
}
export interface ConventionFilters {
  provincia?: string;
  ente?: string;
  service?: Service;
  state?: ConventionState;
  kind?: Convention['kind'];
  expiringWithinDays?: number;
}
export interface ReferentFilters {
  ente?: string;
  area?: ReferentArea;
  region?: string;
}
export interface DecisionFilters {
  q?: string;
  body?: string;
}
type Paged<T> = T & { page: number; pageSize: number };

const id = encodeURIComponent;
const R = '/registry';

/** Link to the CSV export of a list with the same filters. */
export function csvUrl(path: string, filters: object): string {
  return `${API_BASE}${R}${path}${toQueryString({ ...(filters as Record<string, QueryValue>), format: 'csv' })}`;
}

export const networkApi = {
  dashboard: () => api.get<Dashboard>(`${R}/dashboard`),
  enteNetwork: (enteId: string) => api.get<EnteNetwork>(`${R}/enti/${id(enteId)}/network`),
  adhesion: (provinciaId: string) => api.get<Adhesion>(`${R}/enti/${id(provinciaId)}/adhesion`),

  referents: (params: Paged<ReferentFilters>, signal?: AbortSignal) =>
    api.get<ReferentList>(`${R}/referents`, { ...params }, signal),
  missingReferents: (area: ReferentArea) =>
    api.get<{ items: EnteRef[]; total: number }>(`${R}/referents/missing`, { area }),
  createReferent: (enteId: string, body: ReferentInput) =>
    api.post<Referent>(`${R}/enti/${id(enteId)}/referents`, body),
  updateReferent: (referentId: string, body: ReferentInput & { version: number }) =>
    api.put<Referent>(`${R}/referents/${id(referentId)}`, body),
  deleteReferent: (referentId: string) => api.delete<void>(`${R}/referents/${id(referentId)}`),

  protocols: (params: Paged<ProtocolFilters>, signal?: AbortSignal) =>
    api.get<ProtocolList>(`${R}/protocols`, { ...params }, signal),
  protocol: (protocolId: string) => api.get<Protocol>(`${R}/protocols/${id(protocolId)}`),
  updateCommitments: (protocolId: string, body: ProtocolCommitments) =>
    api.put<Protocol>(`${R}/protocols/${id(protocolId)}/commitments`, body),
  transitionProtocol: (protocolId: string, body: ProtocolTransition) =>
    api.post<Protocol>(`${R}/protocols/${id(protocolId)}/transitions`, body),
  sendReminders: () => api.post<ReminderResult>(`${R}/protocols/reminders`),

  conventions: (params: Paged<ConventionFilters>, signal?: AbortSignal) =>
    api.get<ConventionList>(`${R}/conventions`, { ...params }, signal),
  convention: (conventionId: string) => api.get<Convention>(`${R}/conventions/${id(conventionId)}`),
  createConvention: (body: ConventionCreate) => api.post<Convention>(`${R}/conventions`, body),
  updateConvention: (conventionId: string, body: ConventionUpdate) =>
    api.put<Convention>(`${R}/conventions/${id(conventionId)}`, body),
  transitionConvention: (conventionId: string, body: ConventionTransition) =>
    api.post<Convention>(`${R}/conventions/${id(conventionId)}/transitions`, body),

  bodies: () => api.get<BodyList>(`${R}/bodies`),
  body: (bodyId: string) => api.get<Body>(`${R}/bodies/${id(bodyId)}`),
  addBodyMember: (bodyId: string, body: BodyMemberInput) =>
    api.post<unknown>(`${R}/bodies/${id(bodyId)}/members`, body),
  removeBodyMember: (memberId: string) => api.delete<void>(`${R}/body-members/${id(memberId)}`),
  addBodyMeeting: (bodyId: string, body: MeetingInput) => api.post<Meeting>(`${R}/bodies/${id(bodyId)}/meetings`, body),
  updateMeeting: (meetingId: string, body: MeetingInput) => api.put<Meeting>(`${R}/meetings/${id(meetingId)}`, body),
  addDecision: (meetingId: string, body: DecisionInput) =>
    api.post<unknown>(`${R}/meetings/${id(meetingId)}/decisions`, body),
  decisions: (params: Paged<DecisionFilters>, signal?: AbortSignal) =>
    api.get<DecisionList>(`${R}/decisions`, { ...params }, signal),

  groups: () => api.get<WorkingGroupList>(`${R}/groups`),
  group: (groupId: string) => api.get<WorkingGroup>(`${R}/groups/${id(groupId)}`),
  addGroupMember: (groupId: string, body: GroupMemberInput) =>
    api.post<unknown>(`${R}/groups/${id(groupId)}/members`, body),
  leaveGroup: (memberId: string, body: GroupMemberLeave) =>
    api.post<unknown>(`${R}/group-members/${id(memberId)}/leave`, body),
  addGroupMeeting: (groupId: string, body: MeetingInput) =>
    api.post<Meeting>(`${R}/groups/${id(groupId)}/meetings`, body),

  tables: () => api.get<LocalTableList>(`${R}/tables`),
  table: (tableId: string) => api.get<LocalTable>(`${R}/tables/${id(tableId)}`),
  createTable: (body: LocalTableInput) => api.post<LocalTable>(`${R}/tables`, body),
  updateTable: (tableId: string, body: LocalTableUpdate) => api.put<LocalTable>(`${R}/tables/${id(tableId)}`, body),
  apply: (tableId: string, body: CandidatureInput) =>
    api.post<Candidature>(`${R}/tables/${id(tableId)}/candidatures`, body),
  decideCandidature: (candidatureId: string, body: CandidatureDecision) =>
    api.post<Candidature>(`${R}/candidatures/${id(candidatureId)}/decision`, body),

  documents: (ownerType: DocumentOwnerType, ownerId: string) =>
    api.get<{ items: DocumentItem[] }>('/documents', { ownerType, ownerId }),
  uploadDocument: (file: File, metadata: { ownerType: DocumentOwnerType; ownerId: string; title: string }) => {
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('file', file);
    return api.upload<UploadedDocument>('/documents', form);
  },
  documentUrl: (documentId: string) => `${API_BASE}/documents/${id(documentId)}/content`,
};

/** Query keys: every network query starts with 'network' so one invalidation refreshes the module. */
export const nk = {
  all: ['network'] as const,
  dashboard: ['network', 'dashboard'] as const,
  enteNetwork: (enteId: string) => ['network', 'ente', enteId] as const,
  adhesion: (provinciaId: string) => ['network', 'adhesion', provinciaId] as const,
  referents: (params: object) => ['network', 'referents', params] as const,
  missingReferents: (area: string) => ['network', 'referents-missing', area] as const,
  protocols: (params: object) => ['network', 'protocols', params] as const,
  protocol: (protocolId: string) => ['network', 'protocol', protocolId] as const,
  conventions: (params: object) => ['network', 'conventions', params] as const,
  convention: (conventionId: string) => ['network', 'convention', conventionId] as const,
  bodies: ['network', 'bodies'] as const,
  body: (bodyId: string) => ['network', 'body', bodyId] as const,
  decisions: (params: object) => ['network', 'decisions', params] as const,
  groups: ['network', 'groups'] as const,
  group: (groupId: string) => ['network', 'group', groupId] as const,
  tables: ['network', 'tables'] as const,
  table: (tableId: string) => ['network', 'table', tableId] as const,
  documents: (ownerType: string, ownerId: string) => ['network', 'documents', ownerType, ownerId] as const,
};
