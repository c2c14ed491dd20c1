import { describe, expect, it } from 'vitest';
import { CPV_DIVISIONS, checkCig, checkCpv, checkCup } from './validators.js';

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
