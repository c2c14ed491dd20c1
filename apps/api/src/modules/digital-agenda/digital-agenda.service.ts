import { sql } from 'drizzle-orm';
import { rowsOf, tables, type Db, type DbOrTx } from '@app/db';
import type {
  DaBenchmark,
  DaBenchmarkRow,
  DaCentreDashboard,
  DaCentreServiceCreate,
  DaImport,
  DaImportCreate,
  DaImportProgress,
  DaIndicator,
  DaMethodologyCreate,
  DaProfile,
  DaQuestionnaireSave,
  DaTrend,
} from '@app/contracts';
import { DigitalAgendaPeriods } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { parseAvvisiCsv, parseCandidatureCsv, stagedLines, validateValuesCsv, type ImportContext, type ImportReport, type StagedValue } from './digital-agenda.import.js';
import { aggregate, composite, forecast, gapClosure, headline, peerGroupOf, rankIntervals, type Aggregate, type Aggregation } from './digital-agenda.maths.js';
import { createDigitalAgendaMonitoring } from './digital-agenda.monitoring.js';
import { can } from './digital-agenda.policy.js';
import { createDigitalAgendaViews, refreshAreaStats } from './digital-agenda.views.js';
import { upsertValues, type DigitalAgendaRepository, type IndicatorRow, type StatRow } from './digital-agenda.repository.js';

export interface DigitalAgendaDeps {
  db: Db;
  repo: DigitalAgendaRepository;
  audit: AuditService;
  notifications: NotificationsService;
  now?: () => Date;
}

const rows = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => rowsOf<T>(await db.execute(q));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const statOf = (s: StatRow | null): Aggregate | null =>
  s
    ? {
        comuni: Number(s.comuni),
        share: num(s.share) ?? undefined,
        populationWeighted: num(s.population_weighted) ?? undefined,
        mean: num(s.mean) ?? undefined,
        median: num(s.median) ?? undefined,
        sum: num(s.sum) ?? undefined,
      }
    : null;
const indicatorOf = (i: IndicatorRow): DaIndicator => ({
  code: i.code,
  nameIt: i.name_it,
  nameEn: i.name_en,
  area: i.area,
  unit: i.unit as DaIndicator['unit'],
  polarity: i.polarity,
  aggregation: i.aggregation,
  aggregationNote: i.aggregation_note,
  source: i.source,
  frequency: i.frequency,
  availability: i.availability,
  target: num(i.target),
  targetDeadline: i.target_deadline ? String(i.target_deadline) : null,
  targetNote: i.target_note,
});
const deadlineYear = (d: string) => Number(d.slice(0, 4));
/** Rank-interval draws of the composite per publication. */
const ROBUSTNESS_DRAWS = 100;
const INSERT_CHUNK = 5000;
/** Indicators per transaction when the start-up computes a year's aggregates. */
const REFRESH_STEP = 8;

/** Writes values straight into the published values, in chunks of one statement each (arrays unnested server-side). */
export async function insertValues(db: DbOrTx, values: StagedValue[], extra: { importId?: string | null; enteredBy?: string | null; selfAssessed?: boolean; isDemo?: boolean } = {}) {
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    const chunk = values.slice(i, i + INSERT_CHUNK);
    // one JSON parameter per chunk, unpacked by the server (no parameter per value)
    const json = JSON.stringify(chunk.map((v) => ({ indicator_code: v.indicatorCode, period: v.period, istat_code: v.istatCode, value: v.value, source: v.source, observed_on: v.observedOn })));
    await upsertValues(db, sql`select * from jsonb_to_recordset(${json}::jsonb) as u(indicator_code text, period int, istat_code text, value float8, source text, observed_on date)`, extra);
  }
}

/**
 * Recomputes what depends on a period's values: ranks and percentiles in the peer groups, the aggregates of every
 * territory, and the composite index with its rank intervals on the latest methodology version.
 */
export async function refreshPeriod(db: DbOrTx, repo: DigitalAgendaRepository, period: number, codes: string[] | null = null): Promise<void> {
  await refreshIndicatorAggregates(db, repo, period, codes);
  await refreshComposites(db, repo, period);
}

/** Ranks, percentiles and the territories' aggregates of a period's indicators (all of them when `codes` is null). */
export async function refreshIndicatorAggregates(db: DbOrTx, repo: DigitalAgendaRepository, period: number, codes: string[] | null): Promise<void> {
  // sorts of a whole year of values (~550,000) stay in memory
  await db.execute(sql`set local work_mem = '64MB'`);
  await repo.refreshDistributions(db, period, codes);
  await repo.refreshStats(db, period, codes);
}

/** The area scores and the composite index of every Comune in a period, on the latest methodology version. */
export async function refreshComposites(db: DbOrTx, repo: DigitalAgendaRepository, period: number): Promise<void> {
  await db.execute(sql`set local work_mem = '64MB'`);
  const m = await repo.latestMethodology(db);
  if (!m) return;
  const indicators = await repo.indicators(db);
  const perArea: Record<string, number> = {};
  for (const i of indicators) if (i.polarity !== 'context' && m.goalposts[i.code]) perArea[i.area] = (perArea[i.area] ?? 0) + 1;
  const scored = await repo.areaScores(db, period, m.version);
  await refreshAreaStats(db, period, m.version, scored);
  const byComune = new Map<string, { population: number; areas: Record<string, { score: number; coverage: number }> }>();
  for (const r of scored) {
    const c = byComune.get(r.istat_code) ?? { population: Number(r.population), areas: {} };
    c.areas[r.area] = { score: Number(r.score), coverage: Number(r.n) / (perArea[r.area] ?? Number(r.n)) };
    byComune.set(r.istat_code, c);
  }
  const groups = new Map<string, string[]>();
  for (const [code, c] of byComune) {
    const g = peerGroupOf(c.population);
    groups.set(g, [...(groups.get(g) ?? []), code]);
  }
  const out: { istat: string; group: string; score: number | null; low: number | null; high: number | null; coverage: number }[] = [];
  for (const [group, codesInGroup] of groups) {
    const members = codesInGroup.map((c) => byComune.get(c)!.areas);
    const intervals = rankIntervals(members, m.area_weights, { draws: ROBUSTNESS_DRAWS, seed: period });
    codesInGroup.forEach((istat, k) => {
      const c = composite(members[k]!, m.area_weights);
      out.push({ istat, group, score: c.score, low: c.score === null ? null : intervals[k]!.low, high: c.score === null ? null : intervals[k]!.high, coverage: c.coverage });
    });
  }
  await db.execute(sql`delete from da_composites where period = ${period}`);
  for (let i = 0; i < out.length; i += INSERT_CHUNK) {
    const chunk = out.slice(i, i + INSERT_CHUNK);
    await db.execute(sql`insert into da_composites (istat_code, period, methodology_version, peer_group, score, rank_low, rank_high, coverage)
      select u.istat, ${period}, ${m.version}, u.grp, u.score, u.low, u.high, u.cov
      from jsonb_to_recordset(${JSON.stringify(chunk.map((o) => ({ istat: o.istat, grp: o.group, score: o.score, low: o.low, high: o.high, cov: o.coverage })))}::jsonb)
        as u(istat text, grp text, score float8, low int, high int, cov float8)`);
  }
}

/** Percentile (ties counted half, higher is better) and competition rank of a value from its peer group's distribution. */
function standing(r: { equal: number | null; below: number | null; peer: StatRow | null; polarity: string }, value: number | null) {
  const size = Number(r.peer?.comuni ?? 0);
  if (value === null || r.equal === null || r.below === null || size === 0) return { percentileInPeerGroup: null, rankInPeerGroup: null };
  const equal = Number(r.equal);
  const below = Number(r.below);
  const above = size - below - equal;
  return r.polarity === 'down'
    ? { percentileInPeerGroup: (100 * (above + equal / 2)) / size, rankInPeerGroup: below + 1 }
    : { percentileInPeerGroup: (100 * (below + equal / 2)) / size, rankInPeerGroup: above + 1 };
}

export function createDigitalAgendaService(d: DigitalAgendaDeps) {
  const { db, repo } = d;
  const now = d.now ?? (() => new Date());
  // the catalogue changes only with a release (loaded at start): read it once a minute at most
  let catalogue: { at: number; list: Promise<IndicatorRow[]> } | null = null;
  const indicators = () => {
    if (!catalogue || Date.now() - catalogue.at > 60_000) catalogue = { at: Date.now(), list: repo.indicators(db) };
    return catalogue.list;
  };
  // the size of every peer group of a period, kept out of the profile's request path until the next refresh of composites
  let peerSizes = new Map<number, { at: number; sizes: Promise<Map<string, number>> }>();
  const peerGroupSize = async (period: number, peerGroup: string) => {
    let hit = peerSizes.get(period);
    if (!hit || Date.now() - hit.at > 60_000) {
      hit = { at: Date.now(), sizes: repo.peerGroupSizes(db, period) };
      peerSizes.set(period, hit);
      hit.sizes.catch(() => peerSizes.delete(period));
    }
    return (await hit.sizes).get(peerGroup) ?? 0;
  };
  /** After ranks and composites were recomputed. */
  const refreshed = () => {
    peerSizes = new Map();
  };

  d.notifications.defineEvent('digital_agenda.behind', {
    module: 'digital-agenda',
    label: { it: 'Comuni in ritardo sugli obiettivi dell’agenda digitale', en: 'Comuni behind the digital agenda targets' },
    defaults: { inApp: true, email: 'daily' },
    render: (p, l) => ({
      title: l === 'it' ? `${String(p.count)} Comuni fuori traiettoria (${String(p.period)})` : `${String(p.count)} Comuni off track (${String(p.period)})`,
      body: String(p.names),
    }),
  });

  async function mayReadSelfAssessed(ctx: RequestContext, comuneId: string, provinceId: string | null) {
    return can(ctx.actor, { type: 'selfAssessed.read', comuneId, provinceId });
  }

  async function importContext(tx: DbOrTx, indicators?: IndicatorRow[]): Promise<ImportContext> {
    const list = indicators ?? (await repo.indicators(tx));
    return {
      indicators: new Map(list.map((i) => [i.code, { code: i.code, minValue: Number(i.min_value), maxValue: Number(i.max_value), unit: i.unit }])),
      comuni: await repo.comuniCodes(tx),
      variations: await repo.variations(tx),
      minPeriod: DigitalAgendaPeriods.min,
      maxPeriod: DigitalAgendaPeriods.max,
    };
  }

  // progress of the imports being validated, by the key their client chose (kept a few minutes after the end)
  const progress = new Map<string, { userId: string; phase: DaImportProgress['phase']; rowsDone: number; rowsTotal: number; at: number }>();
  const PROGRESS_TTL = 10 * 60_000;
  const track = (key: string | undefined, userId: string, rowsTotal: number) => {
    if (!key) return () => undefined;
    const t = Date.now();
    for (const [k, p] of progress) if (t - p.at > PROGRESS_TTL) progress.delete(k);
    const existing = progress.get(key);
    if (existing && existing.userId !== userId) return () => undefined;
    progress.set(key, { userId, phase: 'reading', rowsDone: 0, rowsTotal, at: t });
    return (phase: DaImportProgress['phase'], rowsDone: number) => {
      progress.set(key, { userId, phase, rowsDone: Math.min(rowsDone, rowsTotal), rowsTotal, at: Date.now() });
    };
  };
  /** Reading and checking the records is most of the work; the checks across the file and writing the rest. */
  const percentOf = (p: { phase: DaImportProgress['phase']; rowsDone: number; rowsTotal: number }) => {
    const share = p.rowsTotal ? p.rowsDone / p.rowsTotal : 1;
    switch (p.phase) {
      case 'reading':
        return Math.floor(60 * share);
      case 'validating':
        return 60 + Math.floor(20 * share);
      case 'writing':
        return 80 + Math.floor(19 * share);
      case 'done':
      case 'failed':
        return 100;
    }
  };

  const importColumns = sql.raw('id, kind, file_name, period, state, report, row_count, created_by, created_at, published_at');
  /** Records of a CSV text after its header (its line ends; blank lines are counted too). */
  const recordsOf = (text: string) => {
    let n = 0;
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) n++;
    return Math.max(0, n - (text.endsWith('\n') ? 1 : 0));
  };
  const importOf = (r: Record<string, unknown>): DaImport => ({
    id: String(r.id),
    kind: r.kind as DaImport['kind'],
    fileName: String(r.file_name),
    period: num(r.period),
    state: r.state as DaImport['state'],
    report: r.report as DaImport['report'],
    rowCount: Number(r.row_count),
    createdAt: new Date(String(r.created_at)).toISOString(),
    publishedAt: r.published_at ? new Date(String(r.published_at)).toISOString() : null,
  });

  /** Tells the competence centres which of their Comuni fell behind in a period (the monitoring rule, once per Comune × indicator × period). */
  const monitoring = createDigitalAgendaMonitoring({ db, repo, audit: d.audit, notifications: d.notifications });
  const alertCentres = (tx: DbOrTx, period: number, codes: string[]) => monitoring.alertBehind(tx, period, codes);

  const readImport = async (tx: DbOrTx, id: string) => importOf((await rows<Record<string, unknown>>(tx, sql`select ${importColumns} from da_imports where id = ${id}`))[0]!);

  type Progress = (phase: DaImportProgress['phase'], n: number) => void;
  /**
   * Reads and checks a file against today's territory and catalogue: a values CSV in steps (its progress told
   * after each and the event loop let go), a PA digitale 2026 file at once. With `stage`, answers the checked
   * values as staged lines (ISTAT code, indicator, year, value, source, date, tab-separated).
   */
  async function checkFile(ictx: ImportContext, kind: DaImportCreate['kind'], content: string, period: number | null, stage: boolean, onProgress: Progress) {
    onProgress('reading', 0);
    if (kind === 'values_csv') {
      const steps = validateValuesCsv(content, ictx, { stage });
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return { ...step.value, calls: [] };
        onProgress('reading', step.value);
        await new Promise((r) => setImmediate(r));
      }
    }
    if (kind === 'padigitale_candidature') {
      if (!period) throw badRequest('validation_error', 'Indicare l’anno di riferimento', [{ path: 'period', message: 'Required' }]);
      const { report, values } = parseCandidatureCsv(content, ictx, period);
      return { report, staged: stagedLines(values), comuni: null, firstPeriod: period, calls: [] };
    }
    return { ...parseAvvisiCsv(content), staged: [], comuni: null, firstPeriod: null };
  }
  const invalidFile = (report: ImportReport) => badRequest('invalid_file', `Il file ha ${report.errors.length} errori: nulla è stato importato`, report);

  /**
   * Validates a file and keeps it in the import until publication (values), or loads its calls at once
   * (avvisi.csv); nothing is written unless the report has no errors.
   */
  async function validateAndKeep(ctx: RequestContext, body: DaImportCreate, onProgress: Progress): Promise<DaImport> {
    return db.transaction(async (tx) => {
      const ictx = await importContext(tx);
      // a file of values is written while it is checked (the database stores it meanwhile, on its own core); an
      // error or a refusal below rolls it back
      const kept =
        body.kind === 'padigitale_avvisi'
          ? null
          : Promise.resolve(
              tx
                .insert(tables.daImports)
                .values({ kind: body.kind, fileName: body.fileName, period: body.period ?? null, state: 'validated', report: {}, content: body.content, createdBy: ctx.actor!.userId })
                .returning({ id: tables.daImports.id }),
            );
      kept?.catch(() => undefined);
      const { report, comuni, firstPeriod, calls } = await checkFile(ictx, body.kind, body.content, body.period ?? null, false, onProgress);
      onProgress('validating', report.rows);
      // who may load these values: UPI for national files, the centre of the Comuni's Province otherwise
      if (!can(ctx.actor, { type: 'import.write', provinceIds: comuni && (await repo.provincesOf(tx, comuni)) })) throw forbidden();
      if (report.errors.length) throw invalidFile(report);
      onProgress('writing', 0);
      const period = body.period ?? firstPeriod;
      let id: string;
      if (kept) {
        id = (await kept)[0]!.id;
        await tx.update(tables.daImports).set({ report, rowCount: report.valid, period }).where(sql`id = ${id}`);
      } else {
        [{ id }] = (await tx
          .insert(tables.daImports)
          .values({ kind: body.kind, fileName: body.fileName, period, state: 'published', publishedAt: now(), report, rowCount: calls.length, createdBy: ctx.actor!.userId })
          .returning({ id: tables.daImports.id })) as [{ id: string }];
        for (const c of calls) {
          await tx
            .insert(tables.daCalls)
            .values({ ...c, importId: id })
            .onConflictDoUpdate({ target: tables.daCalls.title, set: { status: c.status, closesOn: c.closesOn, allocatedCents: c.allocatedCents, measureTotalCents: c.measureTotalCents, importId: id } });
        }
      }
      await d.audit.record(tx, ctx, { action: 'digital_agenda.import.validated', entityType: 'da_import', entityId: id, changes: { kind: body.kind, rows: report.rows } });
      return readImport(tx, id);
    });
  }

  return {
    monitoring,
    refreshPeriod: async (period: number, codes: string[] | null = null) => {
      await db.transaction(async (tx) => {
        await refreshPeriod(tx, repo, period, codes);
        await monitoring.alertBehind(tx, period, codes);
      });
      refreshed();
    },

    /**
     * Computes the years that have values but no aggregates yet (e.g. after a bulk load), newest first, one by one;
     * then, when the latest year has no falling-behind alert yet, tells the centres of the Comuni behind in it.
     */
    async refreshMissing(): Promise<number[]> {
      const years = await repo.yearsWithValues(db, DigitalAgendaPeriods.min, DigitalAgendaPeriods.max);
      const missing = years.filter((y) => !y.stats);
      // in steps of a few indicators, each its own transaction, and the requests waiting meanwhile go first: the
      // embedded database works inside the server's process, and a whole year at once would hold it for seconds
      const pause = () => new Promise((r) => setTimeout(r, 20));
      const codes = (await repo.indicators(db)).map((i) => i.code);
      for (const m of missing) {
        const period = Number(m.period);
        for (let k = 0; k < codes.length; k += REFRESH_STEP) {
          await db.transaction((tx) => refreshIndicatorAggregates(tx, repo, period, codes.slice(k, k + REFRESH_STEP)));
          await pause();
        }
        await db.transaction((tx) => refreshComposites(tx, repo, period));
        refreshed();
        await pause();
      }
      // values loaded in bulk (no import told the centres): the latest year's falling-behind alerts, once
      const latest = years[0] ? Number(years[0].period) : null;
      if (latest !== null && !(await repo.hasAlerts(db, latest))) {
        await db.transaction((tx) => monitoring.alertBehind(tx, latest, null));
      }
      return missing.map((m) => Number(m.period));
    },

    async indicators(): Promise<{ items: DaIndicator[] }> {
      return { items: (await repo.indicators(db)).map(indicatorOf) };
    },

    async profile(ctx: RequestContext, istatCode: string, period: number): Promise<DaProfile> {
      // one round trip: the Comune comes with its indicators
      const list = await repo.profile(db, istatCode, period);
      const c = list[0];
      if (!c) throw notFound('Comune');
      const peerGroup = c.peer_group;
      const peerSize = await peerGroupSize(period, peerGroup);
      const seeSelf = await mayReadSelfAssessed(ctx, c.comune_id, c.province_id);
      const indicators = list.map((r) => {
        const hidden = !!r.self_assessed && !seeSelf;
        const value = hidden ? null : num(r.value);
        const agg = r.aggregation as Aggregation;
        const h = (s: StatRow | null) => {
          const a = statOf(s);
          return a ? headline(a, agg) : null;
        };
        const own = (r.series ?? []).filter(([, , self]) => seeSelf || !self).map(([p, v]) => ({ period: p, value: v }));
        const previous = own.find((s) => s.period === period - 1)?.value ?? null;
        const item: DaProfile['indicators'][number] = {
          code: r.code,
          area: r.area,
          value,
          unit: r.unit as DaProfile['indicators'][number]['unit'],
          previous,
          ...standing(r, value),
          peerGroupSize: Number(r.peer?.comuni ?? 0),
          peerGroupMedian: r.peer ? num(r.peer.median) : null,
          province: h(r.province),
          region: h(r.region),
          national: h(r.national),
          source: hidden ? null : r.source_of_value,
          observedOn: hidden ? null : r.observed_on,
          selfAssessed: !hidden && !!r.self_assessed,
        };
        const target = num(r.target);
        if (target !== null && r.target_deadline) {
          item.target = target;
          item.targetDeadline = String(r.target_deadline);
          const f = value === null ? null : forecast(own, target, deadlineYear(String(r.target_deadline)), r.polarity);
          if (f) item.status = f.status;
          item.gapClosure = own.length > 1 ? gapClosure(own[0]!.value, own[own.length - 1]!.value, target) : null;
        }
        return item;
      });
      const comps = c.composites ?? [];
      const cur = comps.find((x) => Number(x.period) === period);
      const prev = comps.find((x) => Number(x.period) === period - 1);
      return {
        comune: {
          istatCode,
          name: c.comune_name,
          population: Number(c.population),
          peerGroup,
          provinceIstatCode: c.province_istat_code,
          provinceName: c.province_name ?? '',
          regionIstatCode: c.region_istat_code,
        },
        period,
        indicators,
        composite: {
          score: cur ? num(cur.score) : null,
          rankInterval: cur && cur.rank_low !== null && cur.score !== null ? [Number(cur.rank_low), Number(cur.rank_high)] : null,
          peerGroupSize: peerSize,
          coverage: cur ? Number(cur.coverage) : 0,
          methodologyVersion: cur ? Number(cur.methodology_version) : null,
          previousScore: prev ? num(prev.score) : null,
        },
      };
    },

    async benchmark(code: string, period: number, level: 'province' | 'region'): Promise<DaBenchmark> {
      const ind = (await indicators()).find((i) => i.code === code);
      if (!ind) throw notFound('Indicatore');
      const [data, territories, [nat]] = await Promise.all([
        repo.benchmark(db, code, period, level),
        repo.territories(db, level),
        // the nation from all its Comuni, not from the territories' figures
        rows<{ comuni: number; share: number | null; population_weighted: number | null; mean: number | null; median: number | null }>(
          db,
          sql`select count(v.value)::int as comuni, avg(v.value) as share, avg(v.value) as mean, percentile_cont(0.5) within group (order by v.value) as median,
                     sum(v.population::float8 * v.value) / nullif(sum(v.population), 0) as population_weighted
              from da_values v where v.indicator_code = ${code} and v.period = ${period}`,
        ),
      ]);
      const names = new Map(territories.map((t) => [t.istat_code, t]));
      const row = (r: { code: string; total: number; comuni: number; share: number | null; population_weighted: number | null; mean: number | null; median: number | null }) => {
        const out: Omit<DaBenchmarkRow, 'metropolitan' | 'inProgramme' | 'name' | 'code'> = { comuni: Number(r.comuni), coverage: Number(r.total) ? Number(r.comuni) / Number(r.total) : 0 };
        if (Number(r.comuni) > 0) {
          if (ind.unit === 'boolean') out.share = Number(r.share);
          else {
            out.mean = Number(r.mean);
            out.median = Number(r.median);
          }
          if (r.population_weighted !== null) out.populationWeighted = Number(r.population_weighted);
        }
        return out;
      };
      const items: DaBenchmarkRow[] = data
        .filter((r) => names.has(r.code))
        .map((r) => {
          const t = names.get(r.code)!;
          return { code: r.code, name: t.name, ...row(r), metropolitan: t.type === 'citta_metropolitana', inProgramme: t.in_programme };
        })
        .sort((a, b) => a.code.localeCompare(b.code));
      const total = data.reduce((sum, r) => sum + Number(r.total), 0);
      return { indicator: code, period, level, items, national: { code: 'IT', name: 'Italia', ...row({ code: 'IT', total, ...nat! }) } };
    },

    async values(ctx: RequestContext, code: string, period: number, province: string) {
      const ind = (await indicators()).find((i) => i.code === code);
      if (!ind) throw notFound('Indicatore');
      const p = await repo.province(db, province);
      if (!p) throw notFound('Provincia');
      const list = await repo.values(db, code, period, province);
      const hasSelf = list.some((r) => r.self_assessed);
      const upiOrProvince = hasSelf && can(ctx.actor, { type: 'selfAssessed.read', comuneId: '', provinceId: p.id });
      const ownComuni = new Set(ctx.actor?.memberships.map((m) => m.enteId) ?? []);
      const comuneIds = hasSelf && !upiOrProvince ? new Map((await rows<{ istat_code: string; id: string }>(db, sql`select istat_code, id from enti where type = 'comune' and province_istat_code = ${province}`)).map((r) => [r.istat_code, r.id])) : null;
      return {
        items: list.map((r) => {
          const hidden = !!r.self_assessed && !upiOrProvince && !ownComuni.has(comuneIds?.get(r.istat_code) ?? '');
          return { istatCode: r.istat_code, name: r.name, population: Number(r.population), value: hidden ? null : num(r.value) };
        }),
      };
    },

    async trend(ctx: RequestContext, istatCode: string): Promise<DaTrend> {
      const c = await repo.comune(db, istatCode);
      if (!c) throw notFound('Comune');
      const seeSelf = await mayReadSelfAssessed(ctx, c.id, c.province_id);
      const [indicators, series] = await Promise.all([repo.indicators(db), repo.series(db, istatCode, DigitalAgendaPeriods.max)]);
      return {
        istatCode,
        name: c.name,
        items: indicators.map((i) => {
          const s = series.filter((x) => x.indicator_code === i.code && (seeSelf || !x.self_assessed)).map((x) => ({ period: Number(x.period), value: Number(x.value) }));
          const target = num(i.target);
          const f = target !== null && i.target_deadline ? forecast(s, target, deadlineYear(String(i.target_deadline)), i.polarity) : null;
          return {
            code: i.code,
            series: s,
            target,
            targetDeadline: i.target_deadline ? String(i.target_deadline) : null,
            gapClosure: target !== null && s.length > 1 ? gapClosure(s[0]!.value, s[s.length - 1]!.value, target) : null,
            pace: f?.pace ?? null,
            reachYear: f?.reachYear ?? null,
            status: f?.status ?? null,
          };
        }),
      };
    },

    // ------------------------------------------------------------------ imports

    /** Where a running import stands (only its author may ask). */
    importProgress(ctx: RequestContext, key: string): DaImportProgress {
      if (!ctx.actor) throw forbidden();
      const p = progress.get(key);
      if (!p || p.userId !== ctx.actor.userId) throw notFound('Importazione');
      return { phase: p.phase, rowsDone: p.rowsDone, rowsTotal: p.rowsTotal, percent: percentOf(p) };
    },

    async createImport(ctx: RequestContext, body: DaImportCreate): Promise<DaImport> {
      if (!ctx.actor) throw forbidden();
      const actor = ctx.actor;
      const onProgress = track(body.progressKey, actor.userId, recordsOf(body.content));
      try {
        const out = await validateAndKeep(ctx, body, onProgress);
        onProgress('done', Number.MAX_SAFE_INTEGER);
        return out;
      } catch (err) {
        onProgress('failed', 0);
        throw err;
      }
    },

    async listImports(ctx: RequestContext) {
      if (!ctx.actor) throw forbidden();
      const mine = await rows<Record<string, unknown>>(db, sql`select ${importColumns} from da_imports where created_by = ${ctx.actor.userId} order by created_at desc limit 50`);
      return { items: mine.map(importOf) };
    },

    /**
     * Publishes a validated import: its file is checked again against today's territory and catalogue (an ISTAT
     * release may have come in between) and its values written over the year's, in one statement; then the ranks,
     * aggregates and composites of the years it touched are recomputed and the centres told of Comuni behind.
     */
    async publishImport(ctx: RequestContext, id: string): Promise<DaImport> {
      if (!ctx.actor) throw forbidden();
      const [imp] = await rows<{ kind: DaImportCreate['kind']; state: string; created_by: string; period: number | null; content: string | null }>(
        db,
        sql`select kind, state, created_by, period, content from da_imports where id = ${id}`,
      );
      if (!imp || imp.created_by !== ctx.actor.userId) throw notFound('Importazione');
      if (imp.state !== 'validated' || imp.content === null) throw badRequest('already_published', 'Importazione già pubblicata');
      const { report, staged, comuni } = await checkFile(await importContext(db), imp.kind, imp.content, imp.period === null ? null : Number(imp.period), true, () => undefined);
      if (!can(ctx.actor, { type: 'import.write', provinceIds: comuni && (await repo.provincesOf(db, comuni)) })) throw forbidden();
      if (report.errors.length) throw badRequest('invalid_file', `Il file non è più valido (${report.errors.length} errori): nulla è stato pubblicato`, report);
      const published = await db.transaction(async (tx) => {
        // the staged lines (ISTAT code, indicator, year, value, source, date) split by the server, in one statement
        const touched = await upsertValues(
          tx,
          sql`select f[2] as indicator_code, f[3]::int as period, f[1] as istat_code, f[4]::float8 as value, f[5] as source, f[6]::date as observed_on
              from string_to_table(${staged.join('\n')}::text, E'\n') as l, string_to_array(l, E'\t') as f`,
          { importId: id, enteredBy: ctx.actor!.userId },
        );
        await tx.execute(sql`update da_imports set state = 'published', published_at = ${now()}, content = null where id = ${id}`);
        for (const t of touched) {
          await refreshPeriod(tx, repo, Number(t.period), t.codes);
          await alertCentres(tx, Number(t.period), t.codes);
        }
        await d.audit.record(tx, ctx, { action: 'digital_agenda.import.published', entityType: 'da_import', entityId: id, changes: {} });
        return readImport(tx, id);
      });
      refreshed();
      return published;
    },

    // ------------------------------------------------------------------ self-assessment

    async questionnaire(ctx: RequestContext, istatCode: string, period: number) {
      const c = await repo.comune(db, istatCode);
      if (!c) throw notFound('Comune');
      if (!can(ctx.actor, { type: 'questionnaire.read', comuneId: c.id, provinceId: c.province_id })) throw forbidden();
      const list = await rows<IndicatorRow & { value: number | null; source_of_value: string | null }>(
        db,
        sql`select i.*, v.value, v.source as source_of_value from da_indicators i
            left join da_values v on v.indicator_code = i.code and v.period = ${period} and v.istat_code = ${istatCode}
            where i.availability like '%SRV%' or i.availability like '%ADM%' order by i.position`,
      );
      return {
        istatCode,
        name: c.name,
        period,
        items: list.map((i) => ({
          code: i.code,
          area: i.area,
          nameIt: i.name_it,
          nameEn: i.name_en,
          unit: i.unit as DaIndicator['unit'],
          minValue: Number(i.min_value),
          maxValue: Number(i.max_value),
          value: num(i.value),
          source: i.source_of_value,
          prefilled: i.value !== null && i.source_of_value !== 'questionnaire',
        })),
      };
    },

    async saveQuestionnaire(ctx: RequestContext, istatCode: string, body: DaQuestionnaireSave) {
      const c = await repo.comune(db, istatCode);
      if (!c) throw notFound('Comune');
      if (!can(ctx.actor, { type: 'questionnaire.write', comuneId: c.id })) throw forbidden();
      const indicators = new Map((await repo.indicators(db)).map((i) => [i.code, i]));
      const errors: { path: string; message: string }[] = [];
      body.answers.forEach((a, k) => {
        const i = indicators.get(a.code);
        if (!i) errors.push({ path: `answers.${k}.code`, message: 'Indicatore sconosciuto' });
        else if (a.value !== null && (a.value < Number(i.min_value) || a.value > Number(i.max_value) || (i.unit === 'boolean' && a.value !== 0 && a.value !== 1)))
          {errors.push({ path: `answers.${k}.value`, message: `Valore fuori dall'intervallo ${i.min_value}–${i.max_value}` });}
      });
      if (errors.length) throw badRequest('validation_error', 'Risposte non valide', errors);
      const today = now().toISOString().slice(0, 10);
      await db.transaction(async (tx) => {
        const answered = body.answers.filter((a) => a.value !== null);
        const cleared = body.answers.filter((a) => a.value === null).map((a) => a.code);
        if (cleared.length)
          {await tx.execute(sql`delete from da_values where istat_code = ${istatCode} and period = ${body.period} and self_assessed and indicator_code in (${sql.join(cleared.map((x) => sql`${x}`), sql`, `)})`);}
        await insertValues(
          tx,
          answered.map((a) => ({ istatCode, indicatorCode: a.code, period: body.period, value: a.value!, observedOn: today, source: 'questionnaire' })),
          { enteredBy: ctx.actor!.userId, selfAssessed: true },
        );
        await refreshPeriod(tx, repo, body.period, body.answers.map((a) => a.code));
        await alertCentres(tx, body.period, answered.map((a) => a.code));
        await d.audit.record(tx, ctx, { action: 'digital_agenda.questionnaire.saved', entityType: 'ente', entityId: c.id, changes: { period: body.period, answers: body.answers.length } });
      });
      refreshed();
      return this.questionnaire(ctx, istatCode, body.period);
    },

    // ------------------------------------------------------------------ competence centre

    async centre(provinceIstatCode: string) {
      const p = await repo.province(db, provinceIstatCode);
      if (!p) throw notFound('Provincia');
      const services = await rows<Record<string, unknown>>(db, sql`select * from da_centre_services where provincia_id = ${p.id} and active order by name_it`);
      return {
        province: { istatCode: p.istat_code, name: p.name },
        services: services.map((s) => ({
          id: String(s.id),
          topic: String(s.topic),
          nameIt: String(s.name_it),
          nameEn: String(s.name_en),
          descriptionIt: String(s.description_it),
          adhesionInstrument: String(s.adhesion_instrument),
          serviceLevel: String(s.service_level),
          requestCategoryCode: String(s.request_category_code),
          indicatorCodes: s.indicator_codes as string[],
        })),
      };
    },

    async addCentreService(ctx: RequestContext, provinceIstatCode: string, body: DaCentreServiceCreate) {
      const p = await repo.province(db, provinceIstatCode);
      if (!p) throw notFound('Provincia');
      if (!can(ctx.actor, { type: 'centre.manage', provinceId: p.id })) throw forbidden();
      const [cat] = await rows<{ id: string }>(db, sql`select id from request_categories where service = 'sit' and code = ${body.requestCategoryCode} and active`);
      if (!cat) throw badRequest('validation_error', 'Categoria di richiesta sconosciuta', [{ path: 'requestCategoryCode', message: 'Nessuna categoria SIT con questo codice' }]);
      await db.transaction(async (tx) => {
        const [s] = await tx.insert(tables.daCentreServices).values({ ...body, provinciaId: p.id }).returning({ id: tables.daCentreServices.id });
        await d.audit.record(tx, ctx, { action: 'digital_agenda.centre_service.created', entityType: 'da_centre_service', entityId: s!.id, changes: { topic: body.topic } });
      });
      return this.centre(provinceIstatCode);
    },

    async centreDashboard(ctx: RequestContext, provinceIstatCode: string, period: number): Promise<DaCentreDashboard> {
      const p = await repo.province(db, provinceIstatCode);
      if (!p) throw notFound('Provincia');
      if (!can(ctx.actor, { type: 'centre.dashboard', provinceId: p.id })) throw forbidden();
      const list = await rows<{ istat_code: string; name: string; population: number; score: number | null; off_track: number; at_risk: number; open_requests: number; adherent: boolean }>(
        db,
        sql`select c.istat_code, c.name, coalesce(c.population, 0)::int as population, dc.score,
                   (select count(*)::int from da_values v join da_indicators i on i.code = v.indicator_code and i.target is not null
                     where v.istat_code = c.istat_code and v.period = ${period} and v.value < i.target and extract(year from i.target_deadline) <= ${period}) as off_track,
                   (select count(*)::int from da_values v join da_indicators i on i.code = v.indicator_code and i.target is not null
                     where v.istat_code = c.istat_code and v.period = ${period} and v.value < i.target and extract(year from i.target_deadline) > ${period}) as at_risk,
                   (select count(*)::int from service_requests r where r.requester_ente_id = c.id and r.service = 'sit' and r.state not in ('resolved', 'closed')) as open_requests,
                   exists (select 1 from convention_parties cp join conventions cv on cv.id = cp.convention_id
                           where cp.ente_id = c.id and cv.owner_ente_id = ${p.id} and 'sit' = any(cv.services) and cv.state = 'active') as adherent
            from enti c
            left join da_composites dc on dc.istat_code = c.istat_code and dc.period = ${period}
            where c.type = 'comune' and c.active and c.province_istat_code = ${provinceIstatCode}
            order by off_track desc, c.name`,
      );
      return {
        period,
        items: list.map((r) => ({
          istatCode: r.istat_code,
          name: r.name,
          population: Number(r.population),
          composite: num(r.score),
          offTrack: Number(r.off_track),
          atRisk: Number(r.at_risk),
          openRequests: Number(r.open_requests),
          adherent: !!r.adherent,
        })),
      };
    },

    // ------------------------------------------------------------------ methodology

    async methodologies() {
      return {
        items: (await repo.methodologies(db)).map((m) => ({ version: Number(m.version), validFrom: m.valid_from, areaWeights: m.area_weights, goalposts: m.goalposts, note: m.note })),
      };
    },

    /** A new methodology version: it applies to the next publications; published composites keep their version. */
    async addMethodology(ctx: RequestContext, body: DaMethodologyCreate) {
      if (!can(ctx.actor, { type: 'methodology.manage' })) throw forbidden();
      const last = await repo.latestMethodology(db);
      const goalposts = { ...(last?.goalposts ?? {}), ...body.goalposts };
      const errors = Object.entries(body.goalposts)
        .filter(([, [l, u]]) => l === u)
        .map(([k]) => ({ path: `goalposts.${k}`, message: 'Le soglie devono essere diverse' }));
      if (errors.length) throw badRequest('validation_error', 'Soglie non valide', errors);
      await db.transaction(async (tx) => {
        const version = (last?.version ?? 0) + 1;
        await tx.insert(tables.daMethodologyVersions).values({ version, validFrom: body.validFrom, areaWeights: body.areaWeights, goalposts, note: body.note, createdBy: ctx.actor!.userId });
        await d.audit.record(tx, ctx, { action: 'digital_agenda.methodology.created', entityType: 'da_methodology', entityId: String(version), changes: { note: body.note } });
      });
      return this.methodologies();
    },

    /** The aggregated figure of a list of observations (open data exports reuse the service maths). */
    aggregate,

    /** Benchmark views: box plots, heat map, ranking in a Province, best improvers. */
    views: createDigitalAgendaViews(d),
  };
}
export type DigitalAgendaService = ReturnType<typeof createDigitalAgendaService>;
