/**
 * The Regions of the map of `@svg-maps/italy` (ids from English names) with their ISTAT code and official ISTAT
 * name: the map shows Italian names only.
 */
export const MAP_REGIONS: Readonly<Record<string, { istat: string; name: string }>> = {
  piedmont: { istat: '01', name: 'Piemonte' },
  'aosta-valley': { istat: '02', name: "Valle d'Aosta/Vallée d'Aoste" },
  lombardy: { istat: '03', name: 'Lombardia' },
  'trentino-south-tyrol': { istat: '04', name: 'Trentino-Alto Adige/Südtirol' },
  veneto: { istat: '05', name: 'Veneto' },
  'friuli-venezia-giulia': { istat: '06', name: 'Friuli-Venezia Giulia' },
  liguria: { istat: '07', name: 'Liguria' },
  'emilia-romagna': { istat: '08', name: 'Emilia-Romagna' },
  tuscany: { istat: '09', name: 'Toscana' },
  umbria: { istat: '10', name: 'Umbria' },
  marche: { istat: '11', name: 'Marche' },
  lazio: { istat: '12', name: 'Lazio' },
  abruzzo: { istat: '13', name: 'Abruzzo' },
  molise: { istat: '14', name: 'Molise' },
  campania: { istat: '15', name: 'Campania' },
  apulia: { istat: '16', name: 'Puglia' },
  basilicata: { istat: '17', name: 'Basilicata' },
  calabria: { istat: '18', name: 'Calabria' },
  sicily: { istat: '19', name: 'Sicilia' },
  sardinia: { istat: '20', name: 'Sardegna' },
};

/** Five colour classes from light to dark blue (Bootstrap Italia primary scale); Regions without data are light grey. */
export const MAP_COLOURS = ['#b3d1f0', '#80b3e6', '#3385d6', '#0059b3', '#003366'] as const;
export const NO_DATA_COLOUR = '#f2f2f2';

/** The colour class (0–4) of a value in five equal intervals between min and max; null without a value. */
export function colourClass(value: number | null | undefined, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (max <= min) return MAP_COLOURS.length - 1;
  return Math.min(MAP_COLOURS.length - 1, Math.floor(((value - min) / (max - min)) * MAP_COLOURS.length));
}

/** The bounds of the five classes (one class when every Region has the same value). */
export function classBounds(min: number, max: number): [number, number][] {
  if (max <= min) return [[min, max]];
  const step = (max - min) / MAP_COLOURS.length;
  return MAP_COLOURS.map((_, k) => [min + k * step, k === MAP_COLOURS.length - 1 ? max : min + (k + 1) * step]);
}
