import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { translateFieldError } from '../../lib/validation';

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

interface BaseFieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  /** Encoded validation message (see lib/validation) or already translated text. */
  error?: string;
  registration?: UseFormRegisterReturn;
}

type TextFieldProps = BaseFieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'>;

export function TextField({ id, label, hint, error, registration, className, ...input }: TextFieldProps) {
  const { t } = useTranslation('common');
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`mb-4 pc-field ${className ?? ''}`}>
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <input
        id={id}
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...input}
        {...registration}
      />
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(t, error)}
        </p>
      )}
    </div>
  );
}

type SelectFieldProps = BaseFieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { children: ReactNode };

export function SelectField({ id, label, hint, error, registration, className, children, ...select }: SelectFieldProps) {
  const { t } = useTranslation('common');
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`mb-4 pc-field ${className ?? ''}`}>
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <select
        id={id}
        className={`form-select pc-input${error ? ' is-invalid' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...select}
        {...registration}
      >
        {children}
      </select>
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(t, error)}
        </p>
      )}
    </div>
  );
}

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> & {
  id: string;
  label: string;
};

export function CheckboxField({ id, label, className, ...input }: CheckboxFieldProps) {
  return (
    <div className={`form-check mb-4 ${className ?? ''}`}>
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
