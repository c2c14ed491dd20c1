import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';
import { EnteTypeSchema, IstatProvinceCode, IstatRegionCode } from './registry.schemas.js';

/** The programme's three associated services. */
export const Services = ['sua', 'sape', 'sit'] as const;
export const ServiceSchema = z.enum(Services).describe('Servizio associato: SUA, SAPE, SIT');
export type Service = z.infer<typeof ServiceSchema>;

/** Areas of a referent: the three services and the general one. */
export const ReferentAreas = ['general', 'sua', 'sape', 'sit'] as const;
export const ReferentAreaSchema = z.enum(ReferentAreas).describe('Area');

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsoDate = z.iso.date().describe('Data (AAAA-MM-GG)');

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const Version = z.number().int().min(1).describe('Versione letta, per il controllo di concorrenza');
const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
/** `a,b` in a query string. */
const ServiceQuery = ServiceSchema.optional();

export const EnteRefSchema = z.object({ id: z.uuid(), istatCode: z.string().nullable(), name: z.string(), type: EnteTypeSchema });
export type EnteRef = z.infer<typeof EnteRefSchema>;

// ---------------------------------------------------------------- referents

export const ReferentInputSchema = z.object({
  area: ReferentAreaSchema,
  fullName: text(120),
  role: optionalText(120),
  office: optionalText(160),
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ./-]{6,20}$/, 'Numero di telefono non valido')
    .nullable()
    .optional(),
});
export type ReferentInput = z.infer<typeof ReferentInputSchema>;
export const ReferentUpdateSchema = ReferentInputSchema.extend({ version: Version });
export const ReferentSchema = z.object({
  id: z.uuid(),
  ente: EnteRefSchema,
  area: ReferentAreaSchema,
  fullName: z.string(),
  role: z.string().nullable(),
  office: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export type Referent = z.infer<typeof ReferentSchema>;
export const ReferentListSchema = ListOf(ReferentSchema);
export const ReferentQuerySchema = PageQuerySchema.extend({
  ente: z.uuid().optional(),
  area: ReferentAreaSchema.optional(),
  region: IstatRegionCode.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export const MissingReferentsQuerySchema = z.object({ area: ReferentAreaSchema.default('general') });
export const EnteRefListSchema = ListOf(EnteRefSchema);

// ---------------------------------------------------------------- protocols

export const ProtocolStates = ['draft', 'sent', 'signed', 'declined'] as const;
export const ProtocolStateSchema = z.enum(ProtocolStates).describe("Stato del protocollo d'intesa");
export type ProtocolState = z.infer<typeof ProtocolStateSchema>;

export const ProtocolQuerySchema = PageQuerySchema.extend({
  state: ProtocolStateSchema.optional(),
  region: IstatRegionCode.optional(),
  pageSize: PageQuerySchema.shape.pageSize.default(100),
  format: z.enum(['json', 'csv']).default('json'),
});
export const ProtocolSummarySchema = z.object({
  id: z.uuid(),
  provincia: z.object({ id: z.uuid(), istatCode: z.string(), name: z.string(), regionIstatCode: z.string() }),
  state: ProtocolStateSchema,
  sentAt: z.string().optional().describe('Data di invio'),
  signedAt: z.string().optional().describe('Data di firma'),
  areas: z.array(ServiceSchema),
  remindersSent: z.number().int(),
});
export const ProtocolListSchema = ListOf(ProtocolSummarySchema);
export const ProtocolSchema = ProtocolSummarySchema.extend({
  staffCount: z.number().int().nullable(),
  staffNote: z.string().nullable(),
  declinedReason: z.string().nullable(),
  signedDocumentId: z.uuid().nullable(),
  lastReminderAt: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
  /** Transitions the workflow allows from the current state. */
  allowed: z.array(ProtocolStateSchema),
});
export type Protocol = z.infer<typeof ProtocolSchema>;
export const ProtocolCommitmentsSchema = z.object({
  areas: z.array(ServiceSchema).max(3),
  staffCount: z.number().int().min(0).max(10_000).nullable().optional(),
  staffNote: optionalText(2000),
  version: Version,
});
export const ProtocolTransitionSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('sent'), date: IsoDate, version: Version }),
  z.object({ to: z.literal('signed'), date: IsoDate, documentId: z.uuid().describe('PDF firmato, caricato sul protocollo'), version: Version }),
  z.object({ to: z.literal('declined'), reason: text(2000), version: Version }),
  z.object({ to: z.literal('draft'), version: Version }),
]);
export type ProtocolTransition = z.infer<typeof ProtocolTransitionSchema>;
export const ReminderResultSchema = z.object({ protocols: z.number().int(), recipients: z.number().int() });

// ---------------------------------------------------------------- conventions

export const ConventionKinds = ['upi_provincia', 'provincia_comune'] as const;
export const ConventionStates = ['draft', 'active', 'expired', 'withdrawn'] as const;
export const ConventionStateSchema = z.enum(ConventionStates).describe('Stato della convenzione');
export type ConventionState = z.infer<typeof ConventionStateSchema>;

