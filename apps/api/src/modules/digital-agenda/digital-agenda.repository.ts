import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '@app/db';
import { PEER_GROUPS } from './digital-agenda.maths.js';

const rows = async <T>(db: DbOrTx, q: SQL): Promise<T[]> => rowsOf<T>(await db.execute(q));

/**
 * The SQL expression of a Comune's peer group from its population (same classes as PEER_GROUPS). Literals, not
 * parameters: the same expression must match between GROUP BY and the select list.
 */
export function peerGroupSql(population: string): SQL {
  const cases = PEER_GROUPS.filter((g) => Number.isFinite(g.max)).map((g) => `when ${population} <= ${g.max} then '${g.code}'`);
  return sql.raw(`(case ${cases.join(' ')} else '${PEER_GROUPS[PEER_GROUPS.length - 1]!.code}' end)`);
}

export interface IndicatorRow {
  code: string;
  area: string;
  name_it: string;
  name_en: string;
  unit: string;
  polarity: 'up' | 'down' | 'context';
  aggregation: 'share' | 'mean' | 'median' | 'ratio' | 'sum';
  aggregation_note: string;
  source: string;
  frequency: string;
  availability: string;
  min_value: number;
  max_value: number;
  target: number | null;
  target_deadline: string | null;
  target_note: string | null;
}

export interface ComuneRow {
  id: string;
  istat_code: string;
  name: string;
  population: number;
  province_istat_code: string;
  region_istat_code: string;
  province_id: string | null;
  province_name: string | null;
}

export interface StatRow {
  comuni: number;
  share: number | null;
  population_weighted: number | null;
  mean: number | null;
  median: number | null;
  sum: number | null;
}

export interface CompositeRow {
  period: number;
  score: number | null;
  rank_low: number | null;
  rank_high: number | null;
  coverage: number;
  methodology_version: number;
  peer_group: string;
}

export interface ProfileRow extends Pick<IndicatorRow, 'code' | 'area' | 'unit' | 'polarity' | 'aggregation' | 'target' | 'target_deadline'> {
  /** The Comune, on every row. */
  comune_id: string;
  comune_name: string;
  population: number;
  province_istat_code: string;
  region_istat_code: string;
  peer_group: string;
  province_id: string | null;
  province_name: string | null;
  value: number | null;
  source_of_value: string | null;
  observed_on: string | null;
  self_assessed: boolean | null;
  /** Comuni of the peer group with the same value, and with a lower one. */
  equal: number | null;
  below: number | null;
  peer: StatRow | null;
  province: StatRow | null;
  region: StatRow | null;
  national: StatRow | null;
  /** The Comune's values of the indicator up to the period: [year, value, self-assessed], oldest first. */
  series: [number, number, boolean][] | null;
  /** On the first row only: the Comune's composite index of the period and of the year before. */
  composites: CompositeRow[] | null;
}

/**
 * The profile's one query: the Comune (no row when it does not exist) and every indicator with the Comune's value and
 * series, its rank in the peer group, the aggregates of its territories, and (first row) its composite index.
 */
export const profileQuery = (istatCode: string, period: number) =>
  sql`with c as (
        select c.id, c.istat_code, c.name, coalesce(c.population, 0)::int as population, c.province_istat_code, c.region_istat_code,
               ${peerGroupSql('coalesce(c.population, 0)')} as peer_group, p.id as province_id, p.name as province_name
        from enti c
        left join enti p on p.istat_code = c.province_istat_code and p.type in ('provincia', 'citta_metropolitana')
        where c.type = 'comune' and c.istat_code = ${istatCode} and c.active
      ), s as (
        select indicator_code, json_agg(json_build_array(period, value, self_assessed) order by period) as series
        from da_values where istat_code = ${istatCode} and period <= ${period} group by indicator_code
      )
      select c.id as comune_id, c.name as comune_name, c.population, c.province_istat_code, c.region_istat_code, c.peer_group,
             c.province_id, c.province_name,
             i.code, i.area, i.unit, i.polarity, i.aggregation, i.target, i.target_deadline,
             v.value, v.source as source_of_value, v.observed_on::text as observed_on, v.self_assessed,
             h.n as equal, h.below,
             ${statJson('sp')} as peer, ${statJson('pr')} as province, ${statJson('rg')} as region, ${statJson('na')} as national,
             s.series,
             case when row_number() over (order by i.position) = 1 then
               (select json_agg(json_build_object('period', k.period, 'score', k.score, 'rank_low', k.rank_low, 'rank_high', k.rank_high,
                                                  'coverage', k.coverage, 'methodology_version', k.methodology_version, 'peer_group', k.peer_group))
                from da_composites k where k.istat_code = ${istatCode} and k.period in (${period}, ${period - 1}))
             end as composites
      from c cross join da_indicators i
      left join da_values v on v.indicator_code = i.code and v.period = ${period} and v.istat_code = c.istat_code
      left join da_distributions h on h.indicator_code = i.code and h.period = ${period} and h.peer_group = c.peer_group and h.value = v.value
      left join da_stats sp on sp.indicator_code = i.code and sp.period = ${period} and sp.level = 'peer' and sp.territory_code = c.peer_group
      left join da_stats pr on pr.indicator_code = i.code and pr.period = ${period} and pr.level = 'province' and pr.territory_code = c.province_istat_code
      left join da_stats rg on rg.indicator_code = i.code and rg.period = ${period} and rg.level = 'region' and rg.territory_code = c.region_istat_code
      left join da_stats na on na.indicator_code = i.code and na.period = ${period} and na.level = 'national' and na.territory_code = 'IT'
      left join s on s.indicator_code = i.code
      order by i.position`;

