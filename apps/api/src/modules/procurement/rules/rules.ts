/**
 * Dated procurement rules (thresholds, bands, day limits) and the rule book valid on one date.
 * Money stays exact: decimal strings are read into integer cents.
 */

export interface RuleValue {
  key: string;
  /** Exact decimal string, e.g. "216000.00". */
  value: string;
  unit: 'EUR' | 'days' | 'percent' | 'count';
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
  noteIt: string;
  noteEn: string;
}

/** The keys the advisor reads; a date without all of them has no usable rule book. */
export const REQUIRED_RULE_KEYS = [
  'EU_WORKS', 'EU_SF_SUBCENTRAL', 'EU_SF_CENTRAL', 'EU_SOCIAL',
  'AD_MICRO_MAX', 'AD_SELF_DECLARATION_MAX', 'AD_WORKS_MAX', 'AD_SF_MAX', 'NEG5_WORKS_MAX',
  'NEG_WORKS_MIN_OPERATORS_LOW', 'NEG_WORKS_MIN_OPERATORS_HIGH', 'NEG_SF_MIN_OPERATORS',
  'QUAL_FREE_SF_MAX', 'QUAL_FREE_WORKS_MAX', 'SUA_SF3_MAX', 'SUA_SF2_MAX', 'SUA_L3_MAX',
  'OEPV_MANDATORY_MIN', 'PRICE_CAP_LABOUR_PERCENT',
  'STANDSTILL_DAYS', 'MIN_DAYS_APERTA', 'MIN_DAYS_RISTRETTA_OFFERS', 'MIN_DAYS_COMPETITIVA', 'MIN_DAYS_DIALOGO',
  'MIN_DAYS_PARTENARIATO', 'STIPULA_DAYS_ABOVE', 'STIPULA_DAYS_BELOW', 'OFFER_VALIDITY_DAYS',
] as const;
export type RequiredRuleKey = (typeof REQUIRED_RULE_KEYS)[number];

export interface RuleBook {
  /** The date the book was built for (YYYY-MM-DD). */
  date: string;
  /** The latest validFrom among the rows picked: the rules are unchanged since that day. */
  validFrom: string;
  rows: ReadonlyMap<string, RuleValue>;
  /** The row for a key; throws RuleBookError when the book has none. */
  get(key: string): RuleValue;
  /** An EUR value in integer cents. */
  cents(key: string): number;
  /** A days, count or percent value as an integer. */
  int(key: string): number;
}

export type RuleBookErrorCode = 'RULE_MISSING' | 'RULE_OVERLAP' | 'RULE_BAD_DATE' | 'RULE_BAD_VALUE';

/** Raised when the rules cannot answer for a date: which keys, and why. */
export class RuleBookError extends Error {
  readonly code: RuleBookErrorCode;
  readonly date: string;
  readonly keys: string[];
  constructor(code: RuleBookErrorCode, date: string, keys: string[], message: string) {
    super(message);
    this.name = 'RuleBookError';
    this.code = code;
    this.date = date;
    this.keys = keys;
  }
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** "216000.00" → 21600000; rejects anything but a plain non-negative decimal with at most two decimals. */
export function decimalToCents(value: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Euros as the API carries them (max two decimals) → integer cents, without float drift. */
export function eurosToCents(euros: number): number {
  return Math.round(euros * 100);
}

/**
 * Picks for each key the row valid on `date` (validFrom ≤ date ≤ validTo, open end when validTo is null).
 * Throws RuleBookError RULE_MISSING listing every required key without a row, RULE_OVERLAP when two rows of a key
 * are valid on the same day.
 */
export function rulesAt(all: readonly RuleValue[], date: string, required: readonly string[] = REQUIRED_RULE_KEYS): RuleBook {
  if (!isIsoDate(date)) throw new RuleBookError('RULE_BAD_DATE', date, [], `Not a calendar date (YYYY-MM-DD): "${date}"`);
  const rows = new Map<string, RuleValue>();
  const overlapping = new Set<string>();
  for (const row of all) {
    // ISO dates compare correctly as strings
    if (row.validFrom > date || (row.validTo !== null && row.validTo < date)) continue;
    if (rows.has(row.key)) overlapping.add(row.key);
    rows.set(row.key, row);
  }
  if (overlapping.size > 0) {
    const keys = [...overlapping].sort();
    throw new RuleBookError('RULE_OVERLAP', date, keys, `More than one rule valid on ${date} for: ${keys.join(', ')}`);
  }
  const missing = required.filter((k) => !rows.has(k));
  if (missing.length > 0) {
    throw new RuleBookError('RULE_MISSING', date, missing, `No rule valid on ${date} for: ${missing.join(', ')}`);
  }
  const validFrom = [...rows.values()].reduce((latest, r) => (r.validFrom > latest ? r.validFrom : latest), '0000-01-01');

  const get = (key: string): RuleValue => {
    const row = rows.get(key);
    if (!row) throw new RuleBookError('RULE_MISSING', date, [key], `No rule valid on ${date} for: ${key}`);
    return row;
  };
  return {
    date,
    validFrom,
    rows,
    get,
    cents(key) {
      const row = get(key);
      const cents = row.unit === 'EUR' ? decimalToCents(row.value) : null;
      if (cents === null) throw new RuleBookError('RULE_BAD_VALUE', date, [key], `Rule ${key} is not an amount in euros: "${row.value}" ${row.unit}`);
      return cents;
    },
    int(key) {
      const row = get(key);
      // the database keeps two decimals: 32.00 is the whole number 32
      if (row.unit === 'EUR' || !/^\d+(\.0+)?$/.test(row.value)) {
        throw new RuleBookError('RULE_BAD_VALUE', date, [key], `Rule ${key} is not a whole number of ${row.unit}: "${row.value}"`);
      }
      return Number(row.value);
    },
  };
}
