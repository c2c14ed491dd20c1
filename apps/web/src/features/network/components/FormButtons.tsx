import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormButtonsProps {
  /** Text of the confirming button. */
  confirmLabel: ReactNode;
  /** Disables the confirming button while a request is in flight. */
  pending: boolean;
  onCancel: () => void;
  /** Styles the confirming button as a destructive action. */
  danger?: boolean;
  /**
   * When given, the confirming button is a plain button that calls it;
   * otherwise it submits the enclosing form.
   */
  onConfirm?: () => void;
}

/** The confirm / cancel pair that closes every form and confirmation step. */
export function FormButtons({ confirmLabel, pending, onCancel, danger, onConfirm }: FormButtonsProps) {
  const tc = useTranslation('common').t;
  const className = danger ? 'btn btn-danger' : 'btn btn-primary';
  return (
    <div className="d-flex gap-3">
      {onConfirm ? (
        <button type="button" className={className} disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
      ) : (
        <button type="submit" className={className} disabled={pending}>
          {confirmLabel}
        </button>
      )}
      <button type="button" className="btn btn-outline-primary" onClick={onCancel}>
        {tc('actions.cancel')}
      </button>
    </div>
  );
}
