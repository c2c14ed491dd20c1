import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/calendar.json';
import it from '../../locales/it/calendar.json';

/** The `calendar` namespace travels with the calendar page, not with the initial bundle. */
export const calendarResources = { it, en } as const;

export const CALENDAR_NS = 'calendar';

export function ensureCalendarNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, CALENDAR_NS)) {
      i18n.addResourceBundle(lng, CALENDAR_NS, calendarResources[lng], true, true);
    }
  }
}

/** `useTranslation('calendar')`, adding the namespace to the i18n instance on first use. */
export function useCalendarTranslation() {
  const { i18n } = useTranslation('common');
  ensureCalendarNamespace(i18n);
  return useTranslation(CALENDAR_NS);
}
