import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('answers a value until its time to live has passed', () => {
    let now = 1000;
    const c = new TtlCache<string>(50, 10, () => now);
    c.set('a', 'x');
    expect(c.get('a')).toBe('x');
    now += 49;
    expect(c.get('a')).toBe('x');
    now += 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('drops the oldest entry beyond its size, and entries by predicate', () => {
    const c = new TtlCache<number>(1000, 2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBe(2);
    c.deleteWhere((v) => v === 3);
    expect(c.get('c')).toBeUndefined();
  });

  it('caches nothing with a zero time to live', () => {
    const c = new TtlCache<number>(0, 2);
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
  });
});
