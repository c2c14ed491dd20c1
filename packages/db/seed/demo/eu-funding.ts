import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { requestCategories } from '../../src/schema/collab.js';
import { euCalls, euClaims, euProgrammes, euExpenditures, euInterests, euOfficeYears, euProjectPartners, euProjectSteps, euProjects, euSapeServices } from '../../src/schema/eu-funding.js';
import { conventionParties, conventions } from '../../src/schema/network.js';
import { enti } from '../../src/schema/registry.js';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** An instant on a day offset from today: 10:00 UTC for openings, 15:00 UTC (17:00 in Rome in summer) for deadlines. */
const at = (today: string, days: number, hour: number) => new Date(`${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00Z`);

/** Codes of the programme catalogue (reference data) of the demo calls. */
const PROGRAMME_CODES: Record<string, string> = {'PR-FESR-VEN-2026-1.2.1': 'PR-FESR-VENETO-2127', 'PNRR-M1C1-1.4.1-COMUNI-2026': 'PNRR-M1', 'CERV-2026-CITIZENS-TOWN-TT': 'CERV', 'LIFE-2026-SAP-CLIMA': 'LIFE', 'INTERREG-ITA-HR-2026-SO4.6': 'INTERREG-ITA-HRV', 'PR-FSE-VEN-2026-GIOVANI': 'PR-FSE-VENETO-2127', 'HORIZON-MISS-2026-CIT-02': 'HORIZON', 'PNRR-M2C4-2.2-RESILIENZA': 'PNRR-M2'};

interface DemoCall {
  identifier: string;
  programme: string;
  title: string;
  actionType?: string;
  deadlineModel: 'single-stage' | 'two-stage' | 'rolling';
  opens: number;
  deadlines: number[];
  budget: string | null;
  rate: string | null;
  enteTypes: string[];
  minPopulation?: number;
  maxPopulation?: number;
  topics: string[];
  territory?: string[];
}

const CALLS: DemoCall[] = [
  { identifier: 'PR-FESR-VEN-2026-1.2.1', programme: 'PR FESR Veneto 2021-2027', title: 'Efficientamento energetico degli edifici pubblici comunali', deadlineModel: 'single-stage', opens: -20, deadlines: [25], budget: '18000000.00', rate: '80.00', enteTypes: ['comune', 'unione_comuni'], topics: ['energia', 'clima'], territory: ['05'] },
  { identifier: 'PNRR-M1C1-1.4.1-COMUNI-2026', programme: 'PNRR M1C1 1.4.1 Esperienza del cittadino nei servizi pubblici', title: 'Esperienza del cittadino — Comuni (finestra 2026)', deadlineModel: 'rolling', opens: -40, deadlines: [50], budget: '95000000.00', rate: null, enteTypes: ['comune'], topics: ['digitale'] },
  { identifier: 'CERV-2026-CITIZENS-TOWN-TT', programme: 'CERV — Citizens, Equality, Rights and Values', title: 'Town-Twinning 2026', actionType: 'CERV-LS CERV Lump Sum Grants', deadlineModel: 'single-stage', opens: -10, deadlines: [12], budget: '4000000.00', rate: null, enteTypes: ['comune'], topics: ['cooperazione', 'giovani', 'cultura'] },
  { identifier: 'LIFE-2026-SAP-CLIMA', programme: 'LIFE 2021-2027', title: 'Adattamento ai cambiamenti climatici nelle aree urbane', actionType: 'LIFE Standard Action Projects', deadlineModel: 'two-stage', opens: -5, deadlines: [40, 160], budget: '35000000.00', rate: '60.00', enteTypes: ['comune', 'provincia', 'citta_metropolitana'], minPopulation: 10000, topics: ['clima', 'ambiente'] },
  { identifier: 'INTERREG-ITA-HR-2026-SO4.6', programme: 'Interreg VI-A Italia-Croazia', title: 'Turismo sostenibile e patrimonio culturale costiero', deadlineModel: 'single-stage', opens: 15, deadlines: [75], budget: '12000000.00', rate: '80.00', enteTypes: ['comune', 'provincia'], topics: ['turismo', 'cultura'], territory: ['05', '06', '08', '11', '16'] },
  { identifier: 'PR-FSE-VEN-2026-GIOVANI', programme: 'PR FSE+ Veneto 2021-2027', title: 'Spazi di aggregazione giovanile nei piccoli Comuni', deadlineModel: 'single-stage', opens: -30, deadlines: [8], budget: '3500000.00', rate: '100.00', enteTypes: ['comune'], maxPopulation: 5000, topics: ['giovani', 'sociale'], territory: ['05'] },
  { identifier: 'HORIZON-MISS-2026-CIT-02', programme: 'Horizon Europe — Missione Città climaticamente neutre', title: 'Pilot cities: decarbonisation of public buildings', actionType: 'HORIZON Innovation Actions', deadlineModel: 'single-stage', opens: -120, deadlines: [-15], budget: '30000000.00', rate: '100.00', enteTypes: ['comune'], minPopulation: 50000, topics: ['clima', 'energia'] },
  { identifier: 'PNRR-M2C4-2.2-RESILIENZA', programme: 'PNRR M2C4 2.2', title: 'Interventi per la resilienza del territorio e l’efficienza energetica dei Comuni', deadlineModel: 'single-stage', opens: -200, deadlines: [-90], budget: '600000000.00', rate: null, enteTypes: ['comune'], topics: ['ambiente', 'energia'] },
];

