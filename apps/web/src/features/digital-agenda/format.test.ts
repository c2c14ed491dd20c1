import { describe, expect, it } from 'vitest';
import { formatAggregate, formatShare, formatValue } from './format';

describe('indicator formats', () => {
  it('writes booleans as yes/no and their aggregates as shares', () => {
    expect(formatValue(1, 'boolean', 'it', ['Sì', 'No'])).toBe('Sì');
    expect(formatValue(0, 'boolean', 'it', ['Sì', 'No'])).toBe('No');
    expect(formatAggregate(0.8456, 'boolean', 'it')).toBe('84,6%');
  });
  it('uses the decimal comma in Italian and the point in English', () => {
    expect(formatValue(72.5, 'percent', 'it', ['', ''])).toBe('72,5%');
    expect(formatValue(72.5, 'percent', 'en', ['', ''])).toBe('72.5%');
    expect(formatShare(null, 'it')).toBe('–');
  });
});
