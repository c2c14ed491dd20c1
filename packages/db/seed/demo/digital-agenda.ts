import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { rowsOf } from '../../src/client.js';

/** The years of the demo series. */
export const DIGITAL_AGENDA_DEMO_PERIODS = [2021, 2022, 2023, 2024, 2025, 2026] as const;

/** Population classes of the peer groups (right-closed), as in the benchmarking methodology. */
const PEER_GROUP_CASES = [
  [1000, 'fino-1000'],
  [5000, '1001-5000'],
  [10000, '5001-10000'],
  [20000, '10001-20000'],
  [60000, '20001-60000'],
  [250000, '60001-250000'],
]
  .map(([max, code]) => `when coalesce(c.population, 0) <= ${max} then '${code}'`)
  .join(' ')
  .concat(" else 'oltre-250000'");

/** A uniform number in [0, 1) from a text, the same on every run and engine. */
const uniform = (expr: string) => `((('x' || substr(md5(${expr}), 1, 8))::bit(32)::int::bigint + 2147483648) / 4294967296.0)`;

/**
 * Demo values of every indicator for every Comune and year, generated in the database in one statement (no rows
 * travel from the application): a Comune's maturity grows with the logarithm of its population plus its own noise;
 * each indicator has its own starting level and speed; adoption only grows over the years. Marked as demo.
 * The rows are written in primary-key order, so that a year of an indicator lies together on disk; `clustered: false`
 * skips that sort (the rows come grouped by indicator: the primary key still grows almost in order).
 * `provinces` limits the Comuni to those Provinces (tests load one or two: the full set is ~3.3M values). Answers
 * the number of values created (0 when the demo values are already there).
 */
export async function loadDigitalAgendaDemo(db: DbOrTx, opts: { provinces?: string[]; clustered?: boolean } = {}): Promise<number> {
  const only = opts.provinces?.length ? `and c.province_istat_code in (${opts.provinces.map((p) => `'${p.replace(/[^0-9]/g, '')}'`).join(', ')})` : '';
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (select 1 from da_values where is_demo limit 1) x`));
  if (existing?.n) return 0;
  // a bulk load: the secondary index is built once at the end (a sort), and rows arrive in primary-key order
  await db.execute(sql`drop index if exists da_values_comune_idx`);

  const res = await db.execute(
    sql.raw(`
    with gp as (
      select g.key as code, (g.value->>0)::float8 as lo, (g.value->>1)::float8 as hi
      from (select goalposts from da_methodology_versions order by version desc limit 1) m, jsonb_each(m.goalposts) g
    ), ind as materialized (
      select i.code, i.unit, i.polarity, i.min_value::float8 as min_value, i.max_value::float8 as max_value, coalesce(gp.lo, 0) as lo, coalesce(gp.hi, 60) as hi,
             case when i.unit in ('count', 'days') then 1 else 10 end::float8 as scale,
             ${uniform('i.code')} as ui, 0.15 + 0.45 * ${uniform("i.code || 'speed'")} as speed
      from da_indicators i left join gp on gp.code = i.code
    ), com as materialized (
      select c.istat_code, c.province_istat_code, c.region_istat_code, coalesce(c.population, 0) as population,
             (case ${PEER_GROUP_CASES} end) as peer_group, ${uniform('c.istat_code')} as uc
      from enti c where c.type = 'comune' and c.active ${only}
    ), g as materialized (
      -- starting level: higher for larger Comuni and for indicators adopted early
      select com.*, ind.*, ${uniform('com.istat_code || ind.code')} as u,
             1 / (1 + exp(-((ln(com.population + 10) - 8) * 0.8 + (com.uc - 0.5) * 1.5 + (ind.ui - 0.6) * 3))) as p0
      from com cross join ind
    ), yr as materialized (
      -- the share of the way to full adoption an indicator has gone by a year
      select ind.code, y.period, 1 - exp(-ind.speed * (y.period - 2021)) as grow
      from ind cross join generate_series(${DIGITAL_AGENDA_DEMO_PERIODS[0]}, ${DIGITAL_AGENDA_DEMO_PERIODS[DIGITAL_AGENDA_DEMO_PERIODS.length - 1]}) as y(period)
    )
    insert into da_values (indicator_code, period, istat_code, value, source, observed_on, is_demo, province_code, region_code, peer_group, population)
    select g.code, y.period, g.istat_code,
           case when g.unit = 'boolean' then (g.u < g.p0 + (1 - g.p0) * y.grow)::int::float8
                -- rounded to a unit (counts, days) or a tenth, in floating point (no decimal arithmetic per value)
                else greatest(g.min_value, least(g.max_value, round(g.scale * (
                  case when g.polarity = 'down'
                       then g.hi - (g.hi - g.lo) * (g.p0 + (1 - g.p0) * y.grow) * (0.75 + 0.5 * g.u)
                       else g.lo + (g.hi - g.lo) * (g.p0 + (1 - g.p0) * y.grow) * (0.75 + 0.5 * g.u) end)) / g.scale)) end,
           'demo', make_date(y.period, 12, 31), true, g.province_istat_code, g.region_istat_code, g.peer_group, g.population
    from g join yr y on y.code = g.code
    ${opts.clustered === false ? '' : 'order by g.code, y.period, g.istat_code'}`),
  );
  await db.execute(sql`create index if not exists da_values_comune_idx on da_values using btree (istat_code, period)`);
  return (res as { affectedRows?: number; rowCount?: number }).affectedRows ?? (res as { rowCount?: number }).rowCount ?? 0;
}
