import type { FieldErrors, FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { translateFieldError } from '../../lib/validation';

interface ErrorSummaryProps<T extends FieldValues> {
  errors: FieldErrors<T>;
  /** field name → [input id, label] in display order */
  fields: Array<[keyof T & string, string, string]>;
}

/** Alert listing the invalid fields, each linking to its input. */
export function ErrorSummary<T extends FieldValues>({ errors, fields }: ErrorSummaryProps<T>) {
  const { t } = useTranslation('common');
  const items = fields.filter(([name]) => errors[name]);
  if (items.length === 0) return null;
  return (
    <div className="alert alert-danger pc-error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="h5">
        {t('form.error_summary_title')}
      </h2>
      <p className="mb-1">{t('form.error_summary_intro')}</p>
      <ul className="mb-0">
        {items.map(([name, id, label]) => {
          const message = errors[name]?.message;
          return (
            <li key={name}>
              <a href={`#${id}`}>
                {label}: {translateFieldError(t, typeof message === 'string' ? message : 'validation.invalid')}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
