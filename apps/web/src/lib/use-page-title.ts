import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets `document.title` to "<page> – Province & Comuni". */
export function usePageTitle(title: string): void {
  const { t } = useTranslation('common');
  const appName = t('app.name');
  useEffect(() => {
    document.title = title && title !== appName ? `${title} – ${appName}` : appName;
  }, [title, appName]);
}
