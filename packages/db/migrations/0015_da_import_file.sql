ALTER TABLE "da_imports" ADD COLUMN "content" text;--> statement-breakpoint
-- written once and read once, at publication: kept uncompressed
ALTER TABLE "da_imports" ALTER COLUMN "content" SET STORAGE EXTERNAL;--> statement-breakpoint
-- values files validated but not yet published: their checked rows become the file they are published from
UPDATE "da_imports" i SET "content" = 'codice_istat;indicatore;anno;valore;data_rilevazione' || E'\n' || s.t
  FROM (SELECT import_id, string_agg(concat_ws(';', istat_code, indicator_code, period, value, observed_on), E'\n' ORDER BY indicator_code, period, istat_code) AS t
        FROM "da_import_rows" GROUP BY import_id) s
  WHERE s.import_id = i.id AND i.kind = 'values_csv' AND i.state = 'validated';--> statement-breakpoint
-- other files validated but not yet published are to be loaded again
UPDATE "da_imports" SET "state" = 'rejected' WHERE "state" = 'validated' AND "content" IS NULL;--> statement-breakpoint
DROP TABLE "da_import_rows" CASCADE;
