import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/search.json';
import it from '../../locales/it/search.json';

export const searchResources = { it, en } as const;
export const SEARCH_NS = 'search';

export function ensureSearchNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, SEARCH_NS)) i18n.addResourceBundle(lng, SEARCH_NS, searchResources[lng], true, true);
  }
}

/** `useTranslation('search')`, adding the namespace to the i18n instance on first use. */
export function useSearchTranslation() {
  const { i18n } = useTranslation('common');
  ensureSearchNamespace(i18n);
  return useTranslation(SEARCH_NS);
}