interface DemoProject {
  lead: string;
  province: '028' | '029';
  call: string;
  title: string;
  state: string;
  path: string[];
  budget: [string, string][];
  cofinancing: [string, string][];
  partners?: string[];
  granted?: string;
  cup?: string;
  expenditures?: [number, string, boolean][];
  claim?: boolean;
}

const PROJECTS: DemoProject[] = [
  { lead: 'Abano Terme', province: '028', call: 'PR-FESR-VEN-2026-1.2.1', title: 'Scuole a energia quasi zero', state: 'idea', path: [], budget: [['lavori', '750000.00'], ['servizi', '50000.00']], cofinancing: [['ue', '640000.00'], ['comune', '160000.00']], partners: ['Montegrotto Terme'] },
  { lead: 'Cittadella', province: '028', call: 'PNRR-M1C1-1.4.1-COMUNI-2026', title: 'Nuovo sito e servizi digitali del Comune', state: 'candidatura', path: ['candidatura'], budget: [['servizi', '155234.00']], cofinancing: [['ue', '155234.00']] },
  { lead: 'Este', province: '028', call: 'PNRR-M2C4-2.2-RESILIENZA', title: 'Consolidamento del versante del colle del castello', state: 'esecuzione', path: ['candidatura', 'ammissibilita', 'finanziato', 'cup', 'esecuzione'], budget: [['lavori', '980000.00'], ['servizi', '120000.00']], cofinancing: [['stato', '1000000.00'], ['comune', '100000.00']], granted: '1000000.00', cup: 'D77H24000120001', expenditures: [[-120, '210000.00', true], [-75, '180500.50', true], [-30, '2300.00', false]], claim: true },
  { lead: 'Monselice', province: '028', call: 'HORIZON-MISS-2026-CIT-02', title: 'Distretto energetico positivo Monselice', state: 'respinto', path: ['candidatura', 'respinto'], budget: [['personale', '300000.00'], ['servizi', '200000.00']], cofinancing: [['ue', '500000.00']], partners: ['Este', 'Provincia di Padova'] },
  { lead: 'Piove di Sacco', province: '028', call: 'PNRR-M2C4-2.2-RESILIENZA', title: 'Riqualificazione idraulica del centro storico', state: 'saldo', path: ['candidatura', 'ammissibilita', 'finanziato', 'cup', 'esecuzione', 'conclusione', 'verifica', 'saldo'], budget: [['lavori', '640000.00']], cofinancing: [['stato', '640000.00']], granted: '640000.00', cup: 'F47H23000210001', expenditures: [[-300, '320000.00', true], [-200, '318000.00', true]], claim: true },
  { lead: 'Adria', province: '029', call: 'CERV-2026-CITIZENS-TOWN-TT', title: 'Adria – Pula: gemellaggio delle città d’acqua', state: 'ammissibilita', path: ['candidatura', 'ammissibilita'], budget: [['viaggi', '24000.00'], ['comunicazione', '6450.00']], cofinancing: [['ue', '30450.00']] },
  { lead: 'Rovigo', province: '029', call: 'LIFE-2026-SAP-CLIMA', title: 'Rovigo città spugna', state: 'finanziato', path: ['candidatura', 'ammissibilita', 'finanziato'], budget: [['lavori', '1400000.00'], ['personale', '200000.00']], cofinancing: [['ue', '960000.00'], ['regione', '320000.00'], ['comune', '320000.00']], granted: '960000.00', partners: ['Adria', 'Lendinara'] },
];

/** Whether the programme catalogue holds the code (it is reference data, loaded before the demo). */
async function programmeKnown(db: DbOrTx, code: string | undefined): Promise<boolean> {
  if (!code) return false;
  return (await db.select({ code: euProgrammes.code }).from(euProgrammes).where(eq(euProgrammes.code, code)).limit(1)).length > 0;
}

