CREATE TABLE "eu_call_follows" (
	"call_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eu_call_follows_call_id_user_id_pk" PRIMARY KEY("call_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "eu_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"programme" text NOT NULL,
	"programme_code" text,
	"title" text NOT NULL,
	"action_type" text,
	"description" text,
	"deadline_model" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"deadlines" jsonb NOT NULL,
	"budget" numeric(14, 2),
	"cofinancing_rate" numeric(5, 2),
	"ente_types" text[] NOT NULL,
	"min_population" integer,
	"max_population" integer,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"territory" text[] DEFAULT '{}'::text[] NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"submitted_on" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"received_on" date,
	"received_amount" numeric(14, 2),
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_expenditures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"document_ref" text NOT NULL,
	"document_id" uuid,
	"date" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"eligible" boolean NOT NULL,
	"paid_on" date,
	"category" text NOT NULL,
	"sal_number" integer,
	"claim_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_interests" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"topics" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_office_years" (
	"provincia_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"staff_fte" numeric(6, 2) NOT NULL,
	"costs" numeric(14, 2) NOT NULL,
	"fees" numeric(14, 2) NOT NULL,
	"support_hours" integer NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eu_office_years_provincia_id_year_pk" PRIMARY KEY("provincia_id","year")
);
--> statement-breakpoint
CREATE TABLE "eu_programmes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"funds" text[] NOT NULL,
	"period" text NOT NULL,
	"managing_authority" text,
	"ft_framework_programme_code" text,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_project_partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"ente_id" uuid,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"pic" text,
	"country" text
);
--> statement-breakpoint
CREATE TABLE "eu_project_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"state" text NOT NULL,
	"date" date NOT NULL,
	"note" text,
	"document_id" uuid,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eu_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_ente_id" uuid NOT NULL,
	"provincia_id" uuid,
	"call_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"programme" text,
	"state" text DEFAULT 'idea' NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"budget" numeric(14, 2) DEFAULT '0' NOT NULL,
	"granted_amount" numeric(14, 2),
	"decree_ref" text,
	"cup" text,
	"procurement_procedure_id" uuid,
	"procurement_number" text,
	"cig" text,
	"supported_by_sape" boolean DEFAULT false NOT NULL,
	"budget_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cofinancing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"spending_plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reporting_deadlines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_on" date,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eu_call_follows" ADD CONSTRAINT "eu_call_follows_call_id_eu_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."eu_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_call_follows" ADD CONSTRAINT "eu_call_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_calls" ADD CONSTRAINT "eu_calls_programme_code_eu_programmes_code_fk" FOREIGN KEY ("programme_code") REFERENCES "public"."eu_programmes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_calls" ADD CONSTRAINT "eu_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_claims" ADD CONSTRAINT "eu_claims_project_id_eu_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eu_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_expenditures" ADD CONSTRAINT "eu_expenditures_project_id_eu_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eu_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_expenditures" ADD CONSTRAINT "eu_expenditures_claim_id_eu_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."eu_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_interests" ADD CONSTRAINT "eu_interests_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_office_years" ADD CONSTRAINT "eu_office_years_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_project_partners" ADD CONSTRAINT "eu_project_partners_project_id_eu_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eu_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_project_partners" ADD CONSTRAINT "eu_project_partners_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_project_steps" ADD CONSTRAINT "eu_project_steps_project_id_eu_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."eu_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_project_steps" ADD CONSTRAINT "eu_project_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_projects" ADD CONSTRAINT "eu_projects_lead_ente_id_enti_id_fk" FOREIGN KEY ("lead_ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_projects" ADD CONSTRAINT "eu_projects_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_projects" ADD CONSTRAINT "eu_projects_call_id_eu_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."eu_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eu_projects" ADD CONSTRAINT "eu_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eu_call_follows_user_idx" ON "eu_call_follows" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eu_calls_identifier_uq" ON "eu_calls" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "eu_calls_dates_idx" ON "eu_calls" USING btree ("closes_at","opens_at");--> statement-breakpoint
CREATE INDEX "eu_calls_topics_idx" ON "eu_calls" USING gin ("topics");--> statement-breakpoint
CREATE UNIQUE INDEX "eu_claims_number_uq" ON "eu_claims" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "eu_expenditures_project_idx" ON "eu_expenditures" USING btree ("project_id","date");--> statement-breakpoint
CREATE INDEX "eu_project_partners_project_idx" ON "eu_project_partners" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "eu_project_partners_ente_idx" ON "eu_project_partners" USING btree ("ente_id");--> statement-breakpoint
CREATE INDEX "eu_project_steps_project_idx" ON "eu_project_steps" USING btree ("project_id","at");--> statement-breakpoint
CREATE INDEX "eu_projects_lead_idx" ON "eu_projects" USING btree ("lead_ente_id","state");--> statement-breakpoint
CREATE INDEX "eu_projects_provincia_idx" ON "eu_projects" USING btree ("provincia_id","lead_ente_id");--> statement-breakpoint
CREATE INDEX "eu_projects_cup_idx" ON "eu_projects" USING btree ("cup");