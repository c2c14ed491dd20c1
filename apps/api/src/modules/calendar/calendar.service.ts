import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@app/db';
import type { JobQueue } from '../../lib/jobs.js';
import type { RecordRegistry } from '../../lib/records.js';
import { integerArray, textArray } from '../../lib/sql-arrays.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

/** A dated item a module publishes (a tender deadline, a call closing, a training session, a convention expiry). */
export interface CalendarItemInput {
  module: string;
  sourceType: string;
  sourceId: string;
  kind: string;
  title: string;
  description?: string;
  startsAt: Date;
  endsAt?: Date | null;
  /** A whole day (dates only; `startsAt` is read as that day in Europe/Rome). */
  allDay?: boolean;
  url?: string | null;
  location?: string | null;
  enteId?: string | null;
  /** Who sees it (audience tokens); normally the source record's audience. */
  audience: string[];
  /** Days before on which reminders go out; default 7 and 1. */
  remindDays?: number[];
  isDemo?: boolean;
}

export interface CalendarDeps {
  db: Db;
  jobs: JobQueue;
  records: RecordRegistry;
  notifications: NotificationsService;
  baseUrl: string;
}

/** The deadlines calendar: modules publish dated items in their transactions; each user sees those of their audience. */
export function createCalendarService(d: CalendarDeps) {
  void d;
  return {
    /** Creates or updates the item of (sourceType, sourceId, kind). */
    async publish(tx: DbOrTx, i: CalendarItemInput): Promise<void> {
      await tx.execute(sql`
        insert into calendar_items (module, source_type, source_id, kind, title, description, starts_at, ends_at, all_day, url,
          location, ente_id, audience, remind_days, is_demo)
        values (${i.module}, ${i.sourceType}, ${i.sourceId}, ${i.kind}, ${i.title}, ${i.description ?? ''}, ${i.startsAt.toISOString()}::timestamptz,
          ${i.endsAt ? i.endsAt.toISOString() : null}::timestamptz, ${i.allDay ?? false}, ${i.url ?? null}, ${i.location ?? null},
          ${i.enteId ?? null}, ${textArray(i.audience)}, ${integerArray(i.remindDays ?? [7, 1])}, ${i.isDemo ?? false})
        on conflict (source_type, source_id, kind) do update set module = excluded.module, title = excluded.title,
          description = excluded.description, starts_at = excluded.starts_at, ends_at = excluded.ends_at, all_day = excluded.all_day,
          url = excluded.url, location = excluded.location, ente_id = excluded.ente_id, audience = excluded.audience,
          remind_days = excluded.remind_days,
          reminders_sent = case when calendar_items.starts_at = excluded.starts_at then calendar_items.reminders_sent else '{}' end,
          sequence = calendar_items.sequence + 1, updated_at = now()`);
    },
    /** Removes the items of a source (all kinds, or one). */
    async remove(tx: DbOrTx, sourceType: string, sourceId: string, kind?: string): Promise<void> {
      await tx.execute(
        sql`delete from calendar_items where source_type = ${sourceType} and source_id = ${sourceId} ${kind ? sql`and kind = ${kind}` : sql``}`,
      );
    },
  };
}
export type CalendarService = ReturnType<typeof createCalendarService>;
