CREATE TABLE "document_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"owner_type" text,
	"sha256" text NOT NULL,
	"placeholders" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fascicoli" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"aggregation_type" text DEFAULT 'Fascicolo' NOT NULL,
	"fascicolo_type" text,
	"title" text NOT NULL,
	"ente_id" uuid,
	"classification" jsonb,
	"responsible" text,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"retention_years" integer,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fascicolo_documents" (
	"fascicolo_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fascicolo_documents_fascicolo_id_document_id_pk" PRIMARY KEY("fascicolo_id","document_id")
);
--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "signatures" jsonb;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "text_content" text;--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_sha256_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fascicoli" ADD CONSTRAINT "fascicoli_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fascicoli" ADD CONSTRAINT "fascicoli_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fascicolo_documents" ADD CONSTRAINT "fascicolo_documents_fascicolo_id_fascicoli_id_fk" FOREIGN KEY ("fascicolo_id") REFERENCES "public"."fascicoli"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fascicolo_documents" ADD CONSTRAINT "fascicolo_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fascicoli_identifier_uq" ON "fascicoli" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "fascicoli_ente_idx" ON "fascicoli" USING btree ("ente_id");--> statement-breakpoint
CREATE INDEX "fascicolo_documents_document_idx" ON "fascicolo_documents" USING btree ("document_id");--> statement-breakpoint
-- Full-text search with Italian stemming over document titles and the text extracted from the files.
CREATE INDEX IF NOT EXISTS "document_versions_text_fts_idx" ON "document_versions" USING gin (to_tsvector('italian', coalesce("text_content", '')));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_title_fts_idx" ON "documents" USING gin (to_tsvector('italian', "title"));
