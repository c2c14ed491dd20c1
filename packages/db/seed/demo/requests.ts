import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { requestCategories, serviceRequestCounters, serviceRequestEvents, serviceRequests } from '../../src/schema/collab.js';
import { users } from '../../src/schema/identity.js';
import { enti } from '../../src/schema/registry.js';
import { DEMO_DOMAIN } from './demo.js';

/** The service-level arithmetic of the platform (working hours and days), given by the caller. */
export interface SlaClock {
  now: Date;
  addWorkingHours(start: Date, hours: number): Date;
  addWorkingDays(start: Date, days: number): Date;
  /** The instant `hours` working hours before `end` (to place demo requests in the past). */
  subtractWorkingHours(end: Date, hours: number): Date;
}

interface DemoRequest {
  requester: string;
  comune: string;
  service: 'sua' | 'sape' | 'sit';
  category: string;
  subject: string;
  description: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  /** Opened this many working hours ago. */
  ageHours: number;
  state: 'new' | 'in_progress' | 'waiting_requester' | 'closed';
  /** Working hours after opening of the first answer. */
  answeredAfter?: number;
  rating?: number;
}

const PADOVA = '028';
const REQUESTS: DemoRequest[] = [
  { requester: 'rup', comune: '028001', service: 'sit', category: 'migrazione-cloud', subject: 'Migrazione del gestionale tributi al cloud qualificato', description: 'Il contratto del server in sala macchine scade a fine anno: chiediamo supporto per scegliere il servizio cloud qualificato e pianificare la migrazione.', priority: 'normal', ageHours: 24, state: 'in_progress', answeredAfter: 3 },
  { requester: 'rup.albignasego', comune: '028003', service: 'sit', category: 'sicurezza-informatica', subject: 'E-mail di phishing ricevute dagli uffici', description: 'Diversi uffici hanno ricevuto e-mail che imitano la PEC del Comune. Come dobbiamo procedere e chi avvisare?', priority: 'urgent', ageHours: 10, state: 'new' },
  { requester: 'admin.comune', comune: '028001', service: 'sape', category: 'ricerca-bandi', subject: 'Bandi per la riqualificazione energetica delle scuole', description: 'Cerchiamo opportunità di finanziamento per l’efficientamento energetico di due plessi scolastici.', priority: 'normal', ageHours: 30, state: 'waiting_requester', answeredAfter: 6 },
  { requester: 'rup', comune: '028001', service: 'sua', category: 'verifica-fvoe', subject: 'Verifica requisiti per l’affidamento del servizio mensa', description: 'Chiediamo la verifica dei requisiti dell’aggiudicatario tramite FVOE.', priority: 'high', ageHours: 120, state: 'closed', answeredAfter: 2, rating: 5 },
];

/**
 * Demo requests (marked `is_demo`) from two Comuni of Padova to the Province's SIT, SAPE and SUA, in several
 * states, opened some working hours before `clock.now`. Does nothing when demo requests exist.
 */
export async function loadRequestsDemo(db: DbOrTx, clock: SlaClock): Promise<number> {
  const [any] = await db.select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.isDemo, true)).limit(1);
  if (any) return 0;
  const [provincia] = await db.select().from(enti).where(and(eq(enti.type, 'provincia'), eq(enti.istatCode, PADOVA)));
  if (!provincia) throw new Error('Demo requests need the Provincia di Padova: load the territory first');
  const comuni = new Map((await db.select().from(enti).where(and(eq(enti.type, 'comune'), inArray(enti.istatCode, REQUESTS.map((r) => r.comune))))).map((e) => [e.istatCode, e]));
  const people = new Map(
    (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, ['sit', 'sape', 'sua', ...REQUESTS.map((r) => r.requester)].map((l) => `${l}@${DEMO_DOMAIN}`)))).map((u) => [u.email.split('@')[0]!, u.id]),
  );
  const categories = await db.select().from(requestCategories);
  let created = 0;
  for (const r of REQUESTS) {
    const comune = comuni.get(r.comune);
    const requesterId = people.get(r.requester);
    const category = categories.find((c) => c.service === r.service && c.code === r.category);
    if (!comune || !requesterId || !category) continue;
    const createdAt = clock.subtractWorkingHours(clock.now, r.ageHours);
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(createdAt));
    const [counter] = await db
      .insert(serviceRequestCounters)
      .values({ provinciaId: provincia.id, service: r.service, year, last: 1 })
      .onConflictDoUpdate({
        target: [serviceRequestCounters.provinciaId, serviceRequestCounters.service, serviceRequestCounters.year],
        set: { last: sql`${serviceRequestCounters.last} + 1` },
      })
      .returning({ last: serviceRequestCounters.last });
    const number = `${r.service.toUpperCase()}-${provincia.carPlate ?? PADOVA}-${year}-${String(counter!.last).padStart(5, '0')}`;
    const assigneeId = r.state === 'new' ? null : (people.get(r.service) ?? null);
    const firstResponseAt = r.answeredAfter ? clock.addWorkingHours(createdAt, r.answeredAfter) : null;
    const resolvedAt = r.state === 'closed' ? clock.addWorkingHours(createdAt, (r.answeredAfter ?? 0) + 16) : null;
    const closedAt = resolvedAt ? clock.addWorkingHours(resolvedAt, 8) : null;
    const [row] = await db
      .insert(serviceRequests)
      .values({
        number,
        provinciaId: provincia.id,
        requesterEnteId: comune.id,
        requesterId,
        service: r.service,
        categoryId: category.id,
        subject: r.subject,
        description: r.description,
        priority: r.priority,
        state: r.state,
        assigneeId,
        firstResponseDue: clock.addWorkingHours(createdAt, category.firstResponseHours),
        resolutionDue: clock.addWorkingDays(createdAt, category.resolutionDays),
        firstResponseAt,
        waitingSince: r.state === 'waiting_requester' ? firstResponseAt : null,
        resolvedAt,
        closedAt,
        rating: r.rating ?? null,
        ratedAt: r.rating ? closedAt : null,
        isDemo: true,
        createdAt,
        updatedAt: closedAt ?? firstResponseAt ?? createdAt,
      })
      .returning({ id: serviceRequests.id });
    const events: (typeof serviceRequestEvents.$inferInsert)[] = [{ requestId: row!.id, actorId: requesterId, kind: 'state', fromState: null, toState: 'new', at: createdAt }];
    if (assigneeId && firstResponseAt) {
      events.push({ requestId: row!.id, actorId: assigneeId, kind: 'assignment', fromState: 'new', toState: 'assigned', at: firstResponseAt });
      events.push({ requestId: row!.id, actorId: assigneeId, kind: 'state', fromState: 'assigned', toState: 'in_progress', at: firstResponseAt });
      if (r.state === 'waiting_requester') events.push({ requestId: row!.id, actorId: assigneeId, kind: 'state', fromState: 'in_progress', toState: 'waiting_requester', at: firstResponseAt });
    }
    if (resolvedAt && closedAt && assigneeId) {
      events.push({ requestId: row!.id, actorId: assigneeId, kind: 'state', fromState: 'in_progress', toState: 'resolved', at: resolvedAt });
      events.push({ requestId: row!.id, actorId: requesterId, kind: 'state', fromState: 'resolved', toState: 'closed', at: closedAt });
      if (r.rating) events.push({ requestId: row!.id, actorId: requesterId, kind: 'rating', note: `${r.rating}/5`, at: closedAt });
    }
    await db.insert(serviceRequestEvents).values(events);
    created++;
  }
  return created;
}
