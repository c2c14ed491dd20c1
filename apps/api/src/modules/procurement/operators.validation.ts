/** Checks of Italian tax identifiers: codice fiscale (people and legal persons) and partita IVA. */

export interface TaxIdProblem {
  code: 'invalid_format' | 'invalid_check_digit' | 'invalid_date';
  message: string;
}

/** Letters that replace the digits of a codice fiscale in case of omocodia (0 → L … 9 → V). */
const OMOCODIA = 'LMNPQRSTUV';
/** Positions (0-based) of a person's codice fiscale that hold digits, or their omocodia letters. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const PERSON = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
/** Values of the characters in odd positions (1st, 3rd, …): digits and letters share the table. */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

const valueOf = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** The check character of the first 15 characters of a person's codice fiscale. */
export function personCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = valueOf(first15[i]!);
    sum += i % 2 === 0 ? ODD[v]! : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The check digit of the first 10 digits of a partita IVA or of a legal person's codice fiscale (Luhn). */
export function numericCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

function checkNumeric(s: string, what: string): TaxIdProblem | null {
  if (/^0{11}$/.test(s)) return { code: 'invalid_format', message: `${what} non valido` };
  if (numericCheckDigit(s.slice(0, 10)) !== s.charCodeAt(10) - 48) {
    return { code: 'invalid_check_digit', message: `${what}: la cifra di controllo non corrisponde` };
  }
  return null;
}

/**
 * A codice fiscale: 16 characters for a person (with the check character, omocodia letters allowed in the
 * digit positions, a possible birth day — women add 40) or 11 digits for a legal person (with its check
 * digit). Answers null when valid. Spaces and case are ignored.
 */
export function checkCodiceFiscale(input: string): TaxIdProblem | null {
  const s = input.replace(/\s+/g, '').toUpperCase();
  if (/^\d{11}$/.test(s)) return checkNumeric(s, 'Codice fiscale');
  if (s.length !== 16 || !PERSON.test(s)) {
    return { code: 'invalid_format', message: 'Il codice fiscale ha 16 caratteri (persona fisica) o 11 cifre (persona giuridica)' };
  }
  if (personCheckChar(s.slice(0, 15)) !== s[15]) {
    return { code: 'invalid_check_digit', message: 'Codice fiscale: il carattere di controllo non corrisponde' };
  }
  const digits = s.split('');
  for (const p of DIGIT_POSITIONS) {
    const k = OMOCODIA.indexOf(digits[p]!);
    if (k >= 0) digits[p] = String(k);
  }
  const day = Number(digits[9]! + digits[10]!);
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return { code: 'invalid_date', message: 'Codice fiscale: il giorno di nascita non è valido' };
  }
  return null;
}

/** A partita IVA: 11 digits with the check digit. Answers null when valid. */
export function checkPartitaIva(input: string): TaxIdProblem | null {
  const s = input.replace(/\s+/g, '');
  if (!/^\d{11}$/.test(s)) return { code: 'invalid_format', message: 'La partita IVA ha 11 cifre' };
  return checkNumeric(s, 'Partita IVA');
}
