import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/eu-funding.json';
import it from '../../locales/it/eu-funding.json';

/** The `eu-funding` namespace travels with the SAPE pages, not with the initial bundle. */
export const euFundingResources = { it, en } as const;
export const EU_FUNDING_NS = 'eu-funding';

export function ensureEuFundingNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, EU_FUNDING_NS)) i18n.addResourceBundle(lng, EU_FUNDING_NS, euFundingResources[lng], true, true);
  }
}

/** `useTranslation('eu-funding')`, adding the namespace to the i18n instance on first use. */
export function useEuFundingTranslation() {
  const { i18n } = useTranslation('common');
  ensureEuFundingNamespace(i18n);
  return useTranslation(EU_FUNDING_NS);
}
