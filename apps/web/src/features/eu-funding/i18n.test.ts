import { describe, expect, it } from 'vitest';
import { ApplicantTypes, CostCategories, FundingSources, ProjectStates, Themes } from '@app/contracts';
import { euFundingResources } from './i18n';
import { romeInstant } from './CallPages';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('eu-funding locales', () => {
  it('English has exactly the Italian keys (the namespace is loaded with the SAPE pages)', () => {
    expect(keys(euFundingResources.en).sort()).toEqual(keys(euFundingResources.it).sort());
  });
  it('names every life-cycle state, theme, applicant type, cost category and source of the contract', () => {
    for (const lng of ['it', 'en'] as const) {
      const r = euFundingResources[lng];
      expect(Object.keys(r.states).sort(), lng).toEqual([...ProjectStates].sort());
      expect(Object.keys(r.themes).sort(), lng).toEqual([...Themes].sort());
      expect(Object.keys(r.applicants).sort(), lng).toEqual([...ApplicantTypes].sort());
      expect(Object.keys(r.categories).sort(), lng).toEqual([...CostCategories].sort());
      expect(Object.keys(r.sources).sort(), lng).toEqual([...FundingSources].sort());
    }
  });
});

describe('deadlines typed in the form', () => {
  it('are read in Rome time with the offset of their day (winter +01:00, summer +02:00)', () => {
    expect(romeInstant('2026-01-15', '17:00')).toBe('2026-01-15T17:00:00+01:00');
    expect(romeInstant('2026-06-30', '23:59')).toBe('2026-06-30T23:59:00+02:00');
  });
});
