import { z } from 'zod';
import { BooleanQuery, PageQuerySchema } from '../common/common.schemas.js';

/** How a user is e-mailed about one event type. */
export const EmailModes = ['immediate', 'daily', 'weekly', 'off'] as const;
export const EmailModeSchema = z.enum(EmailModes).describe('E-mail: immediata, riepilogo giornaliero o settimanale, nessuna');
export type EmailMode = z.infer<typeof EmailModeSchema>;

export const NotificationSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  module: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path of the web app. */
  url: z.string().nullable(),
  actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const NotificationQuerySchema = PageQuerySchema.extend({
  unread: BooleanQuery.optional().describe('Solo le non lette'),
});
export type NotificationQuery = z.infer<typeof NotificationQuerySchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() });

export const NotificationPreferenceSchema = z.object({
  type: z.string(),
  module: z.string(),
  /** The module's name in the user's language. */
  moduleLabel: z.string(),
  /** The event type's name in the user's language. */
  label: z.string(),
  inApp: z.boolean(),
  email: EmailModeSchema,
  /** No choice stored: the event type's default applies. */
  isDefault: z.boolean(),
});
export type NotificationPreference = z.infer<typeof NotificationPreferenceSchema>;
export const NotificationPreferenceListSchema = z.object({ items: z.array(NotificationPreferenceSchema) });
export type NotificationPreferenceList = z.infer<typeof NotificationPreferenceListSchema>;

export const NotificationPreferencesUpdateSchema = z.object({
  items: z
    .array(
      z.object({
        type: z.string().trim().min(1).max(100),
        inApp: z.boolean(),
        email: EmailModeSchema,
      }),
    )
    .min(1)
    .max(500),
});
export type NotificationPreferencesUpdate = z.infer<typeof NotificationPreferencesUpdateSchema>;

/** The signed link of an unsubscribe e-mail footer (no session needed). */
export const UnsubscribeQuerySchema = z.object({
  u: z.uuid(),
  type: z.string().min(1).max(100),
  sig: z.string().min(1).max(200),
});
export type UnsubscribeQuery = z.infer<typeof UnsubscribeQuerySchema>;
