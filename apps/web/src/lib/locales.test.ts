import { describe, expect, it } from 'vitest';
import { documentsResources } from '../features/documents/i18n';
import { networkResources } from '../features/network/i18n';
import { requestsResources } from '../features/requests/i18n';
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

  it('English has exactly the Italian keys in the network namespace (loaded with its pages)', () => {
    expect(keys(networkResources.en).sort()).toEqual(keys(networkResources.it).sort());
  });

  it('English has exactly the Italian keys in the documents namespace (loaded with its pages)', () => {
    expect(keys(documentsResources.en).sort()).toEqual(keys(documentsResources.it).sort());
  });

  it('English has exactly the Italian keys in the requests namespace (loaded with its pages)', () => {
    expect(keys(requestsResources.en).sort()).toEqual(keys(requestsResources.it).sort());
  });
});
