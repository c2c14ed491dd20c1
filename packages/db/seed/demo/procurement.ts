import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { users } from '../../src/schema/identity.js';
import {
  economicOperators,
  procurementChecks,
  procurementCounters,
  procurementDocuments,
  procurementEvents,
  procurementLots,
  procurementParticipants,
  procurementProcedures,
  procurementTeam,
  requirementCheckCatalogue,
} from '../../src/schema/procurement.js';
import { conventionParties, conventions } from '../../src/schema/network.js';
import { enti } from '../../src/schema/registry.js';
import { DEMO_DOMAIN } from './demo.js';

const STATES = ['bozza', 'istruttoria', 'documenti', 'pronta', 'pubblicata', 'valutazione', 'proposta', 'verifica', 'aggiudicata', 'stipula', 'esecuzione', 'chiusa', 'deserta', 'annullata'] as const;
type State = (typeof STATES)[number];

/** What the platform decides and the seed cannot: the procedure the rules pick and the documents it needs. */
export interface ProcurementDemoPlan {
  today: string;
  procedureFor(objectType: string, value: number): { code: string; criterion: string };
  documentsFor(p: { procedureCode: string; objectType: string; estimatedValue: number; awardCriterion: string }): { docType: string; required: boolean; producer: string; folder: string; position: number }[];
}

interface DemoProcedure {
  comune: string;
  provincia: '028' | '029';
  title: string;
  objectType: 'lavori' | 'servizi' | 'forniture';
  cpv: string;
  value: number;
  state: State;
  /** Days ago the request was made. */
  age: number;
  cup?: string;
  pnrr?: boolean;
  labourIntensive?: boolean;
}

const P: DemoProcedure[] = [
  { comune: 'Abano Terme', provincia: '028', title: 'Manutenzione del verde pubblico 2027-2028', objectType: 'servizi', cpv: '77310000-6', value: 95000, state: 'bozza', age: 3 },
  { comune: 'Cittadella', provincia: '028', title: 'Fornitura di arredi per la biblioteca civica', objectType: 'forniture', cpv: '39155000-2', value: 62000, state: 'istruttoria', age: 9 },
  { comune: 'Este', provincia: '028', title: 'Servizio di trasporto scolastico 2027-2030', objectType: 'servizi', cpv: '60130000-8', value: 480000, state: 'documenti', age: 40, labourIntensive: true },
  { comune: 'Monselice', provincia: '028', title: 'Riqualificazione energetica della scuola primaria', objectType: 'lavori', cpv: '45453000-7', value: 890000, state: 'pronta', age: 70, cup: 'E21B26000120006', pnrr: true },
  { comune: 'Piove di Sacco', provincia: '028', title: 'Servizio di ristorazione scolastica', objectType: 'servizi', cpv: '55524000-9', value: 1350000, state: 'pubblicata', age: 95, labourIntensive: true },
  { comune: 'Selvazzano Dentro', provincia: '028', title: 'Rifacimento della pavimentazione stradale di via Roma', objectType: 'lavori', cpv: '45233140-2', value: 420000, state: 'valutazione', age: 110, cup: 'F27H26000030004' },
  { comune: 'Vigonza', provincia: '028', title: 'Fornitura di personal computer per gli uffici', objectType: 'forniture', cpv: '30213000-5', value: 180000, state: 'proposta', age: 120 },
  { comune: 'Rubano', provincia: '028', title: 'Servizio di pulizia degli edifici comunali', objectType: 'servizi', cpv: '90910000-9', value: 205000, state: 'verifica', age: 140, labourIntensive: true },
  { comune: 'Conselve', provincia: '028', title: 'Adeguamento sismico della palestra comunale', objectType: 'lavori', cpv: '45262000-1', value: 1650000, state: 'aggiudicata', age: 170, cup: 'G91B26000040001', pnrr: true },
  { comune: 'Camposampiero', provincia: '028', title: 'Servizio di assistenza domiciliare', objectType: 'servizi', cpv: '85000000-9', value: 610000, state: 'stipula', age: 200, labourIntensive: true },
  { comune: 'Montagnana', provincia: '028', title: 'Illuminazione pubblica a LED', objectType: 'lavori', cpv: '45316100-6', value: 760000, state: 'esecuzione', age: 260, cup: 'H51B25000210004' },
  { comune: 'Abano Terme', provincia: '028', title: 'Fornitura di arredi scolastici', objectType: 'forniture', cpv: '39160000-1', value: 150000, state: 'chiusa', age: 330 },
  { comune: 'Este', provincia: '028', title: 'Servizio di gestione della piscina comunale', objectType: 'servizi', cpv: '92610000-0', value: 320000, state: 'deserta', age: 150 },
  { comune: 'Cittadella', provincia: '028', title: 'Noleggio di fotocopiatrici multifunzione', objectType: 'forniture', cpv: '30120000-6', value: 48000, state: 'annullata', age: 60 },
  { comune: 'Adria', provincia: '029', title: 'Manutenzione straordinaria del ponte sul Canalbianco', objectType: 'lavori', cpv: '45221111-3', value: 2300000, state: 'pubblicata', age: 90, cup: 'B37H26000010001' },
  { comune: 'Lendinara', provincia: '029', title: 'Servizio di refezione scolastica', objectType: 'servizi', cpv: '55524000-9', value: 230000, state: 'aggiudicata', age: 160, labourIntensive: true },
  { comune: 'Porto Viro', provincia: '029', title: 'Fornitura di un mezzo per la protezione civile', objectType: 'forniture', cpv: '34144000-8', value: 120000, state: 'documenti', age: 25 },
  { comune: 'Badia Polesine', provincia: '029', title: 'Servizi tecnici di progettazione della nuova scuola', objectType: 'servizi', cpv: '71000000-8', value: 260000, state: 'istruttoria', age: 6 },
  { comune: 'Occhiobello', provincia: '029', title: 'Lavori di messa in sicurezza dell’argine', objectType: 'lavori', cpv: '45246000-3', value: 540000, state: 'stipula', age: 210, cup: 'C97H26000020001' },
  { comune: 'Castelmassa', provincia: '029', title: 'Servizio di trasporto disabili', objectType: 'servizi', cpv: '60130000-8', value: 140000, state: 'chiusa', age: 300 },
];

