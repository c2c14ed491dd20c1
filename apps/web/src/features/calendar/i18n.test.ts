import { describe, expect, it } from 'vitest';
import { calendarResources } from './i18n';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('calendar locales', () => {
  it('English has exactly the Italian keys in the calendar namespace (loaded with its page)', () => {
    expect(keys(calendarResources.en).sort()).toEqual(keys(calendarResources.it).sort());
  });
});
