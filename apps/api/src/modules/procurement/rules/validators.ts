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

/* Codice fiscale and partita IVA: see ../operators.validation.ts. */

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
