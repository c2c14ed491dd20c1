import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/comments.json';
import it from '../../locales/it/comments.json';

/** The `comments` namespace travels with the pages showing comments, not with the initial bundle. */
export const commentsResources = { it, en } as const;

export const COMMENTS_NS = 'comments';

export function ensureCommentsNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, COMMENTS_NS)) i18n.addResourceBundle(lng, COMMENTS_NS, commentsResources[lng], true, true);
  }
}

/** `useTranslation('comments')`, adding the namespace to the i18n instance on first use. */
export function useCommentsTranslation() {
  const { i18n } = useTranslation('common');
  ensureCommentsNamespace(i18n);
  return useTranslation(COMMENTS_NS);
}
