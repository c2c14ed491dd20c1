/**
 * Format checks for the identifiers of a procurement file. Each answers null when the value is well formed,
 * otherwise a code and an English message (the web app translates by code).
 */
export interface ValidationIssue {
  code: string;
  message: string;
}

const issue = (code: string, message: string): ValidationIssue => ({ code, message });

/**
 * CUP (codice unico di progetto, L. 3/2003 art. 11; delibere CIPE 143/2002 and 24/2004): 15 characters assigned by the
 * DIPE system, e.g. "C11G06000000001" / "J51B21005020006". Structure: one letter, two digits, one letter (codes of the
 * responsible body and of the project's classification), two digits for the year of the decision, nine digits for the
 * progressive number and control characters. The control characters are computed by the DIPE system with an
 * unpublished rule, so only the format is checked here; existence is checked on OpenCUP.
 */
export function checkCup(s: string): ValidationIssue | null {
  if (s.length !== 15) return issue('CUP_LENGTH', 'A CUP has exactly 15 characters');
  if (!/^[A-Z]\d{2}[A-Z]\d{11}$/.test(s)) {
    return issue('CUP_FORMAT', 'A CUP is a letter, two digits, a letter and eleven digits (uppercase)');
  }
  return null;
}

/**
 * CIG (codice identificativo gara, L. 136/2010 art. 3; assigned by ANAC's PCP for every lot): 10 uppercase
 * alphanumeric characters. ANAC does not publish a check algorithm, so only the format is checked.
 */
export function checkCig(s: string): ValidationIssue | null {
  if (s.length !== 10) return issue('CIG_LENGTH', 'A CIG has exactly 10 characters');
  if (!/^[0-9A-Z]{10}$/.test(s)) return issue('CIG_FORMAT', 'A CIG has only digits and uppercase letters');
  return null;
}

/** Partita IVA check digit (DPR 633/1972 art. 35; DM 23.12.1976): Luhn on the first ten digits. */
function partitaIvaCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

export function checkPartitaIva(s: string): ValidationIssue | null {
  if (!/^\d{11}$/.test(s)) return issue('PIVA_FORMAT', 'A partita IVA has exactly 11 digits');
  if (/^0{11}$/.test(s)) return issue('PIVA_FORMAT', 'A partita IVA cannot be all zeros');
  if (partitaIvaCheckDigit(s.slice(0, 10)) !== Number(s[10])) {
    return issue('PIVA_CHECK_DIGIT', 'The check digit of the partita IVA does not match');
  }
  return null;
}

/** Values of the characters in odd positions (1st, 3rd, …) for the CF check character (DM 23.12.1976). */
const CF_ODD: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};
/** Omocodia: letters that replace digits 0-9 in the numeric positions when two people share a code. */
const OMOCODIA = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';

/** The check character of a 16-character personal codice fiscale, from its first 15 characters. */
export function codiceFiscaleCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!;
    // positions are counted from 1: index 0 is an odd position
    if (i % 2 === 0) sum += CF_ODD[c] ?? 0;
    else sum += /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/**
 * Codice fiscale (DPR 605/1973): either 16 characters for a person — surname (3 letters), name (3), year (2),
 * month (letter), day (2, +40 for women), municipality (letter + 3), check letter; the digits may be replaced by the
 * omocodia letters L M N P Q R S T U V — or 11 digits for a legal person, with the partita IVA check digit.
 */
export function checkCodiceFiscale(s: string): ValidationIssue | null {
  if (/^\d{11}$/.test(s)) {
    const p = checkPartitaIva(s);
    return p ? issue(p.code === 'PIVA_CHECK_DIGIT' ? 'CF_CHECK_DIGIT' : 'CF_FORMAT', p.message.replace('partita IVA', 'numeric codice fiscale')) : null;
  }
  if (s.length !== 16) return issue('CF_LENGTH', 'A codice fiscale has 16 characters (person) or 11 digits (legal person)');
  const digit = `[0-9${OMOCODIA}]`;
  const shape = new RegExp(`^[A-Z]{6}${digit}{2}[${MONTHS}]${digit}{2}[A-Z]${digit}{3}[A-Z]$`);
  if (!shape.test(s)) return issue('CF_FORMAT', 'The codice fiscale does not have the shape of a personal code');
  // the day (positions 10-11) is 1-31 for men and 41-71 for women, after undoing omocodia
  const plain = (c: string) => (/\d/.test(c) ? c : String(OMOCODIA.indexOf(c)));
  const day = Number(plain(s[9]!) + plain(s[10]!));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return issue('CF_FORMAT', 'The day of birth in the codice fiscale is not valid');
  if (codiceFiscaleCheckChar(s.slice(0, 15)) !== s[15]) {
    return issue('CF_CHECK_DIGIT', 'The check character of the codice fiscale does not match');
  }
  return null;
}

/** The 45 divisions of the CPV 2008 main vocabulary (Regulation (EC) 213/2008, Annex I). */
export const CPV_DIVISIONS = [
  '03', '09', '14', '15', '16', '18', '19', '22', '24', '30', '31', '32', '33', '34', '35', '37', '38', '39',
  '41', '42', '43', '44', '45', '48', '50', '51', '55', '60', '63', '64', '65', '66', '70', '71', '72', '73',
  '75', '76', '77', '79', '80', '85', '90', '92', '98',
] as const;

/**
 * CPV codes: format and division. The Regulation prints a check digit after the hyphen but publishes no formula,
 * and no weighting found reproduces every published code (e.g. 09310000-5): the digit is kept as written, not
 * checked, so that no real code is ever refused.
 */
export function checkCpv(s: string): ValidationIssue | null {
  if (!/^\d{8}-\d$/.test(s)) return issue('CPV_FORMAT', 'A CPV code is written as eight digits, a hyphen and a check digit (NNNNNNNN-N)');
  if (!(CPV_DIVISIONS as readonly string[]).includes(s.slice(0, 2))) {
    return issue('CPV_DIVISION', 'The first two digits are not a division of the CPV 2008 vocabulary');
  }
  return null;
}
