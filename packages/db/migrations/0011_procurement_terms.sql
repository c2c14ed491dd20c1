CREATE TABLE "procurement_terms" (
	"convention_id" uuid PRIMARY KEY NOT NULL,
	"max_value" numeric(14, 2),
	"fee_percent" numeric(5, 2),
	"fee_min" numeric(14, 2),
	"fee_max" numeric(14, 2),
	"sua_level_sf" text,
	"sua_level_works" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procurement_terms" ADD CONSTRAINT "procurement_terms_convention_id_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."conventions"("id") ON DELETE cascade ON UPDATE no action;