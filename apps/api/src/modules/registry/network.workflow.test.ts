import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { CONVENTION_FLOW, PROTOCOL_FLOW, addDays, assertNotFuture, assertTransition, isExpiring, todayInRome } from './network.workflow.js';

describe('network workflows', () => {
  it('moves a protocol draft → sent → signed | declined, never out of signed', () => {
    expect(() => assertTransition(PROTOCOL_FLOW, 'draft', 'sent')).not.toThrow();
    expect(() => assertTransition(PROTOCOL_FLOW, 'sent', 'signed')).not.toThrow();
    expect(() => assertTransition(PROTOCOL_FLOW, 'sent', 'declined')).not.toThrow();
    expect(() => assertTransition(PROTOCOL_FLOW, 'draft', 'signed')).toThrow(AppError);
    expect(() => assertTransition(PROTOCOL_FLOW, 'signed', 'draft')).toThrow(AppError);
  });

  it('answers 409 invalid_transition with the allowed next states', () => {
    try {
      assertTransition(CONVENTION_FLOW, 'draft', 'expired');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ status: 409, code: 'invalid_transition', details: { from: 'draft', to: 'expired', allowed: ['active', 'withdrawn'] } });
    }
  });

  it('counts the day in Rome, across the DST change and at midnight UTC', () => {
    expect(todayInRome(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(todayInRome(new Date('2026-10-25T22:30:00Z'))).toBe('2026-10-25');
    expect(todayInRome(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('refuses dates in the future with the field path', () => {
    expect(() => assertNotFuture('date', '2026-11-26', '2026-11-26')).not.toThrow();
    expect(() => assertNotFuture('date', '2026-11-27', '2026-11-26')).toThrow(expect.objectContaining({ status: 400, details: { issues: [expect.objectContaining({ path: 'body.date' })] } }));
  });

  it('flags an active convention as expiring in the 60 days before its end', () => {
    expect(isExpiring('active', '2027-01-20', '2026-11-26')).toBe(true);
    expect(isExpiring('active', '2027-01-26', '2026-11-26')).toBe(false);
    expect(isExpiring('active', null, '2026-11-26')).toBe(false);
    expect(isExpiring('draft', '2026-12-01', '2026-11-26')).toBe(false);
    expect(isExpiring('active', '2026-11-25', '2026-11-26')).toBe(false);
  });
});
