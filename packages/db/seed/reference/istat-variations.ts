import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { rowsOf } from '../../src/client.js';

/** An old code of a Comune and the code it became (merger, change of Province), from a date. */
export interface IstatVariation {
  oldCode: string;
  newCode: string;
  validFrom: string;
  note: string;
}

export class IstatVariationsError extends Error {}

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** ISTAT files are Windows-1252 (or UTF-8 with a BOM); semicolon separated. */
function readRows(bytes: Buffer): string[][] {
  const isUtf8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text = isUtf8 ? bytes.subarray(3).toString('utf8') : bytes.toString('utf8');
  if (!isUtf8 && text.includes('\uFFFD')) text = iconv.decode(bytes, 'win1252');
  return parse(text, { delimiter: ';', relax_quotes: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
}

const code6 = (s: string) => (/^\d{1,6}$/.test(s.trim()) ? s.trim().padStart(6, '0') : null);

/**
 * The former codes of the "Elenco dei comuni italiani": the columns "Codice Comune numerico con 110 province
 * (dal 2010 al 2016)", "… con 107 province (dal 2006 al 2009)" and "… con 103 province (dal 1995 al 2005)" hold
 * the code the same Comune had in those years. Each one different from the current code ("Codice Comune formato
 * alfanumerico") becomes a variation valid from the first day after its period. A code reused by another Comune
 * later keeps its most recent meaning (the newest column wins).
 */
export function variationsFromElencoCsv(bytes: Buffer): IstatVariation[] {
  const rows = readRows(bytes);
  const header = rows[0]?.map(norm) ?? [];
  const find = (prefix: string) => header.findIndex((h) => h.startsWith(prefix));
  const current = find('codice comune formato alfanumerico');
  if (current < 0) throw new IstatVariationsError('Missing column "Codice Comune formato alfanumerico" in the header of the ISTAT file');
  const periods = [
    { prefix: 'codice comune numerico con 110 province', from: '2017-01-01', note: 'Codice con 110 province (2010–2016)' },
    { prefix: 'codice comune numerico con 107 province', from: '2010-01-01', note: 'Codice con 107 province (2006–2009)' },
    { prefix: 'codice comune numerico con 103 province', from: '2006-01-01', note: 'Codice con 103 province (1995–2005)' },
  ].map((p) => ({ ...p, col: find(p.prefix) }));
  const byOld = new Map<string, IstatVariation>();
  const currentCodes = new Set<string>();
  for (const r of rows.slice(1)) {
    const now = code6(r[current] ?? '');
    if (now) currentCodes.add(now);
  }
  for (const p of periods) {
    if (p.col < 0) continue;
    for (const r of rows.slice(1)) {
      const now = code6(r[current] ?? '');
      const old = code6(r[p.col] ?? '');
      if (!now || !old || old === now || currentCodes.has(old) || byOld.has(old)) continue;
      byOld.set(old, { oldCode: old, newCode: now, validFrom: p.from, note: p.note });
    }
  }
  return [...byOld.values()];
}

/** Columns of ISTAT's "Variazioni amministrative e territoriali dei comuni dal 1991", matched by their beginning. */
const VARIAZIONI_COLUMNS = {
  year: 'anno',
  type: 'tipo variazione',
  code: 'codice istat del comune',
  name: 'denominazione comune',
  newCode: 'codice istat del comune associato alla variazione o nuovo codice istat del comune',
  newName: 'denominazione comune associata alla variazione o nuova denominazione',
  act: 'provvedimento e documento',
  validFrom: 'data decorrenza validita amministrativa',
} as const;

/**
 * Variation types that retire a code in favour of another: ES (estinzione: the Comune merged into the associated
 * one), AP (cambio di appartenenza provinciale: a new code), CD (cambio di denominazione, when the code changes too).
 * The others (CS costituzione, AQ/AQES acquisizione, CE/CECS cessione di territorio) keep the codes.
 */
const RETIRING = new Set(['ES', 'AP', 'CD']);

/**
 * ISTAT's "Variazioni amministrative e territoriali dei comuni dal 1991" (semicolon separated, one row per
 * variation): Anno; Tipo variazione; Codice Regione; Codice Istat del Comune; Denominazione Comune; Codice Istat
 * del Comune associato alla variazione o nuovo codice Istat del Comune; Denominazione Comune associata alla
 * variazione o nuova denominazione; Provvedimento e Documento; Contenuto del provvedimento; Data decorrenza
 * validità amministrativa (dd/mm/yyyy). Columns are found by their names, in any order. When an old code changed
 * more than once, the latest variation wins.
 */
export function variationsFromVariazioniCsv(bytes: Buffer): IstatVariation[] {
  const rows = readRows(bytes);
  const header = rows[0]?.map(norm) ?? [];
  const idx = {} as Record<keyof typeof VARIAZIONI_COLUMNS, number>;
  for (const [key, name] of Object.entries(VARIAZIONI_COLUMNS) as [keyof typeof VARIAZIONI_COLUMNS, string][]) {
    // the code of the Comune is the column named exactly so (the associated code's name begins the same way)
    const i = key === 'code' ? header.findIndex((h) => h === name) : header.findIndex((h) => h.startsWith(name));
    if (i < 0 && key !== 'name' && key !== 'newName' && key !== 'act') throw new IstatVariationsError(`Missing column "${name}" in the header of the ISTAT file`);
    idx[key] = i;
  }
  const byOld = new Map<string, IstatVariation>();
  rows.slice(1).forEach((r, n) => {
    const get = (k: keyof typeof VARIAZIONI_COLUMNS) => (idx[k] >= 0 ? (r[idx[k]] ?? '').trim() : '');
    const type = get('type').toUpperCase();
    if (!RETIRING.has(type)) return;
    const old = code6(get('code'));
    const now = code6(get('newCode'));
    if (!old || !now || old === now) return;
    const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(get('validFrom'));
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(get('validFrom')) ? get('validFrom') : d ? `${d[3]}-${d[2]!.padStart(2, '0')}-${d[1]!.padStart(2, '0')}` : /^\d{4}$/.test(get('year')) ? `${get('year')}-01-01` : null;
    if (!iso) throw new IstatVariationsError(`Line ${n + 2}: no valid date of the variation`);
    const what = type === 'ES' ? 'Fusione/incorporazione' : type === 'AP' ? 'Cambio di provincia' : 'Cambio di denominazione';
    const note = `${what}: ${get('name') || old} → ${get('newName') || now}${get('act') ? ` (${get('act')})` : ''}`;
    const prev = byOld.get(old);
    if (!prev || prev.validFrom <= iso) byOld.set(old, { oldCode: old, newCode: now, validFrom: iso, note: note.slice(0, 500) });
  });
  return [...byOld.values()];
}

/**
 * Loads variations (upsert: a newer variation of an old code replaces the older one), then points every old code
 * to the current code at the end of its chain (A → B → C gives A → C). Codes still in use by an active Comune are
 * not variations and are left out. Answers the number of variations in the table.
 */
export async function loadIstatVariations(db: DbOrTx, list: IstatVariation[]): Promise<number> {
  const CHUNK = 5000;
  for (let i = 0; i < list.length; i += CHUNK) {
    const json = JSON.stringify(list.slice(i, i + CHUNK).map((v) => ({ old_code: v.oldCode, new_code: v.newCode, valid_from: v.validFrom, note: v.note })));
    await db.execute(sql`
      insert into da_istat_variations (old_code, new_code, valid_from, note)
      select u.old_code, u.new_code, u.valid_from, u.note
      from jsonb_to_recordset(${json}::jsonb) as u(old_code text, new_code text, valid_from date, note text)
      where not exists (select 1 from enti c where c.type = 'comune' and c.active and c.istat_code = u.old_code)
      on conflict (old_code) do update set new_code = excluded.new_code, valid_from = excluded.valid_from, note = excluded.note
        where da_istat_variations.valid_from <= excluded.valid_from`);
  }
  // follow chains to the current code (a few steps at most: fusions of fusions)
  for (let step = 0; step < 10; step++) {
    const res = await db.execute(sql`
      update da_istat_variations v set new_code = w.new_code
      from da_istat_variations w
      where w.old_code = v.new_code and w.new_code <> v.old_code
        and not exists (select 1 from enti c where c.type = 'comune' and c.active and c.istat_code = v.new_code)`);
    const changed = (res as { affectedRows?: number; rowCount?: number }).affectedRows ?? (res as { rowCount?: number }).rowCount ?? 0;
    if (!changed) break;
  }
  const [n] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from da_istat_variations`));
  return Number(n?.n ?? 0);
}
