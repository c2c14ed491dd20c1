import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Append-only audit log; each row's hash covers the previous row's hash. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorId: uuid(),
    actorEmail: text(),
    enteId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    changes: jsonb().notNull(),
    requestId: text(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_ente_idx').on(t.enteId),
  ],
);
