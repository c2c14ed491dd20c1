import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/documents.json';
import it from '../../locales/it/documents.json';

/** The `documents` namespace travels with the document pages, not with the initial bundle. */
export const documentsResources = { it, en } as const;

export const DOCUMENTS_NS = 'documents';

export function ensureDocumentsNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, DOCUMENTS_NS)) {
      i18n.addResourceBundle(lng, DOCUMENTS_NS, documentsResources[lng], true, true);
    }
  }
}

/** `useTranslation('documents')`, adding the namespace to the i18n instance on first use. */
export function useDocumentsTranslation() {
  const { i18n } = useTranslation('common');
  ensureDocumentsNamespace(i18n);
  return useTranslation(DOCUMENTS_NS);
}
