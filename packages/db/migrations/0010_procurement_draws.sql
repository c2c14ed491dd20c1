CREATE TABLE "procurement_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"requested" integer NOT NULL,
	"candidates" uuid[] NOT NULL,
	"excluded" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"public_seed" text NOT NULL,
	"candidates_sha256" text NOT NULL,
	"drawn" uuid[] NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procurement_draws" ADD CONSTRAINT "procurement_draws_procedure_id_procurement_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procurement_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_draws" ADD CONSTRAINT "procurement_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procurement_draws_procedure_idx" ON "procurement_draws" USING btree ("procedure_id","drawn_at");