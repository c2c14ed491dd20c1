/**
 * Pure rules of the SAPE module: call status and eligibility, co-financing balance, reporting sums and the
 * spending curve. Money is handled in integer cents; the API speaks euros with two decimals.
 */
import type { CallStatus } from '@app/contracts';

// ---------------------------------------------------------------- money

/** Cents of an amount given as a number of euros or as the exact decimal text the database returns. */
export function toCents(v: number | string): number {
  if (typeof v === 'number') return Math.round(v * 100);
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(v.trim());
  if (!m) throw new Error(`Not an amount: ${v}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
/** The exact decimal text of cents (for numeric(14,2)). */
export const centsToDecimal = (c: number) => {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};
export const centsToEuro = (c: number) => Number(centsToDecimal(c));
export const sumCents = (xs: readonly (number | string)[]) => xs.reduce<number>((s, x) => s + toCents(x), 0);

// ---------------------------------------------------------------- calls

/** Forthcoming before it opens, open from the opening instant to the last deadline (both included), then closed. */
export function callStatus(opensAt: Date, closesAt: Date, now: Date): CallStatus {
  if (now.getTime() < opensAt.getTime()) return 'forthcoming';
  if (now.getTime() <= closesAt.getTime()) return 'open';
  return 'closed';
}

export interface CallEligibility {
  enteTypes: readonly string[];
  minPopulation?: number | null;
  maxPopulation?: number | null;
  /** ISTAT region codes; empty = everywhere. */
  territory?: readonly string[];
}
export interface Applicant {
  type: string;
  population: number | null;
  regionIstatCode: string | null;
}
export type IneligibilityReason = 'ente_type' | 'population_below' | 'population_above' | 'population_unknown' | 'territory';

/**
 * Why an ente may not apply to a call (empty when it may): its type must be listed, its population within the limits
 * (both included; an unknown population fails any limit), and its region within the call's territory when one is set.
 */
export function ineligibility(call: CallEligibility, who: Applicant): IneligibilityReason[] {
  const out: IneligibilityReason[] = [];
  if (!call.enteTypes.includes(who.type)) out.push('ente_type');
  const min = call.minPopulation ?? null;
  const max = call.maxPopulation ?? null;
  const pop = who.population;
  if ((min !== null || max !== null) && pop === null) out.push('population_unknown');
  else if (pop !== null) {
    if (min !== null && pop < min) out.push('population_below');
    if (max !== null && pop > max) out.push('population_above');
  }
  if (call.territory && call.territory.length > 0 && (!who.regionIstatCode || !call.territory.includes(who.regionIstatCode))) out.push('territory');
  return out;
}
export const isEligible = (call: CallEligibility, who: Applicant) => ineligibility(call, who).length === 0;

/** A call matches declared interests when it shares a theme with them; no declared interest matches every call. */
export const matchesInterests = (topics: readonly string[], interests: readonly string[] | null) =>
  !interests || interests.length === 0 || topics.some((t) => interests.includes(t));

// ---------------------------------------------------------------- project money

export interface MoneyIssue {
  path: string;
  message: string;
}

/**
 * The co-financing must cover the budget exactly: the sum of the sources equals the sum of the cost categories.
 * An empty plan (no lines at all) is allowed while the project is an idea.
 */
export function checkCofinancing(budget: readonly { amount: number | string }[], cofinancing: readonly { amount: number | string }[]): MoneyIssue[] {
  if (budget.length === 0 && cofinancing.length === 0) return [];
  const b = sumCents(budget.map((l) => l.amount));
  const c = sumCents(cofinancing.map((l) => l.amount));
  if (b === c) return [];
  return [{ path: 'cofinancing', message: `Co-financing totals ${centsToDecimal(c)} but the budget is ${centsToDecimal(b)}` }];
}

export interface ExpenditureFacts {
  amount: number | string;
  eligible: boolean;
  date: string;
  claimId: string | null;
}
export interface ClaimFacts {
  amount: number | string;
  receivedAmount: number | string | null;
}

/** Reporting totals in cents: spent, eligible, claimed, received and what remains of the budget (budget − eligible). */
export function reportingTotals(budget: number | string, expenditures: readonly ExpenditureFacts[], claims: readonly ClaimFacts[]) {
  const spent = sumCents(expenditures.map((e) => e.amount));
  const eligible = sumCents(expenditures.filter((e) => e.eligible).map((e) => e.amount));
  const claimed = sumCents(claims.map((c) => c.amount));
  const received = sumCents(claims.filter((c) => (c.receivedAmount ?? null) !== null).map((c) => c.receivedAmount!));
  return { budget: toCents(budget), spent, eligible, claimed, received, remaining: toCents(budget) - eligible };
}

/**
 * The amount of a claim: the eligible expenditures among those chosen, each claimed once. Answers the issues when an
 * expenditure is not eligible, already in a claim or not of the project.
 */
export function claimAmount(chosen: readonly string[], expenditures: ReadonlyMap<string, ExpenditureFacts>): { cents: number; issues: MoneyIssue[] } {
  const issues: MoneyIssue[] = [];
  let cents = 0;
  const seen = new Set<string>();
  chosen.forEach((id, i) => {
    const e = expenditures.get(id);
    if (!e) issues.push({ path: `expenditureIds.${i}`, message: 'Not an expenditure of this project' });
    else if (seen.has(id)) issues.push({ path: `expenditureIds.${i}`, message: 'Listed twice' });
    else if (!e.eligible) issues.push({ path: `expenditureIds.${i}`, message: 'Not eligible' });
    else if (e.claimId) issues.push({ path: `expenditureIds.${i}`, message: 'Already in a claim' });
    else cents += toCents(e.amount);
    seen.add(id);
  });
  return { cents, issues };
}

/** Planned and actual cumulative spending month by month (YYYY-MM), over the union of planned and actual months. */
export function spendingCurve(plan: readonly { month: string; amount: number | string }[], expenditures: readonly { date: string; amount: number | string }[]) {
  const planned = new Map<string, number>();
  const actual = new Map<string, number>();
  for (const p of plan) planned.set(p.month, (planned.get(p.month) ?? 0) + toCents(p.amount));
  for (const e of expenditures) {
    const m = e.date.slice(0, 7);
    actual.set(m, (actual.get(m) ?? 0) + toCents(e.amount));
  }
  const months = [...new Set([...planned.keys(), ...actual.keys()])].sort();
  let p = 0;
  let a = 0;
  return months.map((month) => {
    p += planned.get(month) ?? 0;
    a += actual.get(month) ?? 0;
    return { month, planned: p, actual: a };
  });
}

/** Success rate in percent with two decimals: funded among decided applications; null when none was decided. */
export function successRate(funded: number, rejected: number): number | null {
  const decided = funded + rejected;
  return decided === 0 ? null : Math.round((funded / decided) * 10_000) / 100;
}
