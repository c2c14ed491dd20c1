import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type DbOrTx } from '@app/db';
import type { DaAlertList, DaCentreServiceUpdate, DaTerritoryTrend } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { forecast, gapClosure, headline, type Aggregation, type Polarity } from './digital-agenda.maths.js';
import { can } from './digital-agenda.policy.js';
import type { DigitalAgendaRepository, IndicatorRow } from './digital-agenda.repository.js';

const rows = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => rowsOf<T>(await db.execute(q));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export type BehindReason = 'off_track' | 'decline';

/**
 * The falling-behind rule of the monitoring. A Comune falls behind on an indicator in period P when the indicator
 * has a target with a deadline (and a direction: context indicators never), the Comune has a value for P and has not
 * reached the target, and either
 *  - `off_track`: at the pace of its last two observations (run-rate forecast) it reaches the target more than one
 *    year after the deadline year, or never (no progress when the deadline year has come); or
 *  - `decline`: its value for P moved away from the target compared with the previous period P − 1.
 * Answers the first reason that applies (off track before decline), or null.
 */
export function fallsBehind(
  series: readonly { period: number; value: number }[],
  period: number,
  indicator: { target: number | null; deadlineYear: number | null; polarity: Polarity },
): BehindReason | null {
  const { target, deadlineYear, polarity } = indicator;
  if (target === null || deadlineYear === null || polarity === 'context') return null;
  const upTo = [...series].filter((s) => s.period <= period).sort((a, b) => a.period - b.period);
  const last = upTo[upTo.length - 1];
  if (!last || last.period !== period) return null;
  const sign = polarity === 'down' ? -1 : 1;
  if (sign * (target - last.value) <= 0) return null;
  const f = forecast(upTo, target, deadlineYear, polarity);
  if (f?.status === 'off_track') return 'off_track';
  const prev = upTo.find((s) => s.period === period - 1);
  if (prev && sign * (last.value - prev.value) < 0) return 'decline';
  return null;
}

/** Gap closure, pace, year and status of a series towards a target (the same maths for Comuni and territories). */
export function progress(series: readonly { period: number; value: number }[], target: number | null, deadline: string | null, polarity: Polarity) {
  const f = target !== null && deadline ? forecast(series, target, Number(deadline.slice(0, 4)), polarity) : null;
  return {
    gapClosure: target !== null && series.length > 1 ? gapClosure(series[0]!.value, series[series.length - 1]!.value, target) : null,
    pace: f?.pace ?? null,
    reachYear: f?.reachYear ?? null,
    status: f?.status ?? null,
  };
}

export interface MonitoringDeps {
  db: Db;
  repo: DigitalAgendaRepository;
  audit: AuditService;
  notifications: NotificationsService;
}

