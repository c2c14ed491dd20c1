import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { translateFieldError } from '../../../lib/validation';

interface FileFieldProps {
  id: string;
  label: string;
  hint?: string;
  /** Accepted types, as in the `accept` attribute. */
  accept?: string;
  required?: boolean;
  /** Message key or text of the error shown under the field. */
  error?: string | null;
  inputRef: Ref<HTMLInputElement>;
  onChange?: () => void;
}

/** A labelled file input with its hint and error, read through a ref on submit. */
export function FileField({ id, label, hint, accept, required, error, inputRef, onChange }: FileFieldProps) {
  const tc = useTranslation('common').t;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="mb-4 pc-field">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={accept}
        required={required}
        className="form-control pc-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={onChange}
      />
      {error && (
        <p id={`${id}-error`} className="pc-field-error">
          {translateFieldError(tc, error)}
        </p>
      )}
    </div>
  );
}
