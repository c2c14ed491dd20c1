import type { Comment, CommentList, CommentRevisionList, MentionableList } from '@app/contracts';
import { api } from '../../lib/api-client';

const id = encodeURIComponent;

export const ck = {
  list: (recordType: string, recordId: string) => ['comments', recordType, recordId] as const,
  revisions: (commentId: string) => ['comments', 'revisions', commentId] as const,
};

export const commentsApi = {
  list: (recordType: string, recordId: string) => api.get<CommentList>('/comments', { recordType, recordId }),
  create: (body: { recordType: string; recordId: string; body: string; mentions: string[] }) => api.post<Comment>('/comments', body),
  update: (commentId: string, body: { body: string; mentions: string[] }) => api.patch<Comment>(`/comments/${id(commentId)}`, body),
  remove: (commentId: string) => api.delete<void>(`/comments/${id(commentId)}`),
  revisions: (commentId: string) => api.get<CommentRevisionList>(`/comments/${id(commentId)}/revisions`),
  preview: (body: string) => api.post<{ html: string }>('/comments/preview', { body }),
  mentionable: (recordType: string, recordId: string, q: string, signal?: AbortSignal) =>
    api.get<MentionableList>('/comments/mentionable', { recordType, recordId, q }, signal),
  subscribe: (recordType: string, recordId: string, level: 'watching' | 'muted' | 'none') =>
    api.put<{ subscription: 'watching' | 'muted' | null }>('/comments/subscription', { recordType, recordId, level }),
};

/** The text after an "@" being typed at the caret, if any (`@ma` → `ma`). */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\p{L}'’-]{0,30}(?: [\p{L}'’-]{0,30})?)$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** The people still mentioned: those whose "@Name" is still in the text. */
export function mentionsInText(text: string, chosen: { id: string; displayName: string }[]): string[] {
  return [...new Set(chosen.filter((p) => text.includes(`@${p.displayName}`)).map((p) => p.id))];
}
