CREATE TABLE "da_alerts" (
	"istat_code" text NOT NULL,
	"indicator_code" text NOT NULL,
	"period" integer NOT NULL,
	"province_code" text NOT NULL,
	"reason" text NOT NULL,
	"value" double precision NOT NULL,
	"previous" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "da_alerts_istat_code_indicator_code_period_pk" PRIMARY KEY("istat_code","indicator_code","period")
);
--> statement-breakpoint
CREATE INDEX "da_alerts_province_idx" ON "da_alerts" USING btree ("province_code","period");