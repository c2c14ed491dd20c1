import { count, eq, sql } from 'drizzle-orm';
import { tables, type Database } from '@app/db';
import {
  bundledTerritory,
  listDemoAccounts,
  loadDemoData,
  loadEuFundingDemo,
  loadEuProgrammes,
  loadDigitalAgendaCatalogue,
  loadDigitalAgendaDemo,
  DIGITAL_AGENDA_DEMO_PERIODS,
  loadNetworkDemo,
  loadProcurementDemo,
  loadProcurementRules,
  procurementRules,
  loadRequestCategories,
  loadRequirementCheckCatalogue,
  loadRequestsDemo,
  loadTerritory,
  type DemoAccount,
} from '@app/db/seed';
import { createDigitalAgendaRepository, refreshPeriod } from './modules/digital-agenda/index.js';
import { todayInRome } from './modules/registry/network.workflow.js';
import { procurementDemoPlan } from './modules/procurement/procurement.demo.js';
import { addWorkingDays, addWorkingHours, subtractWorkingHours } from './modules/requests/sla.js';

export interface PrepareResult {
  referenceLoaded: boolean;
  demoCreated: number;
  demoAccounts: DemoAccount[];
}

/** The Provinces whose Comuni get demo indicator values (undefined: all), as `DEMO_INDICATOR_PROVINCES` says. */
export function demoIndicatorProvinces(config: { DEMO_INDICATOR_PROVINCES?: 'all' | string[] }): string[] | undefined {
  const v = config.DEMO_INDICATOR_PROVINCES;
  return v === 'all' ? undefined : v;
}

/**
 * Brings a database to a usable state: migrations, reference data (the ISTAT territory,
 * when not loaded yet) and, when asked, demo data.
 */
export async function prepareDatabase(
  database: Database,
  opts: {
    demo: boolean;
    /** Provinces (ISTAT codes) whose Comuni get demo indicator values; all Comuni when absent. */
    demoIndicatorProvinces?: string[];
    /** Runs after the demo network was loaded (its calendar items and search entries). */
    afterNetworkDemo?: () => Promise<unknown>;
    /** Runs after the demo procurements were loaded (their calendar items). */
    afterProcurementDemo?: () => Promise<unknown>;
  },
): Promise<PrepareResult> {
  await database.migrate();
  const { db } = database;
  const [row] = await db.select({ n: count() }).from(tables.enti).where(eq(tables.enti.type, 'comune'));
  let referenceLoaded = false;
  if (!row?.n) {
    await db.transaction(async (tx) => {
      await loadTerritory(tx, bundledTerritory());
    });
    // after a bulk load: fresh statistics for the planner, and the trigram index's pending list merged
    // (a GIN index scans its pending list linearly until a vacuum: 50 ms instead of 0.1 ms per search)
    await db.execute(sql`vacuum analyze enti`);
    referenceLoaded = true;
  }
  // the catalogue of the services' requests: categories added by a new release appear, edited ones stay
  await db.transaction((tx) => loadRequestCategories(tx));
  // thresholds, bands and time limits of procurement, with their validity dates
  await db.transaction((tx) => loadProcurementRules(tx));
  // the catalogue of requirement checks (artt. 94, 95, 100 D.Lgs. 36/2023)
  await db.transaction((tx) => loadRequirementCheckCatalogue(tx));
  // the catalogue of EU funding programmes (cohesion PR/PN, Interreg, PNRR, direct management)
  await db.transaction((tx) => loadEuProgrammes(tx));
  // the catalogue of the Agenda Digitale Territoriale indicators and the first methodology version
  await db.transaction((tx) => loadDigitalAgendaCatalogue(tx));
  let demoCreated = 0;
  let demoAccounts: DemoAccount[] = [];
  if (opts.demo) {
    demoCreated = await db.transaction((tx) => loadDemoData(tx));
    const networkLoaded = await db.transaction((tx) => loadNetworkDemo(tx, todayInRome()));
    if (networkLoaded && opts.afterNetworkDemo) await opts.afterNetworkDemo();
    await db.transaction((tx) => loadRequestsDemo(tx, { now: new Date(), addWorkingHours, addWorkingDays, subtractWorkingHours }));
    const procurementLoaded = await db.transaction((tx) => loadProcurementDemo(tx, procurementDemoPlan(procurementRules, todayInRome())));
    if (procurementLoaded && opts.afterProcurementDemo) await opts.afterProcurementDemo();
    // calls and projects of the SAPE for Comuni of Padova and Rovigo
    await db.transaction((tx) => loadEuFundingDemo(tx, todayInRome()));
    // the Agenda Digitale Territoriale: every indicator for every Comune and year; the earlier years' distributions,
    // aggregates and composites once the server listens (refreshMissing)
    // every Comune of Italy, unless the Provinces are given; the embedded database skips the sort that clusters the
    // rows by year (a quarter of its load time)
    const daValues = await db.transaction((tx) => loadDigitalAgendaDemo(tx, { provinces: opts.demoIndicatorProvinces, clustered: database.kind === 'postgres' }));
    if (daValues > 0) {
      await db.execute(sql`analyze da_values`);
      // the latest year's aggregates before the server listens; with every Comune, the embedded database computes all
      // years once it listens, in steps (it works inside the server's process)
      if (database.kind === 'postgres' || opts.demoIndicatorProvinces) {
        const latest = DIGITAL_AGENDA_DEMO_PERIODS[DIGITAL_AGENDA_DEMO_PERIODS.length - 1]!;
        await db.transaction((tx) => refreshPeriod(tx, createDigitalAgendaRepository(), latest));
      }
    }
    demoAccounts = listDemoAccounts();
  }
  return { referenceLoaded, demoCreated, demoAccounts };
}
