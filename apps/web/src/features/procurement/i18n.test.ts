import { describe, expect, it } from 'vitest';
import { ProcedureCodes, ProcedureStates } from '@app/contracts';
import { procurementResources } from './i18n';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('procurement locales', () => {
  it('English has exactly the Italian keys in the procurement namespace (loaded with its pages)', () => {
    expect(keys(procurementResources.en).sort()).toEqual(keys(procurementResources.it).sort());
  });

  it('names every state, move and procedure of the contract in both languages', () => {
    for (const lng of ['it', 'en'] as const) {
      const r = procurementResources[lng];
      expect(Object.keys(r.states).sort(), lng).toEqual([...ProcedureStates].sort());
      expect(Object.keys(r.actions).sort(), lng).toEqual([...ProcedureStates].sort());
      expect(Object.keys(r.procedure_codes).sort(), lng).toEqual([...ProcedureCodes].sort());
    }
  });
});