/** Demo economic operators, with partite IVA that pass the check digit. */
const OPERATORS = [
  ['Costruzioni Euganee S.r.l.', '0428001'],
  ['Servizi Padovani Soc. Coop.', '0428002'],
  ['Polesine Lavori S.p.A.', '0429003'],
  ['Ristorazione Veneta S.r.l.', '0428004'],
  ['Tecnologie per la PA S.r.l.', '0428005'],
  ['Verde Brenta Soc. Coop.', '0428006'],
] as const;

/** The partita IVA check digit (the Luhn scheme of DM 23.12.1976). */
function pivaOf(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(first10[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${first10}${(10 - (sum % 10)) % 10}`;
}

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const at = (isoDate: string, hour = 9) => new Date(`${isoDate}T${String(hour).padStart(2, '0')}:00:00Z`);

/**
 * Demo procedures (marked `is_demo`) of Comuni of Padova and Rovigo under their SUA conventions, one or more in
 * every state, with their history, workspace, operators and checks. Does nothing when demo procedures exist.
 */
export async function loadProcurementDemo(db: DbOrTx, plan: ProcurementDemoPlan): Promise<number> {
  const [any] = await db.select({ id: procurementProcedures.id }).from(procurementProcedures).where(eq(procurementProcedures.isDemo, true)).limit(1);
  if (any) return 0;
  const provinces = new Map(
    (await db.select().from(enti).where(and(eq(enti.type, 'provincia'), inArray(enti.istatCode, ['028', '029'])))).map((e) => [e.istatCode!, e]),
  );
  const comuni = await db.select().from(enti).where(and(eq(enti.type, 'comune'), inArray(enti.provinceIstatCode, ['028', '029']), inArray(enti.name, [...new Set(P.map((p) => p.comune))])));
  const people = new Map(
    (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, ['sua', 'rup', 'admin.provincia'].map((l) => `${l}@${DEMO_DOMAIN}`)))).map((u) => [u.email.split('@')[0]!, u.id]),
  );
  const catalogue = await db.select({ code: requirementCheckCatalogue.code, scope: requirementCheckCatalogue.scope, validityDays: requirementCheckCatalogue.validityDays }).from(requirementCheckCatalogue);

  const operatorIds: string[] = [];
  for (const [name, base] of OPERATORS) {
    const piva = pivaOf(`${base}${'000'.slice(0, 10 - base.length)}`.padEnd(10, '0'));
    const [row] = await db
      .insert(economicOperators)
      .values({ name, taxCode: piva, vatNumber: piva, legalForm: name.includes('Coop') ? 'Società cooperativa' : name.endsWith('S.p.A.') ? 'S.p.A.' : 'S.r.l.', isDemo: true, employees: 20 + operatorIds.length * 15 })
      .onConflictDoNothing()
      .returning({ id: economicOperators.id });
    if (row) operatorIds.push(row.id);
  }

  const year = Number(plan.today.slice(0, 4));
  let created = 0;
  for (const d of P) {
    const provincia = provinces.get(d.provincia);
    const comune = comuni.find((c) => c.name === d.comune && c.provinceIstatCode === d.provincia);
    if (!provincia || !comune) continue;
    const [conv] = await db
      .select({ id: conventions.id })
      .from(conventions)
      .innerJoin(conventionParties, eq(conventionParties.conventionId, conventions.id))
      .where(and(eq(conventions.ownerEnteId, provincia.id), eq(conventionParties.enteId, comune.id), sql`'sua' = any(${conventions.services})`))
      .limit(1);
    const [counter] = await db
      .insert(procurementCounters)
      .values({ provinciaId: provincia.id, year, last: 1 })
      .onConflictDoUpdate({ target: [procurementCounters.provinciaId, procurementCounters.year], set: { last: sql`${procurementCounters.last} + 1` } })
      .returning({ last: procurementCounters.last });
    const stateIndex = STATES.indexOf(d.state);
    const reached = (s: State) => d.state !== 'deserta' && d.state !== 'annullata' && stateIndex >= STATES.indexOf(s);
    const chosen = stateIndex >= 2 || d.state === 'deserta' ? plan.procedureFor(d.objectType, d.value) : null;
    // a timeline: each state lasted a share of the procedure's age
    const path: State[] = d.state === 'deserta' ? ['bozza', 'istruttoria', 'documenti', 'pronta', 'pubblicata', 'deserta'] : d.state === 'annullata' ? ['bozza', 'istruttoria', 'annullata'] : STATES.slice(0, stateIndex + 1) as unknown as State[];
    const step = Math.max(1, Math.floor(d.age / path.length));
    const dayOf = (i: number) => addDays(plan.today, -d.age + i * step);
    const published = path.indexOf('pubblicata');
    const proposal = path.indexOf('proposta');
    const awarded = path.indexOf('aggiudicata');
    const signed = path.indexOf('stipula');
    const awardee = operatorIds[created % operatorIds.length] ?? null;
    const awardAmount = (d.value * 0.92).toFixed(2);
    const [p] = await db
      .insert(procurementProcedures)
      .values({
        number: `SUA-${provincia.carPlate ?? d.provincia}-${year}-${String(counter!.last).padStart(4, '0')}`,
        comuneId: comune.id,
        provinciaId: provincia.id,
        conventionId: conv?.id ?? null,
        requestedBy: d.comune === 'Abano Terme' ? (people.get('rup') ?? null) : null,
        title: d.title,
        description: `${d.title} per il Comune di ${d.comune} (dati dimostrativi).`,
        objectType: d.objectType,
        cpvMain: d.cpv,
        estimatedValue: d.value.toFixed(2),
        cup: d.cup ?? null,
        pnrr: d.pnrr ?? false,
        rupName: `RUP del Comune di ${d.comune}`,
        labourIntensive: d.labourIntensive ?? false,
        procedureCode: chosen?.code ?? null,
        awardCriterion: chosen?.criterion ?? null,
        state: d.state,
        stateChangedAt: at(dayOf(path.length - 1)),
        publishedOn: published >= 0 ? dayOf(published) : null,
        platform: published >= 0 ? (d.provincia === '028' ? 'Piattaforma telematica della Provincia di Padova' : 'Piattaforma telematica della Provincia di Rovigo') : null,
        offerDeadline: published >= 0 ? at(addDays(dayOf(published), d.state === 'pubblicata' ? d.age : step - 1), 10) : null,
        proposalOn: proposal >= 0 ? dayOf(proposal) : null,
        awardeeId: proposal >= 0 ? awardee : null,
        awardAmount: proposal >= 0 ? awardAmount : null,
        awardedOn: awarded >= 0 ? dayOf(awarded) : null,
        stipulaDeadline: awarded >= 0 ? addDays(dayOf(awarded), d.value >= 216000 && d.objectType !== 'lavori' ? 60 : 30) : null,
        signedOn: signed >= 0 ? dayOf(signed) : null,
        isDemo: true,
        createdAt: at(dayOf(0)),
        updatedAt: at(dayOf(path.length - 1)),
      })
      .returning();
    const id = p!.id;
    await db.insert(procurementLots).values({ procedureId: id, number: 1, title: d.title, value: d.value.toFixed(2), cpv: d.cpv, cig: reached('pubblicata') ? `B${String(4000000 + created * 7919).slice(0, 7)}A${created % 10}`.slice(0, 10) : null });
    await db.insert(procurementEvents).values(path.map((s, i) => ({ procedureId: id, fromState: i === 0 ? null : path[i - 1]!, toState: s, note: s === 'annullata' ? 'Il Comune ha ritirato la richiesta (dati dimostrativi).' : s === 'deserta' ? 'Nessuna offerta pervenuta entro il termine.' : null, actorId: people.get('sua') ?? null, at: at(dayOf(i)) })));
    if (people.get('sua') && stateIndex >= 2) await db.insert(procurementTeam).values({ procedureId: id, userId: people.get('sua')!, role: 'sua_officer' }).onConflictDoNothing();
    if (chosen) {
      const docs = plan.documentsFor({ procedureCode: chosen.code, objectType: d.objectType, estimatedValue: d.value, awardCriterion: chosen.criterion });
      await db.insert(procurementDocuments).values(
        docs.map((x, i) => ({
          procedureId: id,
          ...x,
          // before the file is ready, the demo shows work in progress; from "pronta" on, the file was approved
          state: reached('pronta') || d.state === 'deserta' ? (x.required ? 'approvato' : 'da_redigere') : i % 3 === 0 ? 'in_revisione' : i % 3 === 1 ? 'in_bozza' : 'da_redigere',
        })),
      );
    }
    if (reached('valutazione') || (reached('pubblicata') && d.state !== 'pubblicata')) {
      const bidders = operatorIds.filter((o) => o !== awardee).slice(0, 3);
      if (operatorIds.length) await db.insert(procurementParticipants).values([
        ...(awardee ? [{ procedureId: id, operatorId: awardee, role: reached('aggiudicata') ? 'awardee' : reached('proposta') ? 'proposed_awardee' : 'bidder', offerAmount: awardAmount, rank: 1 }] : []),
        ...bidders.map((o, i) => ({ procedureId: id, operatorId: o, role: 'bidder', offerAmount: (d.value * (0.94 + i * 0.02)).toFixed(2), rank: i + 2 })),
      ]);
    }
    const items = catalogue.filter((c) => c.scope === 'all');
    if (reached('verifica') && awardee && items.length) {
      const checked = dayOf(path.indexOf('verifica'));
      await db.insert(procurementChecks).values(
        items.map((c, i) => ({
          procedureId: id,
          operatorId: awardee,
          code: c.code,
          requestedAt: checked,
          requestedBy: people.get('sua') ?? null,
          // in "verifica" a few answers are still awaited
          outcome: d.state === 'verifica' && i % 4 === 0 ? 'pending' : 'regolare',
          issuedOn: d.state === 'verifica' && i % 4 === 0 ? null : checked,
          validUntil: d.state === 'verifica' && i % 4 === 0 ? null : c.validityDays ? addDays(checked, c.validityDays) : null,
        })),
      );
    }
    created++;
  }
  return created;
}