/** The services the demo SAPE of Padova publishes: the five kinds, two of them for the Comuni of its convention. */
const SAPE_SERVICES: { code: string; title: string; description: string; serviceLevel: string; convention: boolean }[] = [
  { code: 'informazione', title: 'Sportello Europa', description: 'Informazioni su programmi e bandi europei, nazionali e regionali; segnalazione delle opportunità adatte al Comune.', serviceLevel: 'Risposta entro 2 giorni lavorativi; newsletter mensile dei bandi.', convention: false },
  { code: 'ricerca-partner', title: 'Ricerca partner', description: 'Ricerca di partner italiani ed europei tramite le reti della Provincia e le banche dati dei programmi.', serviceLevel: 'Prima rosa di partner entro 15 giorni lavorativi.', convention: false },
  { code: 'progettazione-proposta', title: 'Scrittura della proposta', description: 'Affiancamento nella redazione della candidatura: idea progettuale, partenariato, piano finanziario.', serviceLevel: 'Bozza completa almeno 10 giorni prima della scadenza del bando.', convention: true },
  { code: 'rendicontazione', title: 'Rendicontazione', description: 'Supporto alla rendicontazione tecnica e finanziaria dei progetti finanziati e alle domande di rimborso.', serviceLevel: 'Verifica dei giustificativi entro 15 giorni lavorativi da ogni SAL.', convention: true },
  { code: 'formazione', title: 'Formazione sulla progettazione europea', description: 'Corsi per il personale comunale su progettazione, gestione e rendicontazione dei fondi europei.', serviceLevel: 'Due edizioni l’anno, in presenza e online.', convention: false },
];

/**
 * Demo calls and projects of the SAPE for Comuni of Padova and Rovigo, with partners, expenditures and claims,
 * marked as demo. Loaded once: answers false when demo calls are already there.
 */
