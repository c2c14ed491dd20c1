import type {
  AgidMetadataInput,
  DocumentCapabilities,
  DocumentDetail,
  DocumentList,
  DocumentSearchResult,
  DocumentSignatures,
  DocumentTemplateList,
  DocumentUploadResult,
  FascicoloCreate,
  FascicoloUpdate,
} from '@app/contracts';
import { API_BASE, api } from '../../lib/api-client';

const id = encodeURIComponent;

/** The complete AgID metadata of a version: what the user filled plus what the platform computed. */
export type AgidMetadata = AgidMetadataInput & {
  idDoc?: { identificativo: string; impronta: string; algoritmo: string };
  formato?: { mimeType: string };
  nomeDelDocumento?: string;
  versioneDelDocumento?: number;
  dataCreazione?: string;
  autore?: { id: string; denominazione: string } | null;
};

export interface Fascicolo {
  id: string;
  identifier: string;
  aggregationType: string;
  fascicoloType: string | null;
  title: string;
  enteId: string;
  classification: { indice: string; descrizione?: string; piano?: string } | null;
  responsible: string | null;
  openedOn: string;
  closedOn: string | null;
  retentionYears: number | null;
  note: string | null;
  version: number;
  createdAt: string;
}

export interface FascicoloDocument {
  id: string;
  title: string;
  position: number;
  version: number;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
  addedAt: string;
}

export type FascicoloDetail = Fascicolo & { documents: FascicoloDocument[] };

export const documentsApi = {
  list: (ownerType: string, ownerId: string) => api.get<DocumentList>('/documents', { ownerType, ownerId }),
  upload: (file: File, metadata: { ownerType: string; ownerId: string; title?: string }) => {
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('file', file);
    return api.upload<DocumentUploadResult>('/documents', form);
  },
  detail: (documentId: string) => api.get<DocumentDetail>(`/documents/${id(documentId)}`),
  addVersion: (documentId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<DocumentUploadResult>(`/documents/${id(documentId)}/versions`, form);
  },
  contentUrl: (documentId: string, version?: number) =>
    `${API_BASE}/documents/${id(documentId)}/content${version ? `?version=${version}` : ''}`,
  signedContentUrl: (documentId: string, version?: number) =>
    `${API_BASE}/documents/${id(documentId)}/signed-content${version ? `?version=${version}` : ''}`,
  metadata: (documentId: string, version?: number) =>
    api.get<AgidMetadata>(`/documents/${id(documentId)}/metadata`, { version }),
  putMetadata: (documentId: string, body: AgidMetadataInput) =>
    api.put<{ id: string; version: number; newVersion: boolean }>(`/documents/${id(documentId)}/metadata`, body),
  compare: (documentId: string, from: number, to: number) =>
    api.get<{ from: number; to: number; changed: string[] }>(`/documents/${id(documentId)}/metadata/compare`, {
      from,
      to,
    }),
  signatures: (documentId: string, version: number) =>
    api.get<DocumentSignatures>(`/documents/${id(documentId)}/signatures`, { version }),
  search: (q: string) => api.get<DocumentSearchResult>('/documents/search', { q }),
  capabilities: () => api.get<DocumentCapabilities>('/documents/capabilities'),
  templates: () => api.get<DocumentTemplateList>('/document-templates'),
  uploadTemplate: (file: File, fields: { name: string; description?: string; ownerType?: string }) => {
    const form = new FormData();
    form.append('name', fields.name);
    if (fields.description) form.append('description', fields.description);
    if (fields.ownerType) form.append('ownerType', fields.ownerType);
    form.append('file', file);
    return api.upload<unknown>('/document-templates', form);
  },
  templatePreviewUrl: (templateId: string) => `${API_BASE}/document-templates/${id(templateId)}/preview`,
  fascicoli: () => api.get<{ items: Fascicolo[]; total: number }>('/fascicoli'),
  fascicolo: (fascicoloId: string) => api.get<FascicoloDetail>(`/fascicoli/${id(fascicoloId)}`),
  createFascicolo: (body: FascicoloCreate) => api.post<Fascicolo>('/fascicoli', body),
  updateFascicolo: (fascicoloId: string, body: FascicoloUpdate) =>
    api.put<Fascicolo>(`/fascicoli/${id(fascicoloId)}`, body),
  addToFascicolo: (fascicoloId: string, documentId: string) =>
    api.post<unknown>(`/fascicoli/${id(fascicoloId)}/documents`, { documentId }),
  removeFromFascicolo: (fascicoloId: string, documentId: string) =>
    api.delete<unknown>(`/fascicoli/${id(fascicoloId)}/documents/${id(documentId)}`),
  exportUrl: (fascicoloId: string) => `${API_BASE}/fascicoli/${id(fascicoloId)}/export`,
};

export const dk = {
  list: (ownerType: string, ownerId: string) => ['documents', 'list', ownerType, ownerId] as const,
  detail: (documentId: string) => ['documents', 'detail', documentId] as const,
  metadata: (documentId: string, version?: number) => ['documents', 'metadata', documentId, version ?? 0] as const,
  signatures: (documentId: string, version: number) => ['documents', 'signatures', documentId, version] as const,
  compare: (documentId: string, from: number, to: number) => ['documents', 'compare', documentId, from, to] as const,
  search: (q: string) => ['documents', 'search', q] as const,
  capabilities: ['documents', 'capabilities'] as const,
  templates: ['documents', 'templates'] as const,
  fascicoli: ['documents', 'fascicoli'] as const,
  fascicolo: (fascicoloId: string) => ['documents', 'fascicolo', fascicoloId] as const,
};

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1).replace('.', ',')} kB`;
  return `${(size / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
