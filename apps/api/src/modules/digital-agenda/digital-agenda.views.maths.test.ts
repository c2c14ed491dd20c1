import { describe, expect, it } from 'vitest';
import { bestImprovers, fiveNumbers, improvement, quantileSorted } from './digital-agenda.views.maths.js';

describe('five-number summary of a peer group (box plot)', () => {
  it('has no numbers for an empty group', () => {
    expect(fiveNumbers([])).toEqual({ n: 0, min: null, q1: null, median: null, q3: null, max: null });
  });
  it('collapses to the value for a single Comune', () => {
    expect(fiveNumbers([7])).toEqual({ n: 1, min: 7, q1: 7, median: 7, q3: 7, max: 7 });
  });
  it('interpolates between two Comuni: quartiles at a quarter and three quarters of the way', () => {
    // positions 0.25 and 0.75 between 10 and 20
    expect(fiveNumbers([20, 10])).toEqual({ n: 2, min: 10, q1: 12.5, median: 15, q3: 17.5, max: 20 });
  });
  it('takes the middle values of an odd group without interpolation', () => {
    // 1 2 3 4 5: positions 1, 2, 3
    expect(fiveNumbers([5, 1, 4, 2, 3])).toEqual({ n: 5, min: 1, q1: 2, median: 3, q3: 4, max: 5 });
  });
  it('counts tied values once per Comune', () => {
    // 0 0 0 1: q1 at 0.75 → 0, median at 1.5 → 0, q3 at 2.25 → 0 + 0.25·1
    expect(fiveNumbers([0, 1, 0, 0])).toEqual({ n: 4, min: 0, q1: 0, median: 0, q3: 0.25, max: 1 });
    // 50 72.5 72.5: q1 at 0.5 → 61.25, median 72.5, q3 at 1.5 → 72.5
    expect(fiveNumbers([72.5, 50, 72.5])).toEqual({ n: 3, min: 50, q1: 61.25, median: 72.5, q3: 72.5, max: 72.5 });
  });
  it('matches the inclusive quartiles of a spreadsheet on six values', () => {
    // 3 6 7 8 8 10: q1 at 1.25 → 6.25, median at 2.5 → 7.5, q3 at 3.75 → 8
    expect(fiveNumbers([8, 3, 10, 6, 8, 7])).toEqual({ n: 6, min: 3, q1: 6.25, median: 7.5, q3: 8, max: 10 });
    expect(quantileSorted([3, 6, 7, 8, 8, 10], 0.9)).toBeCloseTo(9, 12);
  });
});

describe('improvement between two periods', () => {
  it('is the rise where higher is better and the fall where lower is better', () => {
    expect(improvement(40, 55, 'up')).toBe(15);
    expect(improvement(55, 40, 'up')).toBe(-15);
    expect(improvement(30, 12, 'down')).toBe(18);
    expect(improvement(12, 30, 'down')).toBe(-18);
  });
  it('does not exist for a context indicator', () => {
    expect(improvement(1, 2, 'context')).toBeNull();
    expect(bestImprovers([{ istatCode: '1', name: 'A', from: 1, to: 2 }], 'context', 5)).toEqual([]);
  });
  it('ranks the largest improvements first, keeps only real ones and stops at the limit', () => {
    const changes = [
      { istatCode: '1', name: 'Adria', from: 10, to: 30 },
      { istatCode: '2', name: 'Badia', from: 50, to: 40 },
      { istatCode: '3', name: 'Castelguglielmo', from: 20, to: 20 },
      { istatCode: '4', name: 'Ceregnano', from: 0, to: 5 },
      { istatCode: '5', name: 'Lendinara', from: 5, to: 12 },
    ];
    expect(bestImprovers(changes, 'up', 2).map((c) => [c.name, c.delta, c.improvement])).toEqual([
      ['Adria', 20, 20],
      ['Lendinara', 7, 7],
    ]);
    expect(bestImprovers(changes, 'up', 10).map((c) => c.name)).toEqual(['Adria', 'Lendinara', 'Ceregnano']);
    // lower is better: only Badia fell
    expect(bestImprovers(changes, 'down', 10).map((c) => [c.name, c.delta, c.improvement])).toEqual([['Badia', -10, 10]]);
  });
  it('breaks ties by the larger relative change, then by name', () => {
    const changes = [
      { istatCode: '1', name: 'Zugliano', from: 10, to: 20 },
      { istatCode: '2', name: 'Arquà', from: 40, to: 50 },
      { istatCode: '3', name: 'Borgoricco', from: 40, to: 50 },
    ];
    expect(bestImprovers(changes, 'up', 3).map((c) => c.name)).toEqual(['Zugliano', 'Arquà', 'Borgoricco']);
  });
});
