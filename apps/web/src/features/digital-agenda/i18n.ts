import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/digital-agenda.json';
import it from '../../locales/it/digital-agenda.json';

/** The `digital-agenda` namespace travels with the Agenda Digitale pages, not with the initial bundle. */
export const digitalAgendaResources = { it, en } as const;
export const DIGITAL_AGENDA_NS = 'digital-agenda';

export function ensureDigitalAgendaNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, DIGITAL_AGENDA_NS)) i18n.addResourceBundle(lng, DIGITAL_AGENDA_NS, digitalAgendaResources[lng], true, true);
  }
}

export function useDigitalAgendaTranslation() {
  const { i18n } = useTranslation('common');
  ensureDigitalAgendaNamespace(i18n);
  return useTranslation(DIGITAL_AGENDA_NS);
}
