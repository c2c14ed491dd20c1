import { describe, expect, it } from 'vitest';
import { resources } from './i18n';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  it('English has exactly the Italian keys in every namespace', () => {
    for (const ns of Object.keys(resources.it) as Array<keyof typeof resources.it>) {
      expect(keys(resources.en[ns]).sort(), ns).toEqual(keys(resources.it[ns]).sort());
    }
  });
});
