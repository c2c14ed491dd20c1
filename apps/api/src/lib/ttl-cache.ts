/**
 * A bounded in-process cache whose entries expire after `ttlMs`. Used for reads that every
 * request repeats (the session behind a cookie, reference lists). Callers invalidate on their
 * own writes; other processes see a write at most `ttlMs` later.
 */
export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.until <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.map.delete(key);
    if (this.map.size >= this.maxEntries) {
      // Map keeps insertion order: the first key is the oldest
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Drops every entry whose value matches. */
  deleteWhere(match: (value: V) => boolean): void {
    for (const [k, v] of this.map) if (match(v.value)) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }
}
