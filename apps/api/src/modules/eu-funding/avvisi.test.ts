import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAvvisi } from './avvisi.js';

const fixture = readFileSync(new URL('./fixtures/avvisi.sample.csv', import.meta.url), 'utf8');
const now = new Date('2026-05-15T10:00:00Z');

describe('PA digitale 2026 avvisi importer', () => {
  const { calls, errors } = parseAvvisi(fixture, now);

  it('reads every well-formed line of the published layout and reports the others by line number', () => {
    expect(calls.map((c) => c.identifier)).toEqual([
      '1.4.1 Esperienza del cittadino - Comuni - marzo 2026',
      '1.2 Cloud - Province e città metropolitane - aprile 2026',
      '1.3.1 PDND - Enti vari - maggio 2026',
    ]);
    expect(errors).toEqual([{ line: 5, message: 'data_inizio_bando is not a date' }]);
  });
  it('opens at midnight and closes at 23:59:59 of the published days, Europe/Rome', () => {
    expect(calls[0]!.opensAt.toISOString()).toBe('2026-03-01T23:00:00.000Z');
    // 29 March 2026: summer time starts, Rome is UTC+2 at the end of the day
    expect(calls[0]!.closesAt.toISOString()).toBe('2026-03-29T21:59:59.000Z');
    expect(calls[2]!.closesAt.toISOString()).toBe('2026-06-30T21:59:59.000Z');
  });
  it('keeps the allocated amount as an exact decimal and sets no co-financing rate (lump sums)', () => {
    expect(calls[0]!.budget).toBe('2500000.00');
    expect(calls[1]!.budget).toBe('1250000.50');
    expect(calls[0]!.cofinancingRate).toBeNull();
  });
  it('maps the target entities to applicant types, unknown labels to "altro"', () => {
    expect(calls[0]!.enteTypes).toEqual(['comune']);
    expect(calls[1]!.enteTypes).toEqual(['provincia', 'citta_metropolitana']);
    expect(calls[2]!.enteTypes).toEqual(['asl', 'regione', 'altro']);
  });
  it('closes at the import instant a call marked TERMINATO before its last day', () => {
    expect(calls[1]!.publishedState).toBe('TERMINATO');
    expect(calls[1]!.closesAt).toEqual(now);
  });
  it('names the PNRR measure as the programme', () => {
    expect(calls[0]!.programme).toBe('PNRR M1C1 1.4.1 Esperienza del cittadino nei servizi pubblici');
  });
  it('refuses a file without the columns of the layout', () => {
    expect(parseAvvisi('titolo,misura\n"a","b"\n', now).errors).toEqual([
      { line: 1, message: 'Missing columns: data_inizio_bando, data_fine_bando, stato, totale_importo_stanziato, totale_importo_misura, soggetti_destinatari' },
    ]);
  });
});
