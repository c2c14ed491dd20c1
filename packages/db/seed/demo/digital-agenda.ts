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
 * Answers the number of values created (0 when the demo values are already there).
 */
export async function loadDigitalAgendaDemo(db: DbOrTx): Promise<number> {
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (select 1 from da_values where is_demo limit 1) x`));
  if (existing?.n) return 0;
  const res = await db.execute(
    sql.raw(`
    insert into da_values (indicator_code, period, istat_code, value, source, observed_on, is_demo, province_code, region_code, peer_group, population)
    select g.code, y.period, g.istat_code,
           case when g.unit = 'boolean' then (g.u < g.p0 + (1 - g.p0) * (1 - exp(-g.speed * (y.period - 2021))))::int::float8
                else greatest(g.min_value, least(g.max_value, round((
                  case when g.polarity = 'down'
                       then g.hi - (g.hi - g.lo) * (g.p0 + (1 - g.p0) * (1 - exp(-g.speed * (y.period - 2021)))) * (0.75 + 0.5 * g.u)
                       else g.lo + (g.hi - g.lo) * (g.p0 + (1 - g.p0) * (1 - exp(-g.speed * (y.period - 2021)))) * (0.75 + 0.5 * g.u) end
                  )::numeric, case when g.unit in ('count', 'days') then 0 else 1 end)::float8)) end,
           'demo', make_date(y.period, 12, 31), true, g.province_istat_code, g.region_istat_code, g.peer_group, g.population
    from (
      select c.istat_code, c.province_istat_code, c.region_istat_code, coalesce(c.population, 0) as population,
             (case ${PEER_GROUP_CASES} end) as peer_group, i.code, i.unit, i.polarity, i.min_value, i.max_value,
             coalesce((gp.value->>0)::float8, 0) as lo, coalesce((gp.value->>1)::float8, 60) as hi,
             ${uniform("c.istat_code || i.code")} as u,
             -- starting level: higher for larger Comuni and for indicators adopted early
             1 / (1 + exp(-((ln(coalesce(c.population, 1000) + 10) - 8) * 0.8 + (${uniform('c.istat_code')} - 0.5) * 1.5
                            + (${uniform('i.code')} - 0.6) * 3))) as p0,
             0.15 + 0.45 * ${uniform("i.code || 'speed'")} as speed
      from enti c
      cross join da_indicators i
      left join lateral (select m.goalposts from da_methodology_versions m order by m.version desc limit 1) m on true
      left join lateral jsonb_each(m.goalposts) gp on gp.key = i.code
      where c.type = 'comune' and c.active
    ) g
    cross join (select generate_series(2021, 2026) as period) y`),
  );
  return (res as { affectedRows?: number; rowCount?: number }).affectedRows ?? (res as { rowCount?: number }).rowCount ?? 0;
}
