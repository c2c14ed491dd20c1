import { z } from 'zod';

/** Limits shared by API and web forms. */
export const PageLimits = { maxPageSize: 200, defaultPageSize: 25 } as const;

/** Query parameters of every paginated list. */
export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('Pagina, da 1'),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(PageLimits.maxPageSize)
    .default(PageLimits.defaultPageSize)
    .describe('Elementi per pagina'),
});

/** The one error answer of the API. */
export const ErrorSchema = z.object({
  code: z.string().describe('Stable snake_case error code, translated by the web app'),
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string(),
});
export type ApiErrorBody = z.infer<typeof ErrorSchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

/** `true`/`false` in a query string. */
export const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
