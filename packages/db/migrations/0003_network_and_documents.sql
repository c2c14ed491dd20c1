CREATE TABLE "governance_bodies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "governance_bodies_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "governance_body_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"organisation" text NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"from_on" date,
	"to_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "table_candidatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"table_id" uuid NOT NULL,
	"provincia_id" uuid NOT NULL,
	"motivation" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "convention_parties" (
	"convention_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"owner_ente_id" uuid NOT NULL,
	"services" text[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"legal_basis" text,
	"state" text DEFAULT 'draft' NOT NULL,
	"signed_document_id" uuid,
	"withdrawn_reason" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"number" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"topic" text NOT NULL,
	"area" text NOT NULL,
	"apply_by" date NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"state" text DEFAULT 'open' NOT NULL,
	"outcomes" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" uuid,
	"group_id" uuid,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"location" text,
	"agenda" text,
	"minutes" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocols" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provincia_id" uuid NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"staff_count" integer,
	"staff_note" text,
	"sent_on" date,
	"signed_on" date,
	"declined_reason" text,
	"signed_document_id" uuid,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminder_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"area" text NOT NULL,
	"full_name" text NOT NULL,
	"role" text,
	"office" text,
	"email" text NOT NULL,
	"phone" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_group_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"is_lead" boolean DEFAULT false NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"ente_id" uuid,
	"title" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "governance_body_members" ADD CONSTRAINT "governance_body_members_body_id_governance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."governance_bodies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_body_members" ADD CONSTRAINT "governance_body_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_candidatures" ADD CONSTRAINT "table_candidatures_table_id_local_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."local_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_candidatures" ADD CONSTRAINT "table_candidatures_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "convention_parties" ADD CONSTRAINT "convention_parties_convention_id_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "convention_parties" ADD CONSTRAINT "convention_parties_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_owner_ente_id_enti_id_fk" FOREIGN KEY ("owner_ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_body_id_governance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."governance_bodies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocols" ADD CONSTRAINT "protocols_provincia_id_enti_id_fk" FOREIGN KEY ("provincia_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referents" ADD CONSTRAINT "referents_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_sha256_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "governance_body_members_body_idx" ON "governance_body_members" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_candidatures_uq" ON "table_candidatures" USING btree ("table_id","provincia_id");--> statement-breakpoint
CREATE UNIQUE INDEX "convention_parties_pk" ON "convention_parties" USING btree ("convention_id","ente_id");--> statement-breakpoint
CREATE INDEX "convention_parties_ente_idx" ON "convention_parties" USING btree ("ente_id");--> statement-breakpoint
CREATE INDEX "conventions_owner_idx" ON "conventions" USING btree ("owner_ente_id");--> statement-breakpoint
CREATE INDEX "conventions_state_idx" ON "conventions" USING btree ("state","ends_on");--> statement-breakpoint
CREATE INDEX "decisions_meeting_idx" ON "decisions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_body_idx" ON "meetings" USING btree ("body_id","held_at");--> statement-breakpoint
CREATE INDEX "meetings_group_idx" ON "meetings" USING btree ("group_id","held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "protocols_provincia_uq" ON "protocols" USING btree ("provincia_id");--> statement-breakpoint
CREATE INDEX "protocols_state_idx" ON "protocols" USING btree ("state");--> statement-breakpoint
CREATE INDEX "referents_ente_idx" ON "referents" USING btree ("ente_id","area");--> statement-breakpoint
CREATE INDEX "working_group_members_group_idx" ON "working_group_members" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "working_group_members_ente_idx" ON "working_group_members" USING btree ("ente_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_uq" ON "document_versions" USING btree ("document_id","version");--> statement-breakpoint
CREATE INDEX "documents_owner_idx" ON "documents" USING btree ("owner_type","owner_id");