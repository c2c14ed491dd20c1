import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/procurement.json';
import it from '../../locales/it/procurement.json';

/** The `procurement` namespace travels with the SUA pages, not with the initial bundle. */
export const procurementResources = { it, en } as const;

export const PROCUREMENT_NS = 'procurement';

export function ensureProcurementNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, PROCUREMENT_NS)) {
      i18n.addResourceBundle(lng, PROCUREMENT_NS, procurementResources[lng], true, true);
    }
  }
}

/** `useTranslation('procurement')`, adding the namespace to the i18n instance on first use. */
export function useProcurementTranslation() {
  const { i18n } = useTranslation('common');
  ensureProcurementNamespace(i18n);
  return useTranslation(PROCUREMENT_NS);
}
