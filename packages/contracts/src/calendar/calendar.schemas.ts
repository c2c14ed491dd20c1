import { z } from 'zod';

/** Longest span of one calendar query, in days. */
export const CALENDAR_MAX_RANGE_DAYS = 400;

const IsoDay = z.iso.date().describe('Data (AAAA-MM-GG)');
const Slug = z.string().regex(/^[a-z][a-z0-9_.-]{0,49}$/, 'Valore non valido');

/** `GET /calendar/items`: a range of Rome dates (both included), optionally one module or kind. */
export const CalendarQuerySchema = z
  .object({
    from: IsoDay.describe('Primo giorno (incluso)'),
    to: IsoDay.describe('Ultimo giorno (incluso)'),
    module: Slug.optional().describe('Solo le scadenze di un modulo'),
    kind: Slug.optional().describe('Solo un tipo di scadenza'),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: "L'ultimo giorno non può precedere il primo" });
      return;
    }
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
    if (days > CALENDAR_MAX_RANGE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `L'intervallo non può superare ${CALENDAR_MAX_RANGE_DAYS} giorni`,
      });
    }
  });
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

/** One dated item of a user's calendar. */
export const CalendarItemSchema = z.object({
  id: z.uuid(),
  module: z.string().describe('Modulo che ha pubblicato la scadenza'),
  kind: z.string().describe('Tipo: convention_expiry, table_deadline, meeting…'),
  title: z.string(),
  description: z.string(),
  startsAt: z.string().describe('Inizio (ISO 8601, UTC); per le giornate intere la mezzanotte di Roma'),
  endsAt: z.string().nullable(),
  allDay: z.boolean(),
  /** The day in Rome (YYYY-MM-DD) on which the item starts. */
  date: IsoDay,
  url: z.string().nullable().describe("Pagina dell'applicazione a cui si riferisce"),
  location: z.string().nullable(),
});
export type CalendarItem = z.infer<typeof CalendarItemSchema>;

export const CalendarItemListSchema = z.object({ items: z.array(CalendarItemSchema) });
export type CalendarItemList = z.infer<typeof CalendarItemListSchema>;

/** The private address of a user's iCalendar feed. */
export const CalendarFeedTokenSchema = z.object({
  token: z.string(),
  url: z.string().describe('Indirizzo https del calendario (iCalendar)'),
  webcalUrl: z.string().describe('Lo stesso indirizzo con lo schema webcal://'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type CalendarFeedToken = z.infer<typeof CalendarFeedTokenSchema>;

export const CalendarFeedQuerySchema = z.object({ token: z.string().min(1).max(200) });