export interface BenchmarkSqlRow {
  code: string;
  total: number;
  comuni: number;
  share: number | null;
  population_weighted: number | null;
  mean: number | null;
  median: number | null;
}

const statJson = (alias: string) =>
  sql.raw(`case when ${alias}.comuni is null then null else json_build_object('comuni', ${alias}.comuni, 'share', ${alias}.share, 'population_weighted', ${alias}.population_weighted, 'mean', ${alias}.mean, 'median', ${alias}.median, 'sum', ${alias}.sum) end`);

/** Aggregates of one indicator per Province or Region, computed from the Comuni (the benchmark's main query). */
export const benchmarkQuery = (code: string, period: number, level: 'province' | 'region') => {
  const key = level === 'province' ? sql.raw('c.province_istat_code') : sql.raw('c.region_istat_code');
  return sql`select ${key} as code, count(*)::int as total, count(v.value)::int as comuni,
                    avg(v.value) as share,
                    sum(coalesce(c.population, 0) * v.value) / nullif(sum(coalesce(c.population, 0)) filter (where v.value is not null), 0) as population_weighted,
                    avg(v.value) as mean,
                    percentile_cont(0.5) within group (order by v.value) as median
             from enti c
             left join da_values v on v.istat_code = c.istat_code and v.indicator_code = ${code} and v.period = ${period}
             where c.type = 'comune' and c.active
             group by ${key}`;
};

/**
 * Writes values over the published ones and answers the years and indicators written. `source` yields
 * indicator_code, period, istat_code, value, source and observed_on; the Comune's territory, peer group and
 * population are taken from the registry.
 */
export const upsertValues = (
  db: DbOrTx,
  source: SQL,
  extra: { importId?: string | null; enteredBy?: string | null; selfAssessed?: boolean; isDemo?: boolean } = {},
) =>
  rows<{ period: number; codes: string[] }>(
    db,
    sql`with u as (${source}), written as (
          insert into da_values (indicator_code, period, istat_code, value, source, observed_on, import_id, entered_by, self_assessed, is_demo,
            province_code, region_code, peer_group, population)
          select u.indicator_code, u.period, u.istat_code, u.value, u.source, u.observed_on, ${extra.importId ?? null}::uuid, ${extra.enteredBy ?? null}::uuid,
            ${extra.selfAssessed ?? false}, ${extra.isDemo ?? false},
            c.province_istat_code, c.region_istat_code, ${peerGroupSql('coalesce(c.population, 0)')}, coalesce(c.population, 0)
          from u join enti c on c.type = 'comune' and c.istat_code = u.istat_code
          on conflict (indicator_code, period, istat_code) do update set value = excluded.value, source = excluded.source, observed_on = excluded.observed_on,
            import_id = excluded.import_id, entered_by = excluded.entered_by, self_assessed = excluded.self_assessed, is_demo = excluded.is_demo, updated_at = now()
          returning period, indicator_code
        )
        select period, array_agg(distinct indicator_code) as codes from written group by period`,
  );

