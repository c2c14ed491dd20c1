import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/** Enti of the network: the UPI, regions, provinces, città metropolitane and comuni. */
export const enti = pgTable(
  'enti',
  {
    id: uuid().primaryKey().defaultRandom(),
    type: text().notNull(),
    /** ISTAT code: 2 digits region, 3 digits province (unità territoriale sovracomunale), 6 digits comune. */
    istatCode: text(),
    /** Codice provincia storico (e.g. 001 for the Città metropolitana di Torino, whose UTS code is 201). */
    historicCode: text(),
    name: text().notNull(),
    regionIstatCode: text(),
    provinceIstatCode: text(),
    parentId: uuid().references((): AnyPgColumn => enti.id),
    cadastralCode: text(),
    carPlate: text(),
    postalCodes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    population: integer(),
    /** One of the 76 Provinces of the ordinary-statute regions served by the programme. */
    inProgramme: boolean().notNull().default(false),
    /** Suppressed by a later ISTAT import (kept for history and foreign keys). */
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enti_type_istat_code_uq').on(t.type, t.istatCode),
    // serves the list of a province's comuni in name order without a sort
    index('enti_type_province_name_idx').on(t.type, t.provinceIstatCode, t.name, t.istatCode),
    index('enti_region_idx').on(t.regionIstatCode),
    index('enti_name_idx').on(sql`lower(${t.name})`),
  ],
);
