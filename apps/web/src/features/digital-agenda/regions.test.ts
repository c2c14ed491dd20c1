import { describe, expect, it } from 'vitest';
import italy from '@svg-maps/italy';
import { MAP_REGIONS, classBounds, colourClass } from './regions';

describe('the map of the Regions', () => {
  it('names every Region of the map with its ISTAT code and Italian name', () => {
    const ids = italy.locations.map((l: { id: string }) => l.id).sort();
    expect(ids).toEqual(Object.keys(MAP_REGIONS).sort());
    expect(new Set(Object.values(MAP_REGIONS).map((r) => r.istat)).size).toBe(20);
    expect(MAP_REGIONS.apulia).toEqual({ istat: '16', name: 'Puglia' });
    expect(MAP_REGIONS.sardinia).toEqual({ istat: '20', name: 'Sardegna' });
  });
  it('puts a value in one of five equal classes between the lowest and the highest value', () => {
    expect(colourClass(0, 0, 1)).toBe(0);
    expect(colourClass(0.2, 0, 1)).toBe(1);
    expect(colourClass(0.5, 0, 1)).toBe(2);
    expect(colourClass(1, 0, 1)).toBe(4);
    expect(colourClass(null, 0, 1)).toBeNull();
    expect(colourClass(3, 3, 3)).toBe(4);
    expect(classBounds(7, 7)).toEqual([[7, 7]]);
    expect(classBounds(0, 100)).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 80],
      [80, 100],
    ]);
  });
});