export async function loadEuFundingDemo(db: DbOrTx, today: string): Promise<boolean> {
  const [existing] = await db.select({ id: euCalls.id }).from(euCalls).where(eq(euCalls.isDemo, true)).limit(1);
  if (existing) return false;
  const names = [...new Set(PROJECTS.flatMap((p) => [p.lead, ...(p.partners ?? [])]))];
  const found = await db
    .select({ id: enti.id, name: enti.name, type: enti.type, parentId: enti.parentId, provinceIstatCode: enti.provinceIstatCode })
    .from(enti)
    .where(and(inArray(enti.name, names), inArray(enti.provinceIstatCode, ['028', '029'])));
  const provinces = await db.select({ id: enti.id, istat: enti.istatCode, name: enti.name }).from(enti).where(and(eq(enti.type, 'provincia'), inArray(enti.istatCode, ['028', '029'])));
  const byName = new Map<string, { id: string; name: string; parentId: string | null }>();
  for (const e of found) if (e.type === 'comune') byName.set(e.name, e);
  for (const p of provinces) byName.set(`Provincia di ${p.name.replace(/^Provincia di /, '')}`, { id: p.id, name: p.name, parentId: null });
  const callIds = new Map<string, string>();
  for (const c of CALLS) {
    const deadlines = c.deadlines.map((d) => at(today, d, 15));
    const [row] = await db
      .insert(euCalls)
      .values({
        identifier: c.identifier,
        source: c.identifier.startsWith('PNRR-M1C1') ? 'PA_DIGITALE_2026' : 'manual',
        programme: c.programme,
        programmeCode: (await programmeKnown(db, PROGRAMME_CODES[c.identifier])) ? PROGRAMME_CODES[c.identifier]! : null,
        title: c.title,
        actionType: c.actionType ?? null,
        deadlineModel: c.deadlineModel,
        opensAt: at(today, c.opens, 8),
        closesAt: deadlines[deadlines.length - 1]!,
        deadlines: deadlines.map((d) => d.toISOString()),
        budget: c.budget,
        cofinancingRate: c.rate,
        enteTypes: c.enteTypes,
        minPopulation: c.minPopulation ?? null,
        maxPopulation: c.maxPopulation ?? null,
        topics: c.topics,
        territory: c.territory ?? [],
        isDemo: true,
      })
      .onConflictDoNothing()
      .returning({ id: euCalls.id });
    if (row) callIds.set(c.identifier, row.id);
  }
  const provinceId = (code: string) => provinces.find((p) => p.istat === code)?.id ?? null;
  for (const [i, p] of PROJECTS.entries()) {
    const lead = byName.get(p.lead);
    if (!lead) continue;
    const start = -400 + i * 30;
    const budget = p.budget.reduce((s, [, a]) => s + Math.round(Number(a) * 100), 0);
    const [row] = await db
      .insert(euProjects)
      .values({
        leadEnteId: lead.id,
        provinciaId: provinceId(p.province),
        callId: callIds.get(p.call) ?? null,
        title: p.title,
        state: p.state,
        budget: (budget / 100).toFixed(2),
        grantedAmount: p.granted ?? null,
        decreeRef: p.granted ? `Decreto n. ${100 + i}/2026` : null,
        cup: p.cup ?? null,
        supportedBySape: i % 2 === 0,
        budgetLines: p.budget.map(([category, amount]) => ({ category, amount })),
        cofinancing: p.cofinancing.map(([source, amount]) => ({ source, amount })),
        spendingPlan: p.expenditures ? [0, 1, 2].map((k) => ({ month: addDays(today, start + 90 + k * 90).slice(0, 7), amount: (budget / 300).toFixed(2) })) : [],
        reportingDeadlines: p.expenditures ? [{ date: addDays(today, 45), label: 'Rendicontazione intermedia' }] : [],
        startedOn: p.path.includes('esecuzione') ? addDays(today, start + 60) : null,
        isDemo: true,
      })
      .returning({ id: euProjects.id });
    const projectId = row!.id;
    await db.insert(euProjectSteps).values([{ projectId, state: 'idea', date: addDays(today, start) }, ...p.path.map((s, k) => ({ projectId, state: s, date: addDays(today, start + 10 * (k + 1)) }))]);
    const partners = (p.partners ?? []).map((n) => byName.get(n)).filter((x): x is { id: string; name: string; parentId: string | null } => !!x);
    if (partners.length > 0) await db.insert(euProjectPartners).values(partners.map((x) => ({ projectId, enteId: x.id, name: x.name, role: 'partner', country: 'IT' })));
    if (p.expenditures) {
      const exps = await db
        .insert(euExpenditures)
        .values(p.expenditures.map(([d, amount, eligible], k) => ({ projectId, documentRef: `Fattura ${k + 1}/${addDays(today, d).slice(0, 4)}`, date: addDays(today, d), amount, eligible, paidOn: addDays(today, d + 20), category: 'lavori', salNumber: k + 1, isDemo: true })))
        .returning({ id: euExpenditures.id, amount: euExpenditures.amount, eligible: euExpenditures.eligible });
      if (p.claim) {
        const claimed = exps.filter((e) => e.eligible);
        const amount = (claimed.reduce((s, e) => s + Math.round(Number(e.amount) * 100), 0) / 100).toFixed(2);
        const [claim] = await db
          .insert(euClaims)
          .values({ projectId, number: 1, kind: 'intermedia', submittedOn: addDays(today, -20), amount, receivedOn: p.state === 'saldo' ? addDays(today, -5) : null, receivedAmount: p.state === 'saldo' ? amount : null, isDemo: true })
          .returning({ id: euClaims.id });
        await db.update(euExpenditures).set({ claimId: claim!.id }).where(inArray(euExpenditures.id, claimed.map((e) => e.id)));
      }
    }
  }
  const abano = byName.get('Abano Terme');
  if (abano) await db.insert(euInterests).values({ enteId: abano.id, topics: ['energia', 'digitale', 'clima'] }).onConflictDoNothing();
  const padova = provinceId('028');
  if (padova) {
    // Padova's SAPE serves four of its Comuni through a convention in force, and publishes its services
    const served = ['Cittadella', 'Este', 'Monselice', 'Piove di Sacco'].map((n) => byName.get(n)).filter((x): x is { id: string; name: string; parentId: string | null } => !!x);
    const [conv] = await db
      .insert(conventions)
      .values({
        kind: 'provincia_comune',
        title: 'Convenzione per il Servizio Associato Politiche Europee – annualità in corso',
        ownerEnteId: padova,
        services: ['sape'],
        startsOn: addDays(today, -120),
        endsOn: addDays(today, 600),
        legalBasis: 'Art. 1, comma 88, legge 7 aprile 2014, n. 56; art. 15 della legge 7 agosto 1990, n. 241.',
        state: 'active',
        isDemo: true,
      })
      .returning({ id: conventions.id });
    if (served.length > 0) await db.insert(conventionParties).values(served.map((c) => ({ conventionId: conv!.id, enteId: c.id })));
    const cats = new Map((await db.select({ id: requestCategories.id, code: requestCategories.code }).from(requestCategories).where(eq(requestCategories.service, 'sape'))).map((c) => [c.code, c.id]));
    const services = SAPE_SERVICES.filter((x) => cats.has(x.code)).map((x, k) => ({
      provinciaId: padova,
      categoryId: cats.get(x.code)!,
      title: x.title,
      description: x.description,
      serviceLevel: x.serviceLevel,
      conventionId: x.convention ? conv!.id : null,
      published: true,
      position: (k + 1) * 10,
      isDemo: true,
    }));
    if (services.length > 0) await db.insert(euSapeServices).values(services);
  }
  if (padova) await db.insert(euOfficeYears).values({ provinciaId: padova, year: Number(today.slice(0, 4)), staffFte: '3.00', costs: '145000.00', fees: '42000.00', supportHours: 1260, isDemo: true }).onConflictDoNothing();
  return true;
}
