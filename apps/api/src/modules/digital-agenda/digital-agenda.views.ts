import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db, type DbOrTx } from '@app/db';
import type { DaBoxPlots, DaHeatMap, DaImprovers, DaRanking, DaTerritory } from '@app/contracts';
import { DaPeerGroupCodes } from '@app/contracts';
import { badRequest, notFound } from '../../lib/errors.js';
import type { DigitalAgendaRepository, IndicatorRow } from './digital-agenda.repository.js';
import { bestImprovers } from './digital-agenda.views.maths.js';

/**
 * Benchmark views of a territory, all computed from the Comuni: box plots by peer group, the heat map of the area
 * scores per Province, the ranking of a Province's Comuni in their peer group and the best improvers. Published
 * aggregates are public; the lists of single Comuni use verified values only (self-declared ones stay in the profile
 * of the Comune, seen by the Comune, its Province and UPI).
 */

const rows = async <T>(db: DbOrTx, q: SQL): Promise<T[]> => rowsOf<T>(await db.execute(q));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
type PeerGroup = (typeof DaPeerGroupCodes)[number];
const INSERT_CHUNK = 5000;

/** A Comune's area sub-index for a period (mean of its normalised indicator scores in the area, capped to [0, 1]). */
export interface ComuneAreaScore {
  province_code: string;
  region_code: string;
  area: string;
  score: number;
}

/**
 * Stores the mean area score of the Comuni of every Province and Region (the heat map): a territory's figure is the
 * mean over its Comuni, never a mean of lower-level means.
 */
export async function refreshAreaStats(db: DbOrTx, period: number, version: number, scored: readonly ComuneAreaScore[]): Promise<void> {
  const acc = new Map<string, { level: string; code: string; area: string; n: number; sum: number }>();
  for (const r of scored) {
    for (const [level, code] of [
      ['province', r.province_code],
      ['region', r.region_code],
    ] as const) {
      const k = `${level}|${code}|${r.area}`;
      const a = acc.get(k) ?? { level, code, area: r.area, n: 0, sum: 0 };
      a.n += 1;
      a.sum += Number(r.score);
      acc.set(k, a);
    }
  }
  const out = [...acc.values()].map((a) => ({ level: a.level, code: a.code, area: a.area, n: a.n, score: a.sum / a.n }));
  await db.execute(sql`delete from da_area_stats where period = ${period}`);
  for (let i = 0; i < out.length; i += INSERT_CHUNK) {
    await db.execute(sql`insert into da_area_stats (period, level, territory_code, area, methodology_version, comuni, score)
      select ${period}, u.level, u.code, u.area, ${version}, u.n, u.score
      from jsonb_to_recordset(${JSON.stringify(out.slice(i, i + INSERT_CHUNK))}::jsonb) as u(level text, code text, area text, n int, score float8)`);
  }
}

