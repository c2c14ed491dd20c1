import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, ErrorCodes } from '../lib/api-client';

/** Translated alert for an error thrown by the api client. */
export function ApiErrorAlert({ error, className }: { error: unknown; className?: string }) {
  const { t } = useTranslation('common');
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'internal_error';
  const known = (ErrorCodes as readonly string[]).includes(code) ? code : 'internal_error';
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className={`alert alert-danger ${className ?? ''}`} role="alert">
      <p className="mb-0">{t(`errors.${known}`)}</p>
      {requestId && <p className="mb-0 small">{t('errors.request_id', { id: requestId })}</p>}
    </div>
  );
}

export function SuccessAlert({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