export function createDigitalAgendaRepository() {
  return {
    indicators: (db: DbOrTx) => rows<IndicatorRow>(db, sql`select * from da_indicators order by position`),

    comune: async (db: DbOrTx, istatCode: string) =>
      (
        await rows<ComuneRow>(
          db,
          sql`select c.id, c.istat_code, c.name, coalesce(c.population, 0)::int as population, c.province_istat_code, c.region_istat_code,
                     p.id as province_id, p.name as province_name
              from enti c
              left join enti p on p.istat_code = c.province_istat_code and p.type in ('provincia', 'citta_metropolitana')
              where c.type = 'comune' and c.istat_code = ${istatCode} and c.active`,
        )
      )[0] ?? null,

    province: async (db: DbOrTx, istatCode: string) =>
      (await rows<{ id: string; name: string; istat_code: string }>(db, sql`select id, name, istat_code from enti where type in ('provincia', 'citta_metropolitana') and istat_code = ${istatCode}`))[0] ?? null,

    /** See `profileQuery`. */
    profile: (db: DbOrTx, istatCode: string, period: number) => rows<ProfileRow>(db, profileQuery(istatCode, period)),

    /** The Comune's series up to a period, with whether each value was self-assessed. */
    series: (db: DbOrTx, istatCode: string, upTo: number) =>
      rows<{ indicator_code: string; period: number; value: number; self_assessed: boolean }>(
        db,
        sql`select indicator_code, period, value, self_assessed from da_values where istat_code = ${istatCode} and period <= ${upTo} order by indicator_code, period`,
      ),

    /** Comuni with a composite score per peer group in a period. */
    peerGroupSizes: async (db: DbOrTx, period: number) =>
      new Map(
        (await rows<{ peer_group: string; n: number }>(db, sql`select peer_group, count(*)::int as n from da_composites where period = ${period} and score is not null group by peer_group`)).map(
          (r) => [r.peer_group, Number(r.n)],
        ),
      ),

    peerGroupSize: async (db: DbOrTx, period: number, peerGroup: string) =>
      (await rows<{ n: number }>(db, sql`select count(*)::int as n from da_composites where period = ${period} and peer_group = ${peerGroup} and score is not null`))[0]?.n ?? 0,

    /** See `benchmarkQuery`. */
    benchmark: (db: DbOrTx, code: string, period: number, level: 'province' | 'region') => rows<BenchmarkSqlRow>(db, benchmarkQuery(code, period, level)),

    territories: (db: DbOrTx, level: 'province' | 'region') =>
      rows<{ istat_code: string; name: string; type: string; in_programme: boolean }>(
        db,
        level === 'province'
          ? sql`select istat_code, name, type, in_programme from enti where type in ('provincia', 'citta_metropolitana')`
          : sql`select istat_code, name, type, in_programme from enti where type = 'regione'`,
      ),

    values: (db: DbOrTx, code: string, period: number, province: string) =>
      rows<{ istat_code: string; name: string; population: number; value: number | null; self_assessed: boolean | null }>(
        db,
        sql`select c.istat_code, c.name, coalesce(c.population, 0)::int as population, v.value, v.self_assessed
            from enti c
            left join da_values v on v.istat_code = c.istat_code and v.indicator_code = ${code} and v.period = ${period}
            where c.type = 'comune' and c.active and c.province_istat_code = ${province}
            order by c.name`,
      ),

    /** Provinces (ids) of the given Comuni (current ISTAT codes). */
    provincesOf: async (db: DbOrTx, codes: string[]) =>
      codes.length === 0
        ? []
        : (
            await rows<{ id: string }>(
              db,
              sql`select distinct p.id from enti c join enti p on p.istat_code = c.province_istat_code and p.type in ('provincia', 'citta_metropolitana')
                  where c.type = 'comune' and c.istat_code = any(${`{${codes.join(',')}}`}::text[])`, // current ISTAT codes: digits only
            )
          ).map((r) => r.id),

    /**
     * The years from `min` to `max` that have values, newest first, each with whether its aggregates are there (a
     * year published before the heat map's area scores were stored counts as without); one probe per year.
     */
    yearsWithValues: (db: DbOrTx, min: number, max: number) =>
      rows<{ period: number; stats: boolean }>(
        db,
        sql`select p.period, (exists (select 1 from da_stats s where s.period = p.period)
                              and (not exists (select 1 from da_methodology_versions) or exists (select 1 from da_area_stats a where a.period = p.period))) as stats
            from generate_series(${min}::int, ${max}::int) as p(period)
            where exists (select 1 from da_values v where v.period = p.period)
            order by p.period desc`,
      ),

    hasAlerts: async (db: DbOrTx, period: number) => (await rows(db, sql`select 1 from da_alerts where period = ${period} limit 1`)).length > 0,

    comuniCodes: async (db: DbOrTx) => new Set((await rows<{ istat_code: string }>(db, sql`select istat_code from enti where type = 'comune' and active`)).map((r) => r.istat_code)),
    variations: async (db: DbOrTx) => new Map((await rows<{ old_code: string; new_code: string }>(db, sql`select old_code, new_code from da_istat_variations`)).map((r) => [r.old_code, r.new_code])),

    /** The distribution of every indicator within each peer group (ranks and percentiles are read from it). */
    refreshDistributions: async (db: DbOrTx, period: number, codes: string[] | null) => {
      const only = (alias: string) => (codes ? sql`and ${sql.raw(alias)}.indicator_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})` : sql``);
      await db.execute(sql`delete from da_distributions d where d.period = ${period} ${only('d')}`);
      await db.execute(sql`
        insert into da_distributions (indicator_code, period, peer_group, value, n, below)
        select indicator_code, ${period}, peer_group, value, n, (sum(n) over (partition by indicator_code, peer_group order by value) - n)::int
        from (select v.indicator_code, v.peer_group, v.value, count(*)::int as n from da_values v where v.period = ${period} ${only('v')} group by 1, 2, 3) g`);
    },

    /** Aggregates per peer group, Province, Region and nation, from the Comuni's values. */
    refreshStats: async (db: DbOrTx, period: number, codes: string[] | null) => {
      const only = (alias: string) => (codes ? sql`and ${sql.raw(alias)}.indicator_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})` : sql``);
      await db.execute(sql`delete from da_stats s where s.period = ${period} ${only('s')}`);
      await db.execute(sql`
        insert into da_stats (indicator_code, period, level, territory_code, comuni, share, population_weighted, mean, median, sum)
        select v.indicator_code, ${period},
               case when grouping(v.province_code) = 0 then 'province' when grouping(v.region_code) = 0 then 'region'
                    when grouping(v.peer_group) = 0 then 'peer' else 'national' end,
               coalesce(v.province_code, v.region_code, v.peer_group, 'IT'),
               count(*)::int,
               case when bool_and(v.value in (0, 1)) then avg(v.value) end,
               sum(v.population::float8 * v.value) / nullif(sum(v.population), 0),
               avg(v.value),
               percentile_cont(0.5) within group (order by v.value),
               sum(v.value)
        from da_values v
        where v.period = ${period} ${only('v')}
        group by grouping sets ((v.indicator_code, v.province_code), (v.indicator_code, v.region_code), (v.indicator_code, v.peer_group), (v.indicator_code))`);
    },

    /** Area sub-indices of every Comune for a period, on the methodology's goalposts (scores capped to [0, 1]). */
    areaScores: (db: DbOrTx, period: number, version: number) =>
      rows<{ istat_code: string; population: number; province_code: string; region_code: string; area: string; score: number; n: number }>(
        db,
        sql`with gp as (
              select g.key as code, (g.value->>0)::float8 as lo, (g.value->>1)::float8 as hi
              from da_methodology_versions m, jsonb_each(m.goalposts) g where m.version = ${version}
            )
            select v.istat_code, v.population, v.province_code, v.region_code, i.area,
                   avg(least(1, greatest(0, case when i.polarity = 'down' then (gp.hi - v.value) / nullif(gp.hi - gp.lo, 0)
                                                 else (v.value - gp.lo) / nullif(gp.hi - gp.lo, 0) end))) as score,
                   count(*)::int as n
            from da_values v
            join da_indicators i on i.code = v.indicator_code and i.polarity <> 'context'
            join gp on gp.code = i.code
            where v.period = ${period}
            group by v.istat_code, v.population, v.province_code, v.region_code, i.area`,
      ),

    latestMethodology: async (db: DbOrTx) =>
      (await rows<{ version: number; valid_from: string; area_weights: Record<string, number>; goalposts: Record<string, [number, number]>; note: string }>(
        db,
        sql`select version, valid_from::text, area_weights, goalposts, note from da_methodology_versions order by version desc limit 1`,
      ))[0] ?? null,

    methodologies: (db: DbOrTx) =>
      rows<{ version: number; valid_from: string; area_weights: Record<string, number>; goalposts: Record<string, [number, number]>; note: string }>(
        db,
        sql`select version, valid_from::text, area_weights, goalposts, note from da_methodology_versions order by version`,
      ),
  };
}
export type DigitalAgendaRepository = ReturnType<typeof createDigitalAgendaRepository>;