export function createDigitalAgendaViews(d: { db: Db; repo: DigitalAgendaRepository }) {
  const { db, repo } = d;
  let catalogue: { at: number; list: Promise<IndicatorRow[]> } | null = null;
  const indicator = async (code: string) => {
    if (!catalogue || Date.now() - catalogue.at > 60_000) catalogue = { at: Date.now(), list: repo.indicators(db) };
    const i = (await catalogue.list).find((x) => x.code === code);
    if (!i) throw notFound('Indicatore');
    return i;
  };
  const ranked = (i: IndicatorRow) => {
    if (i.polarity === 'context')
      {throw badRequest('validation_error', 'Indicatore di contesto: non ha un verso migliore', [{ path: 'code', message: 'Gli indicatori di contesto non si ordinano' }]);}
  };

  /** The national territory, a Region or a Province (one of them at most), by ISTAT code. */
  async function territory(region?: string, province?: string): Promise<DaTerritory> {
    if (region && province) throw badRequest('validation_error', 'Indicare la Regione o la Provincia, non entrambe', [{ path: 'province', message: 'Non insieme alla Regione' }]);
    if (!region && !province) return { level: 'national', code: 'IT', name: 'Italia' };
    const level = province ? 'province' : 'region';
    const [t] = await rows<{ name: string }>(
      db,
      province
        ? sql`select name from enti where type in ('provincia', 'citta_metropolitana') and istat_code = ${province}`
        : sql`select name from enti where type = 'regione' and istat_code = ${region!}`,
    );
    if (!t) throw notFound(level === 'province' ? 'Provincia' : 'Regione');
    return { level, code: (province ?? region)!, name: t.name };
  }
  const within = (t: DaTerritory, alias: string): SQL =>
    t.level === 'province' ? sql`and ${sql.raw(alias)}.province_code = ${t.code}` : t.level === 'region' ? sql`and ${sql.raw(alias)}.region_code = ${t.code}` : sql``;

  return {
    /**
     * Minimum, quartiles, median and maximum of the Comuni's values per peer group (percentile_cont, as the maths),
     * from verified values: the minimum and maximum of a small group are single Comuni's values.
     */
    async boxPlots(code: string, period: number, region?: string, province?: string): Promise<DaBoxPlots> {
      await indicator(code);
      const t = await territory(region, province);
      const list = await rows<{ peer_group: string; n: number; min: number; q: number[]; max: number }>(
        db,
        sql`select v.peer_group, count(*)::int as n, min(v.value) as min, max(v.value) as max,
                   percentile_cont(array[0.25, 0.5, 0.75]::float8[]) within group (order by v.value) as q
            from da_values v
            where v.indicator_code = ${code} and v.period = ${period} and not v.self_assessed ${within(t, 'v')}
            group by v.peer_group`,
      );
      const by = new Map(list.map((r) => [r.peer_group, r]));
      return {
        indicator: code,
        period,
        territory: t,
        items: DaPeerGroupCodes.map((g) => {
          const r = by.get(g);
          const q = r ? (typeof r.q === 'string' ? (r.q as string).replace(/[{}]/g, '').split(',').map(Number) : r.q.map(Number)) : [];
          return { peerGroup: g, n: r ? Number(r.n) : 0, min: num(r?.min), q1: num(q[0]), median: num(q[1]), q3: num(q[2]), max: num(r?.max) };
        }),
      };
    },

    /** Areas × Provinces (all 107, Città metropolitane and programme Provinces flagged): mean area scores of the Comuni. */
    async heatMap(period: number): Promise<DaHeatMap> {
      const [provinces, stats, methodology] = await Promise.all([
        rows<{ istat_code: string; name: string; type: string; in_programme: boolean; region_istat_code: string | null }>(
          db,
          sql`select istat_code, name, type, in_programme, region_istat_code from enti where type in ('provincia', 'citta_metropolitana') order by istat_code`,
        ),
        rows<{ territory_code: string; area: string; comuni: number; score: number; methodology_version: number }>(
          db,
          sql`select territory_code, area, comuni, score, methodology_version from da_area_stats where period = ${period} and level = 'province'`,
        ),
        repo.latestMethodology(db),
      ]);
      const indicators = await repo.indicators(db);
      // the areas of the index in catalogue order (those with scored indicators)
      const areas = [...new Set(indicators.filter((i) => i.polarity !== 'context' && methodology?.goalposts[i.code]).map((i) => i.area))];
      const byProvince = new Map<string, { comuni: number; scores: Record<string, number> }>();
      for (const s of stats) {
        const p = byProvince.get(s.territory_code) ?? { comuni: 0, scores: {} };
        p.scores[s.area] = Number(s.score);
        p.comuni = Math.max(p.comuni, Number(s.comuni));
        byProvince.set(s.territory_code, p);
      }
      return {
        period,
        methodologyVersion: stats.length ? Number(stats[0]!.methodology_version) : null,
        areas,
        items: provinces.map((p) => {
          const s = byProvince.get(p.istat_code);
          return {
            code: p.istat_code,
            name: p.name,
            regionCode: p.region_istat_code ?? '',
            metropolitan: p.type === 'citta_metropolitana',
            inProgramme: !!p.in_programme,
            comuni: s?.comuni ?? 0,
            scores: Object.fromEntries(areas.map((a) => [a, s?.scores[a] ?? null])),
          };
        }),
      };
    },

    /** The Comuni of a Province with a value, ranked within their peer group (polarity respected). */
    async ranking(code: string, period: number, province: string, peerGroup?: PeerGroup): Promise<DaRanking> {
      const i = await indicator(code);
      ranked(i);
      const t = await territory(undefined, province);
      const order = i.polarity === 'down' ? sql.raw('asc') : sql.raw('desc');
      const list = await rows<{ istat_code: string; name: string; population: number; peer_group: string; value: number; rank: number; size: number; below: number | null; equal: number | null; total: number | null }>(
        db,
        sql`select v.istat_code, c.name, v.population, v.peer_group, v.value,
                   rank() over (partition by v.peer_group order by v.value ${order})::int as rank,
                   count(*) over (partition by v.peer_group)::int as size,
                   h.below, h.n as equal, s.comuni as total
            from da_values v
            join enti c on c.type = 'comune' and c.istat_code = v.istat_code
            left join da_distributions h on h.indicator_code = v.indicator_code and h.period = v.period and h.peer_group = v.peer_group and h.value = v.value
            left join da_stats s on s.indicator_code = v.indicator_code and s.period = v.period and s.level = 'peer' and s.territory_code = v.peer_group
            where v.indicator_code = ${code} and v.period = ${period} and v.province_code = ${province} and not v.self_assessed
              ${peerGroup ? sql`and v.peer_group = ${peerGroup}` : sql``}
            order by v.peer_group, rank, c.name`,
      );
      const groupOrder = new Map(DaPeerGroupCodes.map((g, k) => [g as string, k]));
      return {
        indicator: code,
        period,
        province: { code: t.code, name: t.name },
        items: list
          .map((r) => {
            const total = Number(r.total ?? 0);
            let percentile: number | null = null;
            if (total > 0 && r.below !== null && r.equal !== null) {
              const below = Number(r.below);
              const equal = Number(r.equal);
              const worse = i.polarity === 'down' ? total - below - equal : below;
              percentile = (100 * (worse + equal / 2)) / total;
            }
            return {
              istatCode: r.istat_code,
              name: r.name,
              population: Number(r.population),
              peerGroup: r.peer_group as PeerGroup,
              value: Number(r.value),
              rank: Number(r.rank),
              groupSize: Number(r.size),
              percentile,
            };
          })
          .sort((a, b) => groupOrder.get(a.peerGroup)! - groupOrder.get(b.peerGroup)! || a.rank - b.rank || a.name.localeCompare(b.name, 'it')),
      };
    },

    /** The Comuni (nationally, in a Region or a Province) whose value improved most between two periods. */
    async improvers(code: string, from: number, to: number, limit: number, region?: string, province?: string): Promise<DaImprovers> {
      if (from >= to) throw badRequest('validation_error', "L'anno finale deve seguire quello iniziale", [{ path: 'to', message: 'Deve essere successivo a from' }]);
      const i = await indicator(code);
      ranked(i);
      const t = await territory(region, province);
      // the same orientation and order as bestImprovers, in SQL: only the top rows leave the database
      const sign = i.polarity === 'down' ? -1 : 1;
      const found = await rows<{ compared: number; istat_code: string | null; name: string; province_code: string; peer_group: string; a: number; b: number }>(
        db,
        sql`with p as (
              select b.istat_code, b.province_code, b.peer_group, a.value as a, b.value as b, (b.value - a.value) * ${sign}::float8 as imp
              from da_values b
              join da_values a on a.indicator_code = b.indicator_code and a.istat_code = b.istat_code and a.period = ${from} and not a.self_assessed
              where b.indicator_code = ${code} and b.period = ${to} and not b.self_assessed ${within(t, 'b')}
            ), top as (
              select * from p where imp > 0
              order by imp desc, case when a = 0 then 'Infinity'::float8 else imp / abs(a) end desc, istat_code
              limit ${limit + 10}
            )
            select (select count(*)::int from p) as compared, top.istat_code, c.name, top.province_code, top.peer_group, top.a, top.b
            from (select 1) one
            left join top on true
            left join enti c on c.type = 'comune' and c.istat_code = top.istat_code`,
      );
      // a few more rows than asked so that ties at the limit are ordered by name as in the maths
      const top = bestImprovers(
        found
          .filter((p) => p.istat_code !== null)
          .map((p) => ({ istatCode: p.istat_code!, name: p.name, provinceCode: p.province_code, peerGroup: p.peer_group as PeerGroup, from: Number(p.a), to: Number(p.b) })),
        i.polarity,
        limit,
      );
      return { indicator: code, from, to, territory: t, compared: Number(found[0]?.compared ?? 0), items: top };
    },
  };
}
export type DigitalAgendaViews = ReturnType<typeof createDigitalAgendaViews>;
