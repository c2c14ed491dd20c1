import { describe, expect, it } from 'vitest';
import { checkCodiceFiscale, checkPartitaIva, numericCheckDigit, personCheckChar } from './operators.validation.js';

describe('codice fiscale of a person', () => {
  it('accepts well-known valid codes, whatever the case and spacing', () => {
    expect(checkCodiceFiscale('RSSMRA85T10A562S')).toBeNull();
    expect(checkCodiceFiscale('MRTMTT25D09F205Z')).toBeNull();
    expect(checkCodiceFiscale(' rssmra85t10a562s ')).toBeNull();
  });

  it('computes the check character from the odd and even position tables', () => {
    expect(personCheckChar('RSSMRA85T10A562')).toBe('S');
    expect(personCheckChar('MRTMTT25D09F205')).toBe('Z');
  });

  it('accepts omocodia letters in the digit positions with their own check character', () => {
    // the last digit 2 of the municipality code replaced by N, the year's 5 by R
    expect(checkCodiceFiscale('RSSMRA85T10A56NH')).toBeNull();
    expect(checkCodiceFiscale('MRTMTT25D09F20RU')).toBeNull();
  });

  it('accepts a woman’s birth day (day + 40)', () => {
    expect(checkCodiceFiscale('BNCLRA90A41H501F')).toBeNull();
  });

  it('rejects a wrong check character', () => {
    expect(checkCodiceFiscale('RSSMRA85T10A562T')).toMatchObject({ code: 'invalid_check_digit' });
    expect(checkCodiceFiscale('RSSMRA85T10A56NS')).toMatchObject({ code: 'invalid_check_digit' });
  });

  it('rejects a letter that is not an omocodia letter, a bad month letter, and wrong lengths', () => {
    expect(checkCodiceFiscale('RSSMRA85T10A56AS')).toMatchObject({ code: 'invalid_format' });
    expect(checkCodiceFiscale('RSSMRA85F10A562S')).toMatchObject({ code: 'invalid_format' });
    expect(checkCodiceFiscale('RSSMRA85T10A562')).toMatchObject({ code: 'invalid_format' });
    expect(checkCodiceFiscale('RSSMRA85T10A562SX')).toMatchObject({ code: 'invalid_format' });
    expect(checkCodiceFiscale('')).toMatchObject({ code: 'invalid_format' });
  });

  it('rejects an impossible birth day even with a matching check character', () => {
    const first15 = 'RSSMRA85T35A562';
    expect(checkCodiceFiscale(first15 + personCheckChar(first15))).toMatchObject({ code: 'invalid_date' });
    const zero = 'RSSMRA85T00A562';
    expect(checkCodiceFiscale(zero + personCheckChar(zero))).toMatchObject({ code: 'invalid_date' });
  });
});

describe('codice fiscale of a legal person and partita IVA', () => {
  it('computes the Luhn-style check digit', () => {
    expect(numericCheckDigit('1234567890')).toBe(3);
    expect(numericCheckDigit('0111460100')).toBe(6);
  });

  it('accepts 11 digits with the right check digit', () => {
    expect(checkCodiceFiscale('80016350821')).toBeNull();
    expect(checkPartitaIva('01114601006')).toBeNull();
    expect(checkPartitaIva('12345678903')).toBeNull();
  });

  it('rejects a wrong check digit', () => {
    expect(checkCodiceFiscale('80016350822')).toMatchObject({ code: 'invalid_check_digit' });
    expect(checkPartitaIva('12345678904')).toMatchObject({ code: 'invalid_check_digit' });
  });

  it('rejects all zeros, letters and wrong lengths', () => {
    expect(checkPartitaIva('00000000000')).toMatchObject({ code: 'invalid_format' });
    expect(checkCodiceFiscale('00000000000')).toMatchObject({ code: 'invalid_format' });
    expect(checkPartitaIva('1234567890')).toMatchObject({ code: 'invalid_format' });
    expect(checkPartitaIva('1234567890A')).toMatchObject({ code: 'invalid_format' });
  });
});
