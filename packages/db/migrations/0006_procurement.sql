CREATE TABLE "economic_operators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"tax_code" text NOT NULL,
	"vat_number" text,
	"legal_form" text,
	"address" text,
	"pec" text,
	"employees" integer,
	"soa" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"requested_at" date,
	"requested_by" uuid,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"evidence_document_id" uuid,
	"issued_on" date,
	"valid_until" date,
	"note" text,
	"alerts" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_counters" (
	"provincia_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"doc_type" text NOT NULL,
	"required" boolean NOT NULL,
	"producer" text NOT NULL,
	"folder" text NOT NULL,
	"position" integer NOT NULL,
	"state" text DEFAULT 'da_redigere' NOT NULL,
	"document_id" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "procurement_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"cpv" text,
	"cig" text
);
--> statement-breakpoint
CREATE TABLE "procurement_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"role" text NOT NULL,
	"offer_amount" numeric(14, 2),
	"rank" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"comune_id" uuid NOT NULL,
	"provincia_id" uuid NOT NULL,
	"convention_id" uuid,
	"requested_by" uuid,
	"title" text NOT NULL,
	"description" text,
	"object_type" text NOT NULL,
	"sia" boolean DEFAULT false NOT NULL,
	"cpv_main" text NOT NULL,
	"cpv_secondary" text[] DEFAULT '{}'::text[] NOT NULL,
	"estimated_value" numeric(14, 2) NOT NULL,
	"options_value" numeric(14, 2) DEFAULT '0' NOT NULL,
	"cup" text,
	"pnrr" boolean DEFAULT false NOT NULL,
	"funding_note" text,
	"rup_name" text NOT NULL,
	"rup_email" text,
	"desired_start" date,
	"desired_award" date,
	"social_services" boolean DEFAULT false NOT NULL,
	"labour_intensive" boolean DEFAULT false NOT NULL,
	"innovative" boolean DEFAULT false NOT NULL,
	"procedure_code" text,
	"award_criterion" text,
	"price_cap_percent" numeric(5, 2),
	"justification" text,
	"state" text DEFAULT 'bozza' NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"return_note" text,
	"published_on" date,
	"platform" text,
	"offer_deadline" timestamp with time zone,
	"proposal_on" date,
	"awardee_id" uuid,
	"award_amount" numeric(14, 2),
	"awarded_on" date,
	"fvoe_fallback_note" text,
	"standstill_end" date,
	"stipula_deadline" date,
	"signed_on" date,
	"fascicolo_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_rules" (
	"key" text NOT NULL,
	"value" numeric(16, 2) NOT NULL,
	"unit" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"legal_basis" text NOT NULL,
	"note_it" text DEFAULT '' NOT NULL,
	"note_en" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_team" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_check_catalogue" (
	"code" text PRIMARY KEY NOT NULL,
	"name_it" text NOT NULL,
	"name_en" text NOT NULL,
	"category" text NOT NULL,
	"legal_basis" text NOT NULL,
	"evidence" text NOT NULL,
	"issuer" text NOT NULL,
	"fvoe_code" text,
	"validity_days" integer,
	"applies_to" text NOT NULL,
	"scope" text DEFAULT 'all' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_templates" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "economic_operators" ADD CONSTRAINT "economic_operators_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_checks" ADD CONSTRAINT "procurement_checks_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_checks" ADD CONSTRAINT "procurement_checks_operator_id_economic_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."economic_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_checks" ADD CONSTRAINT "procurement_checks_code_requirement_check_catalogue_code_fk" FOREIGN KEY ("code") REFERENCES "public"."requirement_check_catalogue"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_checks" ADD CONSTRAINT "procurement_checks_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_counters" ADD CONSTRAINT "procurement_counters_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_documents" ADD CONSTRAINT "procurement_documents_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_documents" ADD CONSTRAINT "procurement_documents_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_events" ADD CONSTRAINT "procurement_events_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_events" ADD CONSTRAINT "procurement_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_lots" ADD CONSTRAINT "procurement_lots_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_participants" ADD CONSTRAINT "procurement_participants_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_participants" ADD CONSTRAINT "procurement_participants_operator_id_economic_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."economic_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_procedures" ADD CONSTRAINT "procurement_procedures_comune_id_enti_id_fk" FOREIGN KEY ("comune_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_procedures" ADD CONSTRAINT "procurement_procedures_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_procedures" ADD CONSTRAINT "procurement_procedures_convention_id_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."conventions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_procedures" ADD CONSTRAINT "procurement_procedures_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_team" ADD CONSTRAINT "procurement_team_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_team" ADD CONSTRAINT "procurement_team_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "economic_operators_tax_code_idx" ON "economic_operators" USING btree ("tax_code");--> statement-breakpoint
CREATE INDEX "economic_operators_name_idx" ON "economic_operators" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_checks_item_idx" ON "procurement_checks" USING btree ("procedure_id","operator_id","code");--> statement-breakpoint
CREATE INDEX "procurement_checks_valid_until_idx" ON "procurement_checks" USING btree ("valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_counters_pk" ON "procurement_counters" USING btree ("provincia_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_documents_type_idx" ON "procurement_documents" USING btree ("procedure_id","doc_type");--> statement-breakpoint
CREATE INDEX "procurement_events_procedure_idx" ON "procurement_events" USING btree ("procedure_id","at");--> statement-breakpoint
CREATE INDEX "procurement_events_phase_idx" ON "procurement_events" USING btree ("to_state") WHERE "procurement_events"."left_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_lots_number_idx" ON "procurement_lots" USING btree ("procedure_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_participants_idx" ON "procurement_participants" USING btree ("procedure_id","operator_id");--> statement-breakpoint
CREATE INDEX "procurement_participants_operator_idx" ON "procurement_participants" USING btree ("operator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_procedures_number_idx" ON "procurement_procedures" USING btree ("number");--> statement-breakpoint
CREATE INDEX "procurement_procedures_provincia_idx" ON "procurement_procedures" USING btree ("provincia_id","state","updated_at");--> statement-breakpoint
CREATE INDEX "procurement_procedures_comune_idx" ON "procurement_procedures" USING btree ("comune_id","state","updated_at");--> statement-breakpoint
CREATE INDEX "procurement_procedures_state_idx" ON "procurement_procedures" USING btree ("state","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_rules_pk" ON "procurement_rules" USING btree ("key","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_team_member_idx" ON "procurement_team" USING btree ("procedure_id","user_id","role");--> statement-breakpoint
CREATE INDEX "procurement_team_user_idx" ON "procurement_team" USING btree ("user_id");