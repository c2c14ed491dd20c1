import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candidatesDigest, draw, outgoingContractor } from './rotation.js';

const ids = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('verifiable draw of the operators to invite', () => {
  it('gives the same operators to whoever recomputes it, whatever the order of the list', () => {
    const a = draw(ids, 'Lotto nazionale 2026-05-04: 12 45 67 81 90', 5);
    const b = draw([...ids].reverse(), 'Lotto nazionale 2026-05-04: 12 45 67 81 90', 5);
    expect(a).toEqual(b);
    expect(a.drawn).toHaveLength(5);
    expect(new Set(a.drawn).size).toBe(5);
    expect(a.candidatesSha256).toBe(candidatesDigest(ids));
  });

  it('changes with the seed and with the list, so neither can be chosen after the fact', () => {
    expect(draw(ids, 'seduta pubblica 4 maggio 2026 ore 10', 5).drawn).not.toEqual(draw(ids, 'seduta pubblica 4 maggio 2026 ore 11', 5).drawn);
    expect(draw(ids, 's', 5).candidatesSha256).not.toBe(draw(ids.slice(1), 's', 5).candidatesSha256);
  });

  it('draws only candidates, never twice, at most as many as there are', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 40 }), fc.string(), fc.integer({ min: 0, max: 60 }), (list, seed, n) => {
        const r = draw(list, seed, n);
        expect(r.drawn.length).toBe(Math.min(n, list.length));
        expect(new Set(r.drawn).size).toBe(r.drawn.length);
        for (const x of r.drawn) expect(list).toContain(x);
      }),
    );
  });
});

describe('rotation (art. 49)', () => {
  const prev = [
    { operatorId: 'a', cpvMain: '90910000-9', awardedOn: '2025-03-01', procedureNumber: 'SUA-PD-2025-0001' },
    { operatorId: 'b', cpvMain: '90919200-4', awardedOn: '2026-02-01', procedureNumber: 'SUA-PD-2026-0002' },
    { operatorId: 'c', cpvMain: '45000000-7', awardedOn: '2026-04-01', procedureNumber: 'SUA-PD-2026-0003' },
  ];
  it('leaves out the latest awardee of the same CPV division, not those of other sectors', () => {
    expect(outgoingContractor('90911200-8', prev)?.operatorId).toBe('b');
    expect(outgoingContractor('45233140-2', prev)?.operatorId).toBe('c');
    expect(outgoingContractor('30200000-1', prev)).toBeNull();
  });
});
