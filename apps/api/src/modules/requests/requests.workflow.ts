import type { RequestState } from '@app/contracts';
import { AppError } from '../../lib/errors.js';

/** The state machine of a service request: which states each state may move to. */
export const REQUEST_FLOW: Record<RequestState, RequestState[]> = {
  new: ['assigned'],
  assigned: ['in_progress'],
  in_progress: ['waiting_requester', 'resolved'],
  waiting_requester: ['in_progress'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assigned', 'in_progress'],
};

/** Moves the Province's operators make; the requester closes (with a rating) and reopens. */
export const OPERATOR_TARGETS: ReadonlySet<RequestState> = new Set(['assigned', 'in_progress', 'waiting_requester', 'resolved']);
export const REQUESTER_TARGETS: ReadonlySet<RequestState> = new Set(['closed', 'reopened']);

/** States in which a request waits for work by the Province. */
export const OPEN_STATES: RequestState[] = ['new', 'assigned', 'in_progress', 'waiting_requester', 'reopened'];
/** A request may be reassigned until it is closed. */
export const canReassign = (state: RequestState) => state !== 'closed';

/** Working days after the resolution within which the requester may still reopen a closed request. */
export const REOPEN_WORKING_DAYS = 10;
/** Working days after which a resolved request nobody rated is closed automatically. */
export const AUTO_CLOSE_WORKING_DAYS = 5;

/** Throws 409 `invalid_transition` with the allowed next states unless `to` is one of them. */
export function assertTransition(from: RequestState, to: RequestState): void {
  const allowed = REQUEST_FLOW[from] ?? [];
  if (!allowed.includes(to)) {
    throw new AppError(409, 'invalid_transition', `Cannot move from ${from} to ${to}`, { from, to, allowed });
  }
}

/** The transitions someone may make now, given which side of the request they are on. */
export function allowedTransitions(state: RequestState, side: { operator: boolean; requester: boolean }): RequestState[] {
  return (REQUEST_FLOW[state] ?? []).filter((to) => (side.operator && OPERATOR_TARGETS.has(to)) || (side.requester && REQUESTER_TARGETS.has(to)));
}

/** Whether moving to `to` is the Province's first answer (the first-response clock stops). */
export const answersRequester = (to: RequestState) => to === 'waiting_requester' || to === 'resolved';
