import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/requests.json';
import it from '../../locales/it/requests.json';

/** The `requests` namespace travels with the assistance pages, not with the initial bundle. */
export const requestsResources = { it, en } as const;

export const REQUESTS_NS = 'requests';

export function ensureRequestsNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, REQUESTS_NS)) {
      i18n.addResourceBundle(lng, REQUESTS_NS, requestsResources[lng], true, true);
    }
  }
}

/** `useTranslation('requests')`, adding the namespace to the i18n instance on first use. */
export function useRequestsTranslation() {
  const { i18n } = useTranslation('common');
  ensureRequestsNamespace(i18n);
  return useTranslation(REQUESTS_NS);
}
