import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { enti } from '../../src/schema/registry.js';
import {
  bodies,
  bodyMembers,
  candidatures,
  conventionParties,
  conventions,
  decisions,
  localTables,
  meetings,
  protocols,
  referents,
  workingGroupMembers,
  workingGroups,
} from '../../src/schema/network.js';
import { DEMO_DOMAIN } from './demo.js';

/**
 * Demo network (marked `is_demo`): protocols for the 76 Provinces (all signed but Pescara's, still awaiting
 * signature), referents, conventions of Padova and Rovigo with some of their real Comuni, the two committees,
 * three working groups and two local tables. Dates are relative to `today`, so the data stays plausible.
 */

const PESCARA = '068';
const FIRST = ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Andrea', 'Sara', 'Paolo', 'Elena', 'Stefano', 'Valentina', 'Davide', 'Silvia', 'Matteo', 'Laura', 'Giorgio'];
const LAST = ['Rossi', 'Bianchi', 'Ferrari', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri'];
const OFFICES: Record<string, string> = {
  general: 'Segreteria generale',
  sua: 'Stazione Unica Appaltante',
  sape: 'Ufficio Politiche Europee',
  sit: 'Servizio Innovazione e Sistemi Informativi',
};
const ROLES: Record<string, string> = {
  general: 'Segretario generale',
  sua: 'Dirigente SUA',
  sape: 'Funzionario progettazione europea',
  sit: 'Responsabile per la transizione digitale',
};

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const person = (i: number) => ({ first: FIRST[i % FIRST.length]!, last: LAST[(i * 7) % LAST.length]! });

async function provinceByCode(db: DbOrTx, code: string) {
  const [p] = await db.select().from(enti).where(and(eq(enti.istatCode, code), inArray(enti.type, ['provincia', 'citta_metropolitana'])));
  if (!p) throw new Error(`Demo network needs the Province ${code}: load the territory first`);
  return p;
}
async function comuniByName(db: DbOrTx, provinceCode: string, names: string[]) {
  const rows = await db.select().from(enti).where(and(eq(enti.type, 'comune'), eq(enti.provinceIstatCode, provinceCode), inArray(enti.name, names)));
  if (rows.length !== names.length) throw new Error(`Demo network: Comuni not found in ${provinceCode}: ${names.join(', ')}`);
  return rows;
}

/** Loads the demo network unless protocols exist already; answers whether it loaded. */
export async function loadNetworkDemo(db: DbOrTx, today: string): Promise<boolean> {
  const [any] = await db.select({ id: protocols.id }).from(protocols).limit(1);
  if (any) return false;
  const isDemo = true;
  const [upi] = await db.select().from(enti).where(and(eq(enti.type, 'upi'), isNull(enti.istatCode)));
  if (!upi) throw new Error('Demo network needs the UPI: load the territory first');
  const provinces = await db.select().from(enti).where(and(eq(enti.inProgramme, true), eq(enti.active, true))).orderBy(asc(enti.istatCode));

  // protocols: issued ~8 months ago, signed within 2–8 weeks; Pescara's sent and still unsigned
  await db.insert(protocols).values(
    provinces.map((p, i) => {
      const sentOn = addDays(today, -240 + (i % 30));
      const pending = p.istatCode === PESCARA;
      return {
        provinciaId: p.id,
        state: pending ? 'sent' : 'signed',
        areas: i % 5 === 0 ? ['sua', 'sit'] : i % 7 === 0 ? ['sua', 'sape'] : ['sua', 'sape', 'sit'],
        staffCount: 2 + (i % 5),
        staffNote: 'Personale dei servizi gare, politiche europee e sistemi informativi, a tempo parziale.',
        sentOn: pending ? addDays(today, -75) : sentOn,
        signedOn: pending ? null : addDays(sentOn, 14 + ((i * 11) % 42)),
        isDemo,
      };
    }),
  );

  // referents: a general one everywhere, the services' ones for most Provinces (some still missing)
  const refRows: (typeof referents.$inferInsert)[] = [];
  provinces.forEach((p, i) => {
    const plate = (p.carPlate ?? p.istatCode ?? String(i)).toLowerCase();
    for (const [k, area] of (['general', 'sua', 'sape', 'sit'] as const).entries()) {
      if (area === 'sape' && i % 4 === 3) continue;
      if (area === 'sit' && i % 6 === 5) continue;
      const who = person(i * 4 + k);
      refRows.push({
        enteId: p.id,
        area,
        fullName: `${who.first} ${who.last}`,
        role: ROLES[area],
        office: OFFICES[area],
        email: `${area === 'general' ? 'generale' : area}.${plate}@${DEMO_DOMAIN}`,
        phone: `+39 0${40 + (i % 50)} ${String(100000 + i * 7919).slice(0, 6)}`,
        isDemo,
      });
    }
  });
  await db.insert(referents).values(refRows);

  // conventions
  const padova = await provinceByCode(db, '028');
  const rovigo = await provinceByCode(db, '029');
  const addConvention = async (v: typeof conventions.$inferInsert, partyIds: string[]) => {
    const [c] = await db.insert(conventions).values({ ...v, isDemo }).returning({ id: conventions.id });
    await db.insert(conventionParties).values(partyIds.map((enteId) => ({ conventionId: c!.id, enteId })));
  };
  const legal = "Art. 1, comma 88, legge 7 aprile 2014, n. 56; art. 62 del d.lgs. 31 marzo 2023, n. 36; art. 15 della legge 7 agosto 1990, n. 241.";
  for (const p of [padova, rovigo]) {
    await addConvention(
      { kind: 'upi_provincia', title: `Convenzione UPI – ${p.name} per i servizi associati`, ownerEnteId: upi.id, services: ['sua', 'sape', 'sit'], startsOn: addDays(today, -200), endsOn: addDays(today, 900), legalBasis: legal, state: 'active' },
      [p.id],
    );
  }
  const padovaSua = await comuniByName(db, '028', ['Cittadella', 'Este', 'Monselice', 'Piove di Sacco', 'Selvazzano Dentro', 'Vigonza', 'Rubano', 'Conselve', 'Camposampiero', 'Montagnana']);
  await addConvention(
    { kind: 'provincia_comune', title: 'Convenzione per la Stazione Unica Appaltante della Provincia di Padova', ownerEnteId: padova.id, services: ['sua'], startsOn: addDays(today, -180), endsOn: addDays(today, 1100), legalBasis: legal, state: 'active' },
    padovaSua.map((c) => c.id),
  );
  const padovaSit = await comuniByName(db, '028', ['Cittadella', 'Este', 'Ponte San Nicolò', 'Noventa Padovana', 'Saonara']);
  await addConvention(
    { kind: 'provincia_comune', title: 'Convenzione per il Servizio Innovazione Tecnologica – annualità pilota', ownerEnteId: padova.id, services: ['sit'], startsOn: addDays(today, -320), endsOn: addDays(today, 40), legalBasis: legal, state: 'active' },
    padovaSit.map((c) => c.id),
  );
  const padovaSape = await comuniByName(db, '028', ['Monselice', 'Montagnana', 'Piazzola sul Brenta']);
  await addConvention(
    { kind: 'provincia_comune', title: 'Convenzione per il Servizio Associato Politiche Europee', ownerEnteId: padova.id, services: ['sape'], startsOn: addDays(today, 30), endsOn: addDays(today, 760), legalBasis: legal, state: 'draft' },
    padovaSape.map((c) => c.id),
  );
  const rovigoSua = await comuniByName(db, '029', ['Adria', 'Lendinara', 'Porto Viro', 'Badia Polesine', 'Occhiobello', 'Castelmassa']);
  await addConvention(
    { kind: 'provincia_comune', title: 'Convenzione SUA e SIT della Provincia di Rovigo', ownerEnteId: rovigo.id, services: ['sua', 'sit'], startsOn: addDays(today, -150), endsOn: addDays(today, 1300), legalBasis: legal, state: 'active' },
    rovigoSua.map((c) => c.id),
  );

  // governance bodies
  const [cis] = await db
    .insert(bodies)
    .values({ code: 'cis', name: 'Comitato di Indirizzo Strategico', description: "Indirizza il programma: UPI, Dipartimento della Funzione Pubblica, Dipartimento per gli Affari Regionali e le Autonomie, ANCI.", isDemo })
    .returning();
  const [cta] = await db
    .insert(bodies)
    .values({ code: 'cta', name: 'Comitato Tecnico di Attuazione', description: "Coordina l'attuazione operativa dei servizi associati e ne verifica l'avanzamento.", isDemo })
    .returning();
  const fromOn = addDays(today, -300);
  await db.insert(bodyMembers).values([
    { bodyId: cis!.id, fullName: `${person(1).first} ${person(1).last}`, organisation: 'UPI', role: 'Presidente', fromOn, isDemo },
    { bodyId: cis!.id, fullName: `${person(2).first} ${person(2).last}`, organisation: 'DFP', role: 'Componente', fromOn, isDemo },
    { bodyId: cis!.id, fullName: `${person(3).first} ${person(3).last}`, organisation: 'DARA', role: 'Componente', fromOn, isDemo },
    { bodyId: cis!.id, fullName: `${person(4).first} ${person(4).last}`, organisation: 'ANCI', role: 'Componente', fromOn, isDemo },
    { bodyId: cta!.id, fullName: `${person(5).first} ${person(5).last}`, organisation: 'UPI', role: 'Coordinatore', fromOn, isDemo },
    { bodyId: cta!.id, fullName: `${person(6).first} ${person(6).last}`, organisation: 'DFP', role: 'Componente', fromOn, isDemo },
    { bodyId: cta!.id, fullName: `${person(7).first} ${person(7).last}`, organisation: padova.name, role: 'Referente area SUA', fromOn, isDemo },
    { bodyId: cta!.id, fullName: `${person(8).first} ${person(8).last}`, organisation: 'ANCI', role: 'Componente', fromOn, isDemo },
  ]);
  const meeting = async (v: typeof meetings.$inferInsert, ds: { number: string; subject: string; text: string }[]) => {
    const [m] = await db.insert(meetings).values({ ...v, isDemo }).returning({ id: meetings.id });
    if (ds.length) await db.insert(decisions).values(ds.map((x) => ({ ...x, meetingId: m!.id, isDemo })));
  };
  const at = (days: number, hour: number) => new Date(`${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00+01:00`);
  await meeting(
    { bodyId: cis!.id, title: 'Seduta di insediamento', heldAt: at(-280, 11), location: 'Roma, sede UPI', agenda: "1. Insediamento del Comitato\n2. Piano delle attività del programma\n3. Modello di Protocollo d'intesa UPI–Provincia", minutes: "Il Comitato si insedia e approva il piano delle attività e lo schema di Protocollo d'intesa." },
    [
      { number: 'CIS-2026-01', subject: "Approvazione dello schema di Protocollo d'intesa", text: "Il Comitato approva lo schema di Protocollo d'intesa tra l'UPI e le 76 Province e ne dispone l'invio." },
      { number: 'CIS-2026-02', subject: 'Piano delle attività', text: 'Approvato il piano delle attività con le tre aree SUA, SAPE e SIT e il cronoprogramma.' },
    ],
  );
  await meeting(
    { bodyId: cis!.id, title: 'Verifica di metà percorso', heldAt: at(-60, 10), location: 'Videoconferenza', agenda: "1. Stato delle adesioni\n2. Avanzamento dei servizi associati\n3. Tavoli locali di confronto", minutes: 'Il Comitato prende atto delle adesioni e chiede di sollecitare le Province che non hanno firmato.' },
    [{ number: 'CIS-2026-03', subject: 'Solleciti alle Province non aderenti', text: "Si dà mandato alla struttura tecnica di sollecitare la firma dei Protocolli d'intesa ancora pendenti." }],
  );
  await meeting(
    { bodyId: cta!.id, title: 'Riunione tecnica: indicatori SIT e modelli di gara', heldAt: at(-30, 14), location: 'Roma, sede UPI', agenda: '1. Set comune di indicatori della trasformazione digitale\n2. Modelli di documentazione di gara per la SUA', minutes: 'Condivisi il set di indicatori e la bozza dei modelli di gara.' },
    [{ number: 'CTA-2026-01', subject: 'Set di indicatori della trasformazione digitale', text: 'Adottato il set comune di indicatori per il benchmarking dei Comuni.' }],
  );
  await meeting({ bodyId: cta!.id, title: 'Riunione tecnica di dicembre', heldAt: at(14, 11), location: 'Videoconferenza', agenda: "1. Avanzamento dei gruppi di lavoro\n2. Programmazione delle attività formative" }, []);

  // working groups: 5–6 Provinces each, one lead
  const groups: { area: string; name: string; description: string; members: string[]; left?: string }[] = [
    { area: 'sua', name: 'Gruppo di lavoro SUA', description: 'Modelli di gara, qualificazione delle stazioni appaltanti, e-procurement.', members: ['028', '029', '016', '097', '040', '050'] },
    { area: 'sape', name: 'Gruppo di lavoro SAPE', description: 'Opportunità di finanziamento europeo e progettazione associata.', members: ['046', '054', '069', '064', '077'] },
    { area: 'sit', name: 'Gruppo di lavoro SIT', description: 'Indicatori della trasformazione digitale e centro di competenza.', members: ['039', '017', '024', '044', '026'], left: '101' },
  ];
  for (const g of groups) {
    const [wg] = await db.insert(workingGroups).values({ area: g.area, name: g.name, description: g.description, isDemo }).returning();
    for (const [i, code] of g.members.entries()) {
      const p = await provinceByCode(db, code);
      await db.insert(workingGroupMembers).values({ groupId: wg!.id, enteId: p.id, isLead: i === 0, joinedOn: addDays(today, -250), isDemo });
    }
    if (g.left) {
      const p = await provinceByCode(db, g.left);
      await db.insert(workingGroupMembers).values({ groupId: wg!.id, enteId: p.id, joinedOn: addDays(today, -250), leftOn: addDays(today, -90), isDemo });
    }
    await meeting({ groupId: wg!.id, title: `${g.name}: riunione di avvio`, heldAt: at(-200, 15), location: 'Videoconferenza', agenda: '1. Obiettivi del gruppo\n2. Calendario dei lavori', minutes: 'Definiti obiettivi e calendario.' }, []);
  }

  // local tables: one open (Padova has not applied yet), one closed with outcomes
  const [open] = await db
    .insert(localTables)
    .values({ title: 'Tavolo locale Nord-Est: SUA e centrali di committenza', topic: "Confronto tra le Province del Nord-Est sull'organizzazione delle Stazioni Uniche Appaltanti e sulla qualificazione.", area: 'sua', applyBy: addDays(today, 30), startsOn: addDays(today, 45), endsOn: addDays(today, 180), state: 'open', isDemo })
    .returning();
  const [closed] = await db
    .insert(localTables)
    .values({ title: 'Tavolo locale Centro Italia: indicatori della trasformazione digitale', topic: 'Sperimentazione del set comune di indicatori SIT nei Comuni del Centro Italia.', area: 'sit', applyBy: addDays(today, -120), startsOn: addDays(today, -100), endsOn: addDays(today, -10), state: 'closed', outcomes: 'Rilevati gli indicatori in 48 Comuni; proposte due modifiche al set comune.', isDemo })
    .returning();
  const cand = async (tableId: string, code: string, state: string, motivation: string) => {
    const p = await provinceByCode(db, code);
    await db.insert(candidatures).values({ tableId, provinciaId: p.id, motivation, state, decidedAt: state === 'submitted' ? null : new Date(), isDemo });
  };
  await cand(open!.id, '029', 'submitted', 'La Provincia di Rovigo gestisce la SUA per 30 Comuni e vuole condividere i propri modelli di gara.');
  await cand(open!.id, '024', 'submitted', 'Vicenza intende confrontarsi sulla qualificazione della stazione appaltante.');
  await cand(closed!.id, '054', 'accepted', 'Perugia ha già avviato la rilevazione degli indicatori digitali.');
  await cand(closed!.id, '044', 'accepted', 'Ascoli Piceno mette a disposizione il proprio centro di competenza.');
  await cand(closed!.id, '060', 'rejected', 'Candidatura pervenuta dopo la chiusura della selezione.');
  return true;
}
