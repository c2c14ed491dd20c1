import type { ReactNode } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { ActionPanel } from '../components';
import { useNetworkTranslation } from '../i18n';

interface WorkflowActionsProps<S extends string> {
  /** States the record may move to, one button each. */
  actions: readonly S[];
  /** The state whose form is open, if any. */
  open: S | null;
  /** Label key of the button (and panel heading) of each state. */
  labelKeys: Record<S, string>;
  /** The button of each state has the id `${actionIdPrefix}${state}`. */
  actionIdPrefix: string;
  panelId: string;
  /** The state whose button is styled as destructive. */
  dangerState: S;
  /** Ties each open button to its panel with aria-controls, the panel wrapped in an element of that id. */
  controlsPanel?: boolean;
  /** Error of the last transition, shown above the form. */
  error: unknown;
  isError: boolean;
  onChoose: (to: S) => void;
  /** The form of the open state. */
  children: ReactNode;
}

/** Workflow buttons, one per state the record may move to, and the panel of the chosen one. */
export function WorkflowActions<S extends string>({
  actions,
  open,
  labelKeys,
  actionIdPrefix,
  panelId,
  dangerState,
  controlsPanel,
  error,
  isError,
  onChoose,
  children,
}: WorkflowActionsProps<S>) {
  const { t } = useNetworkTranslation();
  const panel = open && (
    <ActionPanel id={panelId} title={t(labelKeys[open])}>
      {isError && <ApiErrorAlert error={error} />}
      {children}
    </ActionPanel>
  );
  return (
    <>
      <ul className="pc-actions" aria-label={t('protocol.actions_label')}>
        {actions.map((to) => (
          <li key={to}>
            <button
              id={`${actionIdPrefix}${to}`}
              type="button"
              className={to === dangerState ? 'btn btn-outline-danger' : 'btn btn-outline-primary'}
              aria-expanded={open === to}
              aria-controls={controlsPanel && open === to ? panelId : undefined}
              onClick={() => onChoose(to)}
            >
              {t(labelKeys[to])}
            </button>
          </li>
        ))}
      </ul>
      {panel && (controlsPanel ? <div id={panelId}>{panel}</div> : panel)}
    </>
  );
}