/** Monitoring of the Agenda Digitale: territories over time, falling-behind alerts, the centres' catalogue edits. */
export function createDigitalAgendaMonitoring(d: MonitoringDeps) {
  const { db, repo } = d;

  /**
   * Detects the Comuni that fell behind in a period on the given indicators (null: all targeted ones), records one
   * alert per Comune × indicator × period and tells the competence centre operators (sit_operator) of each
   * Comune's Province of the new ones only. Answers how many alerts are new.
   */
  async function alertBehind(tx: DbOrTx, period: number, codes: string[] | null = null): Promise<number> {
    const targeted = (await repo.indicators(tx)).filter((i) => i.target !== null && i.target_deadline && i.polarity !== 'context' && (!codes || codes.includes(i.code)));
    if (targeted.length === 0) return 0;
    const byCode = new Map(targeted.map((i) => [i.code, i]));
    // the value of each Comune in the period, with its latest earlier value (all the forecast reads)
    const obs = await rows<{ istat_code: string; indicator_code: string; province_code: string; value: number; prev_period: number | null; prev_value: number | null }>(
      tx,
      // one pass over the years up to the period (a lookup per Comune and indicator takes a hundred times longer)
      sql`select istat_code, indicator_code, province_code, value, prev_period, prev_value
          from (select v.istat_code, v.indicator_code, v.province_code, v.value, v.period,
                       lag(v.period) over w as prev_period, lag(v.value) over w as prev_value
                from da_values v
                where v.period <= ${period} and v.indicator_code in (${sql.join([...byCode.keys()].map((c) => sql`${c}`), sql`, `)})
                window w as (partition by v.istat_code, v.indicator_code order by v.period)) y
          where period = ${period}`,
    );
    const found: { istat: string; code: string; province: string; reason: BehindReason; value: number; previous: number | null }[] = [];
    for (const o of obs) {
      const i = byCode.get(o.indicator_code)!;
      const series = [{ period, value: Number(o.value) }];
      if (o.prev_period !== null) series.unshift({ period: Number(o.prev_period), value: Number(o.prev_value) });
      const reason = fallsBehind(series, period, { target: Number(i.target), deadlineYear: Number(String(i.target_deadline).slice(0, 4)), polarity: i.polarity });
      if (reason) {
        const previous = o.prev_period !== null && Number(o.prev_period) === period - 1 ? Number(o.prev_value) : null;
        found.push({ istat: o.istat_code, code: o.indicator_code, province: o.province_code, reason, value: Number(o.value), previous });
      }
    }
    if (found.length === 0) return 0;
    const fresh: { istat_code: string; indicator_code: string; province_code: string }[] = [];
    for (let k = 0; k < found.length; k += 5000) {
      const json = JSON.stringify(found.slice(k, k + 5000));
      fresh.push(
        ...(await rows<{ istat_code: string; indicator_code: string; province_code: string }>(
          tx,
          sql`insert into da_alerts (istat_code, indicator_code, period, province_code, reason, value, previous)
              select u.istat, u.code, ${period}, u.province, u.reason, u.value, u.previous
              from jsonb_to_recordset(${json}::jsonb) as u(istat text, code text, province text, reason text, value float8, previous float8)
              on conflict (istat_code, indicator_code, period) do nothing
              returning istat_code, indicator_code, province_code`,
        )),
      );
    }
    const perProvince = new Map<string, Map<string, string[]>>();
    for (const f of fresh) {
      const comuni = perProvince.get(f.province_code) ?? new Map<string, string[]>();
      comuni.set(f.istat_code, [...(comuni.get(f.istat_code) ?? []), f.indicator_code]);
      perProvince.set(f.province_code, comuni);
    }
    for (const [province, comuni] of perProvince) {
      const recipients = await rows<{ user_id: string }>(
        tx,
        sql`select distinct m.user_id from memberships m join enti p on p.id = m.ente_id
            where p.istat_code = ${province} and p.type in ('provincia', 'citta_metropolitana') and m.role = 'sit_operator'`,
      );
      if (recipients.length === 0) continue;
      const names = new Map(
        (await rows<{ istat_code: string; name: string }>(tx, sql`select istat_code, name from enti where type = 'comune' and istat_code in (${sql.join([...comuni.keys()].map((c) => sql`${c}`), sql`, `)})`)).map((r) => [r.istat_code, r.name]),
      );
      const list = [...comuni.entries()].map(([istat, ind]) => `${names.get(istat) ?? istat} (${ind.sort().join(', ')})`).sort();
      await d.notifications.publish(tx, {
        type: 'digital_agenda.behind',
        recipients: recipients.map((r) => r.user_id),
        url: `/agenda-digitale/centri/${province}/cruscotto?period=${period}`,
        params: { count: comuni.size, period, names: list.slice(0, 20).join('; ') + (list.length > 20 ? '…' : '') },
      });
    }
    return fresh.length;
  }

  async function territoryTrend(level: 'province' | 'region', code: string): Promise<DaTerritoryTrend> {
    const [territory] = await rows<{ name: string }>(
      db,
      level === 'province'
        ? sql`select name from enti where type in ('provincia', 'citta_metropolitana') and istat_code = ${code}`
        : sql`select name from enti where type = 'regione' and istat_code = ${code}`,
    );
    if (!territory) throw notFound(level === 'province' ? 'Provincia' : 'Regione');
    const key = level === 'province' ? sql.raw('province_istat_code') : sql.raw('region_istat_code');
    const [indicators, stats, [total]] = await Promise.all([
      repo.indicators(db),
      // the aggregates of the territory, computed from its Comuni at each refresh (never from lower-level figures)
      rows<{ indicator_code: string; period: number; comuni: number; share: number | null; population_weighted: number | null; mean: number | null; median: number | null; sum: number | null }>(
        db,
        sql`select indicator_code, period, comuni, share, population_weighted, mean, median, sum from da_stats
            where level = ${level} and territory_code = ${code} order by indicator_code, period`,
      ),
      rows<{ n: number }>(db, sql`select count(*)::int as n from enti where type = 'comune' and active and ${key} = ${code}`),
    ]);
    const byCode = new Map<string, typeof stats>();
    for (const s of stats) byCode.set(s.indicator_code, [...(byCode.get(s.indicator_code) ?? []), s]);
    return {
      level,
      code,
      name: territory.name,
      comuniTotal: Number(total?.n ?? 0),
      items: indicators.map((i: IndicatorRow) => {
        const series = (byCode.get(i.code) ?? [])
          .map((s) => {
            const value = headline(
              { comuni: Number(s.comuni), share: num(s.share) ?? undefined, populationWeighted: num(s.population_weighted) ?? undefined, mean: num(s.mean) ?? undefined, median: num(s.median) ?? undefined, sum: num(s.sum) ?? undefined },
              i.aggregation as Aggregation,
            );
            return { period: Number(s.period), value, comuni: Number(s.comuni) };
          })
          .filter((s): s is { period: number; value: number; comuni: number } => s.value !== null);
        const target = num(i.target);
        const deadline = i.target_deadline ? String(i.target_deadline) : null;
        return { code: i.code, unit: i.unit as DaTerritoryTrend['items'][number]['unit'], series, target, targetDeadline: deadline, ...progress(series, target, deadline, i.polarity) };
      }),
    };
  }

  return {
    alertBehind,
    territoryTrend,

    /** The falling-behind alerts of a Province's Comuni (its centre and UPI). */
    async alerts(ctx: RequestContext, provinceIstatCode: string, period?: number): Promise<DaAlertList> {
      const p = await repo.province(db, provinceIstatCode);
      if (!p) throw notFound('Provincia');
      if (!can(ctx.actor, { type: 'centre.dashboard', provinceId: p.id })) throw forbidden();
      const list = await rows<{ istat_code: string; name: string; indicator_code: string; period: number; reason: string; value: number; previous: number | null; created_at: string }>(
        db,
        sql`select a.istat_code, coalesce(c.name, a.istat_code) as name, a.indicator_code, a.period, a.reason, a.value, a.previous, a.created_at
            from da_alerts a left join enti c on c.type = 'comune' and c.istat_code = a.istat_code
            where a.province_code = ${provinceIstatCode} ${period ? sql`and a.period = ${period}` : sql``}
            order by a.period desc, name, a.indicator_code limit 2000`,
      );
      return {
        items: list.map((a) => ({
          istatCode: a.istat_code,
          name: a.name,
          indicatorCode: a.indicator_code,
          period: Number(a.period),
          reason: a.reason as BehindReason,
          value: Number(a.value),
          previous: num(a.previous),
          createdAt: new Date(String(a.created_at)).toISOString(),
        })),
      };
    },

    /** Edits (or withdraws) a service of the centre's catalogue. */
    async updateCentreService(ctx: RequestContext, provinceIstatCode: string, serviceId: string, body: DaCentreServiceUpdate) {
      const p = await repo.province(db, provinceIstatCode);
      if (!p) throw notFound('Provincia');
      if (!can(ctx.actor, { type: 'centre.manage', provinceId: p.id })) throw forbidden();
      const [existing] = await rows<{ id: string }>(db, sql`select id from da_centre_services where id = ${serviceId} and provincia_id = ${p.id}`);
      if (!existing) throw notFound('Servizio');
      const [cat] = await rows<{ id: string }>(db, sql`select id from request_categories where service = 'sit' and code = ${body.requestCategoryCode} and active`);
      if (!cat) throw badRequest('validation_error', 'Categoria di richiesta sconosciuta', [{ path: 'requestCategoryCode', message: 'Nessuna categoria SIT con questo codice' }]);
      await db.transaction(async (tx) => {
        await tx.execute(sql`update da_centre_services set topic = ${body.topic}, name_it = ${body.nameIt}, name_en = ${body.nameEn}, description_it = ${body.descriptionIt},
            adhesion_instrument = ${body.adhesionInstrument}, service_level = ${body.serviceLevel}, request_category_code = ${body.requestCategoryCode},
            indicator_codes = ${sql`array[${sql.join(body.indicatorCodes.map((c) => sql`${c}`), sql`, `)}]::text[]`}, active = ${body.active}
            where id = ${serviceId}`);
        await d.audit.record(tx, ctx, { action: 'digital_agenda.centre_service.updated', entityType: 'da_centre_service', entityId: serviceId, changes: { topic: body.topic, active: body.active } });
      });
    },
  };
}
export type DigitalAgendaMonitoring = ReturnType<typeof createDigitalAgendaMonitoring>;
