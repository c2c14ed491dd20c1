import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/notifications.json';
import it from '../../locales/it/notifications.json';

/** The `notifications` namespace: small, and needed by the bell of every page. */
export const notificationsResources = { it, en } as const;

export const NOTIFICATIONS_NS = 'notifications';

export function ensureNotificationsNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, NOTIFICATIONS_NS)) {
      i18n.addResourceBundle(lng, NOTIFICATIONS_NS, notificationsResources[lng], true, true);
    }
  }
}

/** `useTranslation('notifications')`, adding the namespace to the i18n instance on first use. */
export function useNotificationsTranslation() {
  const { i18n } = useTranslation('common');
  ensureNotificationsNamespace(i18n);
  return useTranslation(NOTIFICATIONS_NS);
}
