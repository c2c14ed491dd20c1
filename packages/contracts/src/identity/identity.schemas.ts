import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';

/** Roles a membership can grant. A membership is (user, ente, role). */
export const Roles = [
  'upi_admin',
  'ente_admin',
  'sua_operator',
  'sape_operator',
  'sit_operator',
  'referent',
  'comune_user',
  'researcher',
  'trainer',
  'viewer',
] as const;
export const RoleSchema = z.enum(Roles).describe('Ruolo');
export type Role = z.infer<typeof RoleSchema>;

export const Locales = ['it', 'en'] as const;
export const LocaleSchema = z.enum(Locales);

export const PasswordLimits = { min: 10, max: 200 } as const;
export const PasswordSchema = z
  .string()
  .min(PasswordLimits.min)
  .max(PasswordLimits.max)
  .describe('Password (almeno 10 caratteri)');
export const EmailSchema = z.email().max(254).describe('Indirizzo e-mail');

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(PasswordLimits.max).describe('Password'),
});
export type Login = z.infer<typeof LoginSchema>;

export const MembershipSchema = z.object({
  id: z.uuid(),
  enteId: z.uuid(),
  enteName: z.string(),
  enteType: z.string(),
  enteIstatCode: z.string().nullable(),
  role: RoleSchema,
});
export type Membership = z.infer<typeof MembershipSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string().describe('Nome e cognome'),
  locale: LocaleSchema,
  active: z.boolean(),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  memberships: z.array(MembershipSchema),
});
export type User = z.infer<typeof UserSchema>;

export const MeSchema = z.object({
  user: UserSchema,
  activeMembershipId: z.uuid().nullable(),
  csrfToken: z.string().describe('Send it back in the X-CSRF-Token header'),
});
export type Me = z.infer<typeof MeSchema>;

export const ActiveMembershipSchema = z.object({ membershipId: z.uuid() });

export const PasswordForgotSchema = z.object({ email: EmailSchema });
export const PasswordResetSchema = z.object({
  token: z.string().min(20).max(200),
  password: PasswordSchema,
});

export const AuthProvidersSchema = z.object({
  password: z.boolean(),
  oidc: z.boolean(),
  oidcLabel: z.string().nullable(),
});

export const UserCreateSchema = z.object({
  email: EmailSchema,
  displayName: z.string().trim().min(2).max(120).describe('Nome e cognome'),
  locale: LocaleSchema.default('it'),
  password: PasswordSchema.optional().describe('Password iniziale; se assente si invia un link'),
  membership: z
    .object({ enteId: z.uuid(), role: RoleSchema })
    .optional()
    .describe("Prima appartenenza; obbligatoria per l'amministratore di un ente"),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z.object({
  displayName: z.string().trim().min(2).max(120).optional(),
  locale: LocaleSchema.optional(),
  active: z.boolean().optional(),
  version: z.number().int().min(1).describe('Versione letta, per il controllo di concorrenza'),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  enteId: z.uuid().optional(),
});

export const UserListSchema = z.object({ items: z.array(UserSchema), total: z.number().int() });

export const MembershipCreateSchema = z.object({
  enteId: z.uuid().describe('Ente'),
  role: RoleSchema,
});
export type MembershipCreate = z.infer<typeof MembershipCreateSchema>;

export const UserMembershipParamsSchema = z.object({ id: z.uuid(), membershipId: z.uuid() });
