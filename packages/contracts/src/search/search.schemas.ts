import { z } from 'zod';

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(2, 'At least 2 characters').max(200),
  kind: z.string().min(1).max(50).regex(/^[a-z][a-z0-9_.-]*$/).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;

export const SearchResultSchema = z.object({
  kind: z.string(),
  id: z.uuid(),
  title: z.string(),
  /** Plain text around the matches; the matched words between « and ». */
  snippet: z.string().optional(),
  url: z.string(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({
  items: z.array(SearchResultSchema),
  total: z.number(),
  /** Matches per kind (all kinds, whatever the kind filter). */
  byKind: z.record(z.string(), z.number()),
  /** More matches than were counted: `total` and `byKind` are lower bounds (shown as "1000+"). */
  capped: z.boolean(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
