CREATE TABLE "da_area_stats" (
	"period" integer NOT NULL,
	"level" text NOT NULL,
	"territory_code" text NOT NULL,
	"area" text NOT NULL,
	"methodology_version" integer NOT NULL,
	"comuni" integer NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "da_area_stats_period_level_territory_code_area_pk" PRIMARY KEY("period","level","territory_code","area")
);
