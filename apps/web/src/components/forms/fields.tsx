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

/** The attributes that tie a control to its hint and error. */
interface ControlAria {
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** Label, hint and error around one control; the control gets the ids that link them. */
function FieldFrame({
  id,
  label,
  hint,
  error,
  className,
  children,
}: Omit<BaseFieldProps, 'registration'> & { className?: string; children: (aria: ControlAria) => ReactNode }) {
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
      {children({ 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(hintId, errorId) })}
      {error && (
        <p id={errorId} className="pc-field-error">
          {translateFieldError(t, error)}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = BaseFieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'>;

export function TextField({ id, label, hint, error, registration, className, ...input }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      {(aria) => (
        <input
          id={id}
          className={`form-control pc-input${error ? ' is-invalid' : ''}`}
          {...aria}
          {...input}
          {...registration}
        />
      )}
    </FieldFrame>
  );
}

type SelectFieldProps = BaseFieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { children: ReactNode };

export function SelectField({
  id,
  label,
  hint,
  error,
  registration,
  className,
  children,
  ...select
}: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      {(aria) => (
        <select
          id={id}
          className={`form-select pc-input${error ? ' is-invalid' : ''}`}
          {...aria}
          {...select}
          {...registration}
        >
          {children}
        </select>
      )}
    </FieldFrame>
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
