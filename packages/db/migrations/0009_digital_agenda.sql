CREATE TABLE "da_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"measure" text NOT NULL,
	"opens_on" date,
	"closes_on" date,
	"status" text NOT NULL,
	"allocated_cents" bigint,
	"measure_total_cents" bigint,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"import_id" uuid
);
--> statement-breakpoint
CREATE TABLE "da_centre_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provincia_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"name_it" text NOT NULL,
	"name_en" text NOT NULL,
	"description_it" text DEFAULT '' NOT NULL,
	"adhesion_instrument" text NOT NULL,
	"service_level" text NOT NULL,
	"request_category_code" text NOT NULL,
	"indicator_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "da_composites" (
	"istat_code" text NOT NULL,
	"period" integer NOT NULL,
	"methodology_version" integer NOT NULL,
	"peer_group" text NOT NULL,
	"score" double precision,
	"rank_low" integer,
	"rank_high" integer,
	"coverage" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "da_composites_istat_code_period_pk" PRIMARY KEY("istat_code","period")
);
--> statement-breakpoint
CREATE TABLE "da_distributions" (
	"indicator_code" text NOT NULL,
	"period" integer NOT NULL,
	"peer_group" text NOT NULL,
	"value" double precision NOT NULL,
	"n" integer NOT NULL,
	"below" integer NOT NULL,
	CONSTRAINT "da_distributions_indicator_code_period_peer_group_value_pk" PRIMARY KEY("indicator_code","period","peer_group","value")
);
--> statement-breakpoint
CREATE TABLE "da_import_rows" (
	"import_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"period" integer NOT NULL,
	"istat_code" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"observed_on" date NOT NULL,
	CONSTRAINT "da_import_rows_import_id_indicator_code_period_istat_code_pk" PRIMARY KEY("import_id","indicator_code","period","istat_code")
);
--> statement-breakpoint
CREATE TABLE "da_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"period" integer,
	"state" text NOT NULL,
	"report" jsonb NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "da_indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"area" text NOT NULL,
	"name_it" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"polarity" text NOT NULL,
	"aggregation" text NOT NULL,
	"aggregation_note" text NOT NULL,
	"source" text NOT NULL,
	"frequency" text NOT NULL,
	"availability" text NOT NULL,
	"min_value" double precision NOT NULL,
	"max_value" double precision NOT NULL,
	"target" double precision,
	"target_deadline" date,
	"target_note" text,
	"methodology_it" text DEFAULT '' NOT NULL,
	"methodology_en" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "da_istat_variations" (
	"old_code" text PRIMARY KEY NOT NULL,
	"new_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "da_methodology_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"area_weights" jsonb NOT NULL,
	"goalposts" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "da_stats" (
	"indicator_code" text NOT NULL,
	"period" integer NOT NULL,
	"level" text NOT NULL,
	"territory_code" text NOT NULL,
	"comuni" integer NOT NULL,
	"share" double precision,
	"population_weighted" double precision,
	"mean" double precision,
	"median" double precision,
	"sum" double precision,
	CONSTRAINT "da_stats_period_level_territory_code_indicator_code_pk" PRIMARY KEY("period","level","territory_code","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "da_values" (
	"indicator_code" text NOT NULL,
	"period" integer NOT NULL,
	"istat_code" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"observed_on" date NOT NULL,
	"entered_by" uuid,
	"import_id" uuid,
	"self_assessed" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"province_code" text NOT NULL,
	"region_code" text NOT NULL,
	"peer_group" text NOT NULL,
	"population" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "da_values_indicator_code_period_istat_code_pk" PRIMARY KEY("indicator_code","period","istat_code")
);
--> statement-breakpoint
ALTER TABLE "da_centre_services" ADD CONSTRAINT "da_centre_services_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "da_import_rows" ADD CONSTRAINT "da_import_rows_import_id_da_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."da_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "da_imports" ADD CONSTRAINT "da_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "da_methodology_versions" ADD CONSTRAINT "da_methodology_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "da_calls_title_uq" ON "da_calls" USING btree ("title");--> statement-breakpoint
CREATE INDEX "da_centre_services_provincia_idx" ON "da_centre_services" USING btree ("provincia_id");--> statement-breakpoint
CREATE INDEX "da_values_comune_idx" ON "da_values" USING btree ("istat_code","period");