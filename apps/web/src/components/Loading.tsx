import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation('common');
  return (
    <p role="status" className="pc-loading">
      {t('actions.loading')}
    </p>
  );
}
