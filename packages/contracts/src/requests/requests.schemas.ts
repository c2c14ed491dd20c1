import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';
import { EnteRefSchema, IsoDate, ServiceSchema } from '../registry/network.schemas.js';

/** States of a service request (richiesta di assistenza). */
export const RequestStates = ['new', 'assigned', 'in_progress', 'waiting_requester', 'resolved', 'closed', 'reopened'] as const;
export const RequestStateSchema = z.enum(RequestStates).describe('Stato della richiesta');
export type RequestState = z.infer<typeof RequestStateSchema>;

export const RequestPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const RequestPrioritySchema = z.enum(RequestPriorities).describe('Priorità');
export type RequestPriority = z.infer<typeof RequestPrioritySchema>;

export const SlaStatuses = ['ok', 'warning', 'breached', 'met'] as const;
export const SlaStatusSchema = z.enum(SlaStatuses);
export type SlaStatus = z.infer<typeof SlaStatusSchema>;

/** Rating limits of a closed request. */
export const RatingLimits = { min: 1, max: 5 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const Version = z.number().int().min(1).describe('Versione letta, per il controllo di concorrenza');
const Code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'Codice: lettere minuscole, cifre, - e _ (2–40)');

// ---------------------------------------------------------------- catalogue

export const RequestCategorySchema = z.object({
  id: z.uuid(),
  service: ServiceSchema,
  code: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  descriptionIt: z.string(),
  descriptionEn: z.string(),
  firstResponseHours: z.number().int(),
  resolutionDays: z.number().int(),
  active: z.boolean(),
  position: z.number().int(),
});
export type RequestCategory = z.infer<typeof RequestCategorySchema>;
export const RequestCategoryListSchema = z.object({ items: z.array(RequestCategorySchema) });
export const RequestCategoryQuerySchema = z.object({
  service: ServiceSchema.optional(),
  includeInactive: z.enum(['true', 'false']).optional().describe('Anche le categorie disattivate'),
});
export const RequestCategoryCreateSchema = z.object({
  service: ServiceSchema,
  code: Code,
  nameIt: text(160),
  nameEn: text(160),
  descriptionIt: z.string().trim().max(2000).optional(),
  descriptionEn: z.string().trim().max(2000).optional(),
  firstResponseHours: z.number().int().min(1).max(400).describe('Prima risposta entro ore lavorative'),
  resolutionDays: z.number().int().min(1).max(120).describe('Risoluzione entro giorni lavorativi'),
  position: z.number().int().min(0).max(1000).optional(),
});
export type RequestCategoryCreate = z.infer<typeof RequestCategoryCreateSchema>;
export const RequestCategoryUpdateSchema = RequestCategoryCreateSchema.omit({ service: true, code: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export type RequestCategoryUpdate = z.infer<typeof RequestCategoryUpdateSchema>;

// ---------------------------------------------------------------- requests

export const RequestCreateSchema = z.object({
  service: ServiceSchema,
  categoryId: z.uuid(),
  subject: text(200),
  description: text(10_000),
  priority: RequestPrioritySchema.default('normal'),
  /** The Comune asking; needed only when the caller belongs to more than one. */
  enteId: z.uuid().optional(),
});
export type RequestCreate = z.infer<typeof RequestCreateSchema>;

export const RequestAssignSchema = z.object({ assigneeId: z.uuid(), version: Version });
export const RequestTransitionSchema = z.object({
  to: z.enum(['assigned', 'in_progress', 'waiting_requester', 'resolved', 'reopened']),
  note: z.string().trim().max(4000).optional(),
  version: Version,
});
export type RequestTransition = z.infer<typeof RequestTransitionSchema>;
export const RequestCloseSchema = z.object({
  rating: z.number().int().min(RatingLimits.min).max(RatingLimits.max).describe('Soddisfazione da 1 a 5'),
  comment: z.string().trim().max(4000).optional(),
  version: Version,
});
export type RequestClose = z.infer<typeof RequestCloseSchema>;

const Clock = z.object({ due: z.string(), at: z.string().nullable(), status: SlaStatusSchema });
export const RequestSlaSchema = z.object({ firstResponse: Clock, resolution: Clock, paused: z.boolean() });
export type RequestSla = z.infer<typeof RequestSlaSchema>;

const PersonSchema = z.object({ id: z.uuid(), displayName: z.string() });

export const RequestSummarySchema = z.object({
  id: z.uuid(),
  number: z.string(),
  service: ServiceSchema,
  subject: z.string(),
  state: RequestStateSchema,
  priority: RequestPrioritySchema,
  category: z.object({ id: z.uuid(), nameIt: z.string(), nameEn: z.string() }),
  requesterEnte: EnteRefSchema,
  provincia: EnteRefSchema,
  assignee: PersonSchema.nullable(),
  sla: RequestSlaSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RequestSummary = z.infer<typeof RequestSummarySchema>;
export const RequestListSchema = z.object({ items: z.array(RequestSummarySchema), total: z.number().int() });
export const RequestQuerySchema = PageQuerySchema.extend({
  view: z.enum(['mine', 'queue']).default('mine').describe('mine: richieste del mio ente; queue: coda dei servizi che opero'),
  service: ServiceSchema.optional(),
  state: RequestStateSchema.optional(),
  sla: z.enum(['breached', 'due_soon']).optional(),
  q: z.string().trim().max(200).optional(),
});

export const RequestEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['state', 'assignment', 'rating']),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  actor: PersonSchema.nullable(),
  at: z.string(),
});

export const RequestDetailSchema = RequestSummarySchema.extend({
  description: z.string(),
  requester: PersonSchema,
  category: RequestCategorySchema,
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Whether the Comune has an active convention with its Province for the service. */
  hasConvention: z.boolean(),
  isDemo: z.boolean(),
  version: z.number().int(),
  events: z.array(RequestEventSchema),
  /** Transitions the caller may make now. */
  allowed: z.array(RequestStateSchema),
  /** The caller may assign the request (an operator of the service). */
  canAssign: z.boolean(),
  /** The caller may close it with a rating (the requester side, once resolved). */
  canRate: z.boolean(),
  /** People the request may be assigned to (operators only). */
  assignable: z.array(PersonSchema),
});
export type RequestDetail = z.infer<typeof RequestDetailSchema>;

export const RequestDashboardSchema = z.object({
  counts: z.object({
    unassigned: z.number().int(),
    assignedToMe: z.number().int(),
    inProgress: z.number().int(),
    waiting: z.number().int(),
    breached: z.number().int(),
    dueSoon: z.number().int(),
  }),
  /** Median working hours to the first answer over the last 30 days (null without answers). */
  medianFirstResponseHours: z.number().nullable(),
  dueSoon: z.array(RequestSummarySchema),
  breached: z.array(RequestSummarySchema),
});
export type RequestDashboard = z.infer<typeof RequestDashboardSchema>;

export const RequestStatsQuerySchema = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });
export const RequestStatsRowSchema = z.object({
  provincia: EnteRefSchema,
  service: ServiceSchema,
  volume: z.number().int(),
  open: z.number().int(),
  medianFirstResponseHours: z.number().nullable(),
  medianResolutionDays: z.number().nullable(),
  firstResponseBreaches: z.number().int(),
  resolutionBreaches: z.number().int(),
  avgRating: z.number().nullable(),
  ratingsCount: z.number().int(),
});
export type RequestStatsRow = z.infer<typeof RequestStatsRowSchema>;
export const RequestStatsSchema = z.object({ from: z.string().nullable(), to: z.string().nullable(), rows: z.array(RequestStatsRowSchema) });
export type RequestStats = z.infer<typeof RequestStatsSchema>;
