DROP INDEX "enti_type_idx";--> statement-breakpoint
CREATE INDEX "enti_type_province_name_idx" ON "enti" USING btree ("type","province_istat_code","name","istat_code");