import type { SearchResponse } from '@app/contracts';
import { api } from '../../lib/api-client';

export const PAGE_SIZE = 20;

export const searchApi = {
  search: (q: string, kind: string | undefined, page: number, signal?: AbortSignal) =>
    api.get<SearchResponse>('/search', { q, kind, page, pageSize: PAGE_SIZE }, signal),
};

/** The kinds in the order the page shows them; kinds added later follow in alphabetical order. */
export const KIND_ORDER = ['ente', 'protocol', 'convention', 'request', 'document', 'comment'];
export const orderKinds = (kinds: string[]) =>
  [...kinds].sort((a, b) => {
    const ia = KIND_ORDER.indexOf(a);
    const ib = KIND_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
