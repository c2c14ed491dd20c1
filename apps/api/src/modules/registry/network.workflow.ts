import type { ConventionState, ProtocolState } from '@app/contracts';
import { AppError } from '../../lib/errors.js';

/** State machines of the network registry: which states each state may move to. */
export const PROTOCOL_FLOW: Record<ProtocolState, ProtocolState[]> = {
  draft: ['sent'],
  sent: ['signed', 'declined', 'draft'],
  declined: ['sent'],
  signed: [],
};

export const CONVENTION_FLOW: Record<ConventionState, ConventionState[]> = {
  draft: ['active', 'withdrawn'],
  active: ['expired', 'withdrawn'],
  expired: [],
  withdrawn: [],
};

export type CandidatureState = 'submitted' | 'accepted' | 'rejected' | 'withdrawn';
export const CANDIDATURE_FLOW: Record<CandidatureState, CandidatureState[]> = {
  submitted: ['accepted', 'rejected', 'withdrawn'],
  accepted: ['withdrawn'],
  rejected: [],
  withdrawn: [],
};

export type TableState = 'open' | 'closed' | 'concluded';
export const TABLE_FLOW: Record<TableState, TableState[]> = {
  open: ['closed'],
  closed: ['open', 'concluded'],
  concluded: [],
};

/** Throws 409 `invalid_transition` with the allowed next states unless `to` is one of them. */
export function assertTransition<S extends string>(flow: Record<S, S[]>, from: S, to: S): void {
  const allowed = flow[from] ?? [];
  if (!allowed.includes(to)) {
    throw new AppError(409, 'invalid_transition', `Cannot move from ${from} to ${to}`, { from, to, allowed });
  }
}

/** Today's date in Rome (YYYY-MM-DD): the legal calendar of the platform. */
const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
export function todayInRome(now = new Date()): string {
  return romeDay.format(now);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A date that must not be in the future (a signature, a sending): 400 with the field path otherwise. */
export function assertNotFuture(field: string, isoDate: string, today = todayInRome()): void {
  if (isoDate > today) {
    throw new AppError(400, 'validation_failed', 'The date cannot be in the future', {
      issues: [{ path: `body.${field}`, message: 'La data non può essere futura' }],
    });
  }
}

/** Days before its end when an active convention is flagged as expiring. */
export const EXPIRY_NOTICE_DAYS = 60;
export const isExpiring = (state: string, endsOn: string | null, today = todayInRome()) =>
  state === 'active' && endsOn !== null && endsOn >= today && endsOn <= addDays(today, EXPIRY_NOTICE_DAYS);
