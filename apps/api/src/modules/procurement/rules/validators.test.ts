import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CPV_DIVISIONS, checkCig, checkCodiceFiscale, checkCpv, checkCup, checkPartitaIva, codiceFiscaleCheckChar } from './validators.js';

const code = (r: { code: string } | null) => r?.code ?? null;

describe('checkCup', () => {
  it('accepts CUPs shaped as issued by the DIPE system', () => {
    for (const cup of ['C11G06000000001', 'J51B21005020006', 'E13D21000820001', 'G17H03000130001']) expect(checkCup(cup)).toBeNull();
  });

  it('rejects wrong lengths, lowercase and letters out of place', () => {
    expect(code(checkCup('C11G0600000000'))).toBe('CUP_LENGTH');
    expect(code(checkCup('c11g06000000001'))).toBe('CUP_FORMAT');
    expect(code(checkCup('111G06000000001'))).toBe('CUP_FORMAT');
    expect(code(checkCup('C11G0600000000A'))).toBe('CUP_FORMAT');
  });
});

describe('checkCig', () => {
  it('accepts ten uppercase letters and digits', () => {
    for (const cig of ['8765432ABC', 'A01B2C3D4E', 'Z1A2B3C4D5']) expect(checkCig(cig)).toBeNull();
  });

  it('rejects other lengths, lowercase and symbols', () => {
    expect(code(checkCig('8765432AB'))).toBe('CIG_LENGTH');
    expect(code(checkCig('8765432abc'))).toBe('CIG_FORMAT');
    expect(code(checkCig('8765432-BC'))).toBe('CIG_FORMAT');
  });
});

describe('checkPartitaIva', () => {
  it('accepts real partite IVA', () => {
    for (const p of ['00488410010', '02438750586', '12345678903']) expect(checkPartitaIva(p)).toBeNull();
  });

  it('rejects a wrong check digit, wrong lengths and all zeros', () => {
    expect(code(checkPartitaIva('00488410011'))).toBe('PIVA_CHECK_DIGIT');
    expect(code(checkPartitaIva('0048841001'))).toBe('PIVA_FORMAT');
    expect(code(checkPartitaIva('IT00488410010'))).toBe('PIVA_FORMAT');
    expect(code(checkPartitaIva('00000000000'))).toBe('PIVA_FORMAT');
  });

  it('detects every change of the check digit and every swap of two different adjacent digits', () => {
    const tenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).filter((d) => d.some((x) => x > 0));
    fc.assert(fc.property(tenDigits, fc.integer({ min: 1, max: 9 }), (digits, shift) => {
      const first10 = digits.join('');
      const check = [...Array(10).keys()].find((c) => checkPartitaIva(first10 + c) === null);
      expect(check).toBeDefined();
      expect(checkPartitaIva(first10 + ((check! + shift) % 10))).not.toBeNull();
    }));
  });
});

describe('checkCodiceFiscale', () => {
  it('accepts personal codes, of women too, and numeric codes of legal persons', () => {
    for (const cf of ['RSSMRA85T10A562S', 'MRTMTT25D09F205Z', 'RSSMRA80A01H501U', '80054330586']) expect(checkCodiceFiscale(cf)).toBeNull();
    const woman = `BNCLRA90A41H501${codiceFiscaleCheckChar('BNCLRA90A41H501')}`;
    expect(checkCodiceFiscale(woman)).toBeNull();
  });

  it('accepts omocodia letters in place of the digits', () => {
    // the last digit of the municipality code 2 becomes N, and the day 10 becomes 1L
    for (const body of ['RSSMRA85T10A56N', 'RSSMRA85T1LA56N']) expect(checkCodiceFiscale(body + codiceFiscaleCheckChar(body))).toBeNull();
  });

  it('rejects a wrong check character, an impossible day or month and other lengths', () => {
    expect(code(checkCodiceFiscale('RSSMRA85T10A562T'))).toBe('CF_CHECK_DIGIT');
    expect(code(checkCodiceFiscale('RSSMRA85T32A562S'))).toBe('CF_FORMAT');
    expect(code(checkCodiceFiscale('RSSMRA85F10A562S'))).toBe('CF_FORMAT');
    expect(code(checkCodiceFiscale('RSSMRA85T10A562'))).toBe('CF_LENGTH');
    expect(code(checkCodiceFiscale('rssmra85t10a562s'))).toBe('CF_FORMAT');
    expect(code(checkCodiceFiscale('80054330587'))).toBe('CF_CHECK_DIGIT');
  });

  it('detects any single changed character of a valid personal code', () => {
    const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const digit = fc.constantFrom(...'0123456789');
    const body = fc.tuple(
      fc.array(letters, { minLength: 6, maxLength: 6 }), digit, digit, fc.constantFrom(...'ABCDEHLMPRST'),
      fc.integer({ min: 1, max: 71 }).filter((d) => d <= 31 || d >= 41), letters, fc.array(digit, { minLength: 3, maxLength: 3 }),
    ).map(([name, y1, y2, m, day, town, townDigits]) => `${name.join('')}${y1}${y2}${m}${String(day).padStart(2, '0')}${town}${townDigits.join('')}`);
    fc.assert(fc.property(body, fc.integer({ min: 0, max: 15 }), fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), (b, at, replacement) => {
      const valid = b + codiceFiscaleCheckChar(b);
      expect(checkCodiceFiscale(valid)).toBeNull();
      fc.pre(valid[at] !== replacement);
      const changed = valid.slice(0, at) + replacement + valid.slice(at + 1);
      expect(checkCodiceFiscale(changed)).not.toBeNull();
    }));
  });
});

describe('checkCpv', () => {
  it('accepts codes of the CPV 2008 vocabulary as published, whatever their check digit', () => {
    for (const cpv of ['09310000-5', '45000000-7', '45233120-6', '72000000-5', '77310000-6', '85000000-9', '34114210-4', '90000000-7', '79000000-4', '03000000-1', '55524000-9']) {
      expect(checkCpv(cpv)).toBeNull();
    }
  });

  it('rejects an unknown division and other shapes', () => {
    expect(code(checkCpv('46000000-0'))).toBe('CPV_DIVISION');
    expect(code(checkCpv('45000000'))).toBe('CPV_FORMAT');
    expect(code(checkCpv('45000000 7'))).toBe('CPV_FORMAT');
  });

  it('lists the 45 divisions once each', () => {
    expect(CPV_DIVISIONS).toHaveLength(45);
    expect(new Set(CPV_DIVISIONS).size).toBe(45);
  });
});
