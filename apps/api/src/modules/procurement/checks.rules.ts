import type { CheckOutcome, ObjectType } from '@app/contracts';
import { addDays, daysBetween } from '../calendar/calendar.dates.js';

/** Days before `validUntil` from which an item is "expiring" (and its warning goes out). */
export const EXPIRING_DAYS = 30;

/** A catalogue row as the checklist builder reads it. */
export interface CatalogueEntry {
  code: string;
  /** One scope or several, comma-separated: the check applies when any does. */
  scope: string;
  validityDays: number | null;
}

/** What decides which checks apply to an operator in a procedure. Amounts are integer euro cents. */
export interface CheckFacts {
  objectType: ObjectType;
  sia: boolean;
  estimatedValueCents: number;
  aboveEuThreshold: boolean;
  /** Employees of the operator; unknown (null) counts as possibly above every threshold. */
  employees: number | null;
  /** Offers received in the procedure. */
  bidders: number;
  limits: CheckLimits;
}

/** The amounts of the rules in force (from the procedure rules with validity dates), in cents. */
export interface CheckLimits {
  /** Works from this amount need the SOA attestation (art. 100 c.4). */
  soaWorksFromCents: number;
  /** Contracts above this amount need the antimafia communication (art. 83 c.3 lett. e d.lgs. 159/2011). */
  antimafiaAboveCents: number;
}

/** Euros (a number with at most two decimals, or an exact decimal string) as integer cents. */
export function toCents(euros: number | string): number {
  const s = typeof euros === 'number' ? euros.toFixed(2) : euros.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`Not an amount in euros: ${s}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Whether one scope of the catalogue applies. Unknown scopes never apply (a typo must not add checks). */
export function scopeApplies(scope: string, f: CheckFacts): boolean {
  const works = f.objectType === 'lavori';
  switch (scope.trim()) {
    case 'all':
    case 'when_required':
      return true;
    case 'works':
      return works;
    case 'works_150k':
      return works && f.estimatedValueCents >= f.limits.soaWorksFromCents;
    case 'works_lt150k':
      return works && f.estimatedValueCents < f.limits.soaWorksFromCents;
    case 'sf':
      return !works;
    case 'sia':
      return f.sia;
    case 'above_eu':
      return f.aboveEuThreshold;
    case 'over_150k':
      return f.estimatedValueCents > f.limits.antimafiaAboveCents;
    case 'multiple_offers':
      return f.bidders > 1;
    case 'employees_15':
      return f.employees === null || f.employees >= 15;
    case 'employees_50':
      return f.employees === null || f.employees > 50;
    default:
      return false;
  }
}

/**
 * The catalogue entries that apply to an operator in a procedure, in catalogue order. Checks that depend on
 * what the tender documents ask (`when_required`) are always listed: the officer marks them not relevant.
 */
export function applicableChecks<T extends CatalogueEntry>(catalogue: readonly T[], facts: CheckFacts): T[] {
  return catalogue.filter((c) => c.scope.split(',').some((s) => scopeApplies(s, facts)));
}

/**
 * The last day a certificate issued on `issuedOn` is valid: `validityDays` calendar days later. Null when the
 * check is not time-bound (no validity) or is consulted at the verification itself (0 days).
 */
export function validUntilOf(issuedOn: string, validityDays: number | null): string | null {
  if (validityDays === null || validityDays <= 0) return null;
  return addDays(issuedOn, validityDays);
}

export type OverallResult = 'incomplete' | 'regolare' | 'irregolare' | 'scaduto';

export interface CheckState {
  operatorId: string;
  outcome: CheckOutcome;
  validUntil: string | null;
}

/** A positive certificate past its last valid day (`today` is a Rome date). */
export const isExpired = (i: Pick<CheckState, 'outcome' | 'validUntil'>, today: string) => i.outcome === 'regolare' && !!i.validUntil && i.validUntil < today;
/** A positive certificate valid today whose last day is within `EXPIRING_DAYS`. */
export const isExpiring = (i: Pick<CheckState, 'outcome' | 'validUntil'>, today: string) =>
  i.outcome === 'regolare' && !!i.validUntil && i.validUntil >= today && daysBetween(today, i.validUntil) <= EXPIRING_DAYS;

/**
 * The overall result of one operator's checklist: incomplete while an item is pending (or there is none),
 * else irregolare if an item is, else scaduto if a positive certificate has expired, else regolare.
 */
export function overallOf(items: readonly Omit<CheckState, 'operatorId'>[], today: string): OverallResult {
  if (items.length === 0 || items.some((i) => i.outcome === 'pending')) return 'incomplete';
  if (items.some((i) => i.outcome === 'irregolare')) return 'irregolare';
  if (items.some((i) => isExpired(i, today))) return 'scaduto';
  return 'regolare';
}

/** The overall result per operator, in the order operators first appear. */
export function summarizeChecks(items: readonly CheckState[], today: string): { operatorId: string; result: OverallResult }[] {
  const groups = new Map<string, CheckState[]>();
  for (const i of items) groups.set(i.operatorId, [...(groups.get(i.operatorId) ?? []), i]);
  return [...groups].map(([operatorId, list]) => ({ operatorId, result: overallOf(list, today) }));
}

/** The expiry warnings an item needs at `today` and has not had: 'expiring' (30 days before) and 'expired'. */
export function alertsDue(i: Pick<CheckState, 'outcome' | 'validUntil'> & { alerts: readonly string[] }, today: string): ('expiring' | 'expired')[] {
  if (i.outcome !== 'regolare' || !i.validUntil) return [];
  const sent = new Set(i.alerts);
  if (isExpired(i, today)) return sent.has('expired') ? [] : ['expired'];
  if (isExpiring(i, today) && !sent.has('expiring')) return ['expiring'];
  return [];
}