export const ConventionQuerySchema = PageQuerySchema.extend({
  provincia: IstatProvinceCode.optional().describe('Codice ISTAT della Provincia parte o titolare'),
  ente: z.uuid().optional().describe('Ente parte della convenzione'),
  service: ServiceQuery,
  state: ConventionStateSchema.optional(),
  kind: z.enum(ConventionKinds).optional(),
  expiringWithinDays: z.coerce.number().int().min(1).max(365).optional().describe('Solo attive in scadenza entro N giorni'),
  format: z.enum(['json', 'csv']).default('json'),
});
export const ConventionSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(ConventionKinds),
  title: z.string(),
  owner: EnteRefSchema,
  parties: z.array(z.object({ id: z.uuid(), istatCode: z.string().nullable(), name: z.string(), type: EnteTypeSchema })),
  services: z.array(ServiceSchema),
  state: ConventionStateSchema,
  startsOn: z.string(),
  endsOn: z.string().optional(),
  expiring: z.boolean().describe('Attiva e in scadenza entro 60 giorni'),
});
export const ConventionListSchema = ListOf(ConventionSummarySchema);
export const ConventionSchema = ConventionSummarySchema.extend({
  legalBasis: z.string().nullable(),
  signedDocumentId: z.uuid().nullable(),
  withdrawnReason: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
  allowed: z.array(ConventionStateSchema),
});
export type Convention = z.infer<typeof ConventionSchema>;
const conventionFields = {
  title: text(300),
  services: z.array(ServiceSchema).min(1).max(3),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable().optional(),
  legalBasis: optionalText(4000),
};
const endAfterStart = (v: { startsOn: string; endsOn?: string | null }) => !v.endsOn || v.endsOn > v.startsOn;
const endAfterStartIssue = { message: 'La data di fine deve seguire quella di inizio', path: ['endsOn'] };
export const ConventionCreateSchema = z
  .object({
    kind: z.enum(ConventionKinds),
    /** The Province (for provincia_comune) or the UPI (for upi_provincia). */
    ownerEnteId: z.uuid(),
    partyIds: z.array(z.uuid()).min(1).max(500).describe('Enti che aderiscono (Comuni, o la Provincia)'),
    ...conventionFields,
  })
  .refine(endAfterStart, endAfterStartIssue);
export type ConventionCreate = z.infer<typeof ConventionCreateSchema>;
export const ConventionUpdateSchema = z
  .object({ ...conventionFields, partyIds: z.array(z.uuid()).min(1).max(500), version: Version })
  .refine(endAfterStart, endAfterStartIssue);
export type ConventionUpdate = z.infer<typeof ConventionUpdateSchema>;
export const ConventionTransitionSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('active'), documentId: z.uuid().nullable().optional(), version: Version }),
  z.object({ to: z.literal('expired'), version: Version }),
  z.object({ to: z.literal('withdrawn'), reason: text(2000), version: Version }),
]);
export type ConventionTransition = z.infer<typeof ConventionTransitionSchema>;

/** Adhesion of a Province's Comuni to each service. */
export const AdhesionSchema = z.object({
  provincia: EnteRefSchema,
  items: z.array(
    z.object({
      id: z.uuid(),
      istatCode: z.string(),
      name: z.string(),
      population: z.number().int().nullable(),
      services: z.object({ sua: z.boolean(), sape: z.boolean(), sit: z.boolean() }),
    }),
  ),
  totals: z.object({
    comuni: z.number().int(),
    population: z.number().int(),
    sua: z.number().int(),
    sape: z.number().int(),
    sit: z.number().int(),
  }),
});

// ---------------------------------------------------------------- governance bodies, working groups, meetings

export const MeetingSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  heldAt: z.string(),
  location: z.string().nullable(),
  agenda: z.string().nullable(),
  minutes: z.string().nullable(),
  decisions: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string(), text: z.string() })),
  documents: z.array(z.object({ id: z.uuid(), title: z.string(), mediaType: z.string(), size: z.number() })),
});
export const MeetingInputSchema = z.object({
  title: text(300),
  heldAt: z.iso.datetime({ offset: true }),
  location: optionalText(300),
  agenda: optionalText(10_000),
  minutes: optionalText(50_000),
});
export const DecisionInputSchema = z.object({ number: text(30), subject: text(300), text: text(10_000) });

export const BodyMemberSchema = z.object({
  id: z.uuid(),
  fullName: z.string(),
  organisation: z.string(),
  role: z.string(),
  fromOn: z.string().nullable(),
  toOn: z.string().nullable(),
});
export const BodyMemberInputSchema = z
  .object({
    fullName: text(120),
    organisation: text(120),
    role: text(120),
    fromOn: IsoDate.nullable().optional(),
    toOn: IsoDate.nullable().optional(),
  })
  .refine((v) => !v.fromOn || !v.toOn || v.toOn >= v.fromOn, { message: 'La data di fine deve seguire quella di inizio', path: ['toOn'] });
export const BodySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(BodyMemberSchema),
  meetings: z.array(MeetingSchema),
});
export const BodyListSchema = ListOf(BodySchema.omit({ members: true, meetings: true }).extend({ members: z.number().int(), meetings: z.number().int() }));
export const DecisionQuerySchema = PageQuerySchema.extend({ q: z.string().trim().max(100).optional(), body: z.uuid().optional() });
export const DecisionListSchema = ListOf(
  z.object({
    id: z.uuid(),
    number: z.string(),
    subject: z.string(),
    text: z.string(),
    meeting: z.object({ id: z.uuid(), title: z.string(), heldAt: z.string() }),
    body: z.object({ id: z.uuid(), name: z.string() }),
  }),
);

export const GroupMemberSchema = z.object({
  id: z.uuid(),
  ente: EnteRefSchema,
  isLead: z.boolean(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
});
export const WorkingGroupSchema = z.object({
  id: z.uuid(),
  area: ServiceSchema,
  name: z.string(),
  description: z.string().nullable(),
  lead: EnteRefSchema.nullable(),
  members: z.array(GroupMemberSchema).describe('Storico delle adesioni (leftOn nullo = membro attuale)'),
  meetings: z.array(MeetingSchema),
});
export const WorkingGroupListSchema = ListOf(
  WorkingGroupSchema.omit({ members: true, meetings: true }).extend({ members: z.number().int() }),
);
export const GroupMemberInputSchema = z.object({ enteId: z.uuid(), isLead: z.boolean().default(false), joinedOn: IsoDate });
export const GroupMemberLeaveSchema = z.object({ leftOn: IsoDate });

// ---------------------------------------------------------------- local tables

export const TableStates = ['open', 'closed', 'concluded'] as const;
export const CandidatureStates = ['submitted', 'accepted', 'rejected', 'withdrawn'] as const;
export const CandidatureStateSchema = z.enum(CandidatureStates);
export const LocalTableInputSchema = z
  .object({
    title: text(300),
    topic: text(4000),
    area: ReferentAreaSchema,
    applyBy: IsoDate,
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().optional(),
  })
  .refine((v) => !v.endsOn || v.endsOn > v.startsOn, { message: 'La data di fine deve seguire quella di inizio', path: ['endsOn'] });
export const CandidatureSchema = z.object({
  id: z.uuid(),
  tableId: z.uuid(),
  provincia: EnteRefSchema,
  motivation: z.string(),
  state: CandidatureStateSchema,
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export const LocalTableSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  topic: z.string(),
  area: ReferentAreaSchema,
  applyBy: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  state: z.enum(TableStates),
  outcomes: z.string().nullable(),
  version: z.number().int(),
  /** Candidatures the caller may see: all for UPI, their own for a Province. */
  candidatures: z.array(CandidatureSchema),
  participants: z.array(EnteRefSchema),
});
export const LocalTableListSchema = ListOf(
  LocalTableSchema.omit({ candidatures: true, participants: true }).extend({ participants: z.number().int(), candidatures: z.number().int() }),
);
export const LocalTableUpdateSchema = z.object({
  state: z.enum(TableStates),
  outcomes: optionalText(20_000),
  version: Version,
});
export const CandidatureInputSchema = z.object({ provinciaId: z.uuid(), motivation: text(4000) });
export const CandidatureDecisionSchema = z.object({
  to: z.enum(['accepted', 'rejected', 'withdrawn']),
  note: optionalText(2000),
  version: Version,
});

// ---------------------------------------------------------------- dashboard, ente page

export const DashboardSchema = z.object({
  protocols: z.object({
    total: z.number().int(),
    byState: z.object({ draft: z.number().int(), sent: z.number().int(), signed: z.number().int(), declined: z.number().int() }),
    byRegion: z.array(z.object({ regionIstatCode: z.string(), name: z.string(), total: z.number().int(), signed: z.number().int() })),
    missing: z.array(EnteRefSchema).describe('Province che non hanno firmato'),
  }),
  conventions: z.object({
    active: z.number().int(),
    expiring: z.number().int(),
    byService: z.object({ sua: z.number().int(), sape: z.number().int(), sit: z.number().int() }),
    byRegion: z.array(
      z.object({ regionIstatCode: z.string(), name: z.string(), sua: z.number().int(), sape: z.number().int(), sit: z.number().int() }),
    ),
  }),
  reach: z.array(
    z.object({
      service: ServiceSchema,
      comuni: z.number().int(),
      population: z.number().int(),
      populationShare: z.number().describe('Quota della popolazione dei Comuni delle 76 Province'),
    }),
  ),
  programmePopulation: z.number().int(),
  workingGroups: z.number().int(),
  localTables: z.object({ open: z.number().int(), total: z.number().int(), candidatures: z.number().int() }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const EnteNetworkSchema = z.object({
  referents: z.array(ReferentSchema).nullable().describe('Null when the caller may not see them'),
  protocol: ProtocolSummarySchema.nullable(),
  conventions: z.array(ConventionSummarySchema),
  services: z.object({
    gives: z.array(ServiceSchema).describe('Servizi che la Provincia eroga ai Comuni'),
    receives: z.array(ServiceSchema).describe('Servizi che il Comune riceve'),
  }),
  workingGroups: z.array(z.object({ id: z.uuid(), name: z.string(), area: ServiceSchema, isLead: z.boolean() })),
});
