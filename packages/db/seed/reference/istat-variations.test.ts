import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { IstatVariationsError, variationsFromElencoCsv, variationsFromVariazioniCsv } from './istat-variations.js';

const HEADER =
  "Codice Regione;Codice dell'Unità territoriale sovracomunale (valida a fini statistici);Codice Provincia (Storico)(1);Progressivo del Comune (2);Codice Comune formato alfanumerico;Denominazione (Italiana e straniera);Denominazione in italiano;Denominazione altra lingua;Codice Ripartizione Geografica;Ripartizione geografica;Denominazione Regione;Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici);Tipologia di Unità territoriale sovracomunale ;Flag Comune capoluogo di provincia/città metropolitana/libero consorzio;Sigla automobilistica;Codice Comune formato numerico;Codice Comune numerico con 110 province (dal 2010 al 2016);Codice Comune numerico con 107 province (dal 2006 al 2009);Codice Comune numerico con 103 province (dal 1995 al 2005);Codice Catastale del comune";

describe('former codes in the "Elenco dei comuni italiani"', () => {
  const csv = [
    HEADER,
    // Olbia: 104017 in the Province of Olbia-Tempio (2005–2016), 090047 before and now
    '20;090;090;047;090047;Olbia;Olbia;;5;Isole;Sardegna;Sassari;1;0;SS;90047;104017;104017;90047;G015',
    // Carbonia: three codes in thirty years
    '20;111;111;009;111009;Carbonia;Carbonia;;5;Isole;Sardegna;Sud Sardegna;1;0;SU;111009;107006;107006;92011;B745',
    '05;028;028;001;028001;Abano Terme;Abano Terme;;2;Nord-est;Veneto;Padova;1;0;PD;28001;28001;28001;28001;A001',
  ].join('\r\n');
  const list = variationsFromElencoCsv(iconv.encode(csv, 'win1252'));

  it('maps every former code different from the current one to the current code, dated after its period', () => {
    expect(list).toEqual([
      { oldCode: '104017', newCode: '090047', validFrom: '2017-01-01', note: 'Codice con 110 province (2010–2016)' },
      { oldCode: '107006', newCode: '111009', validFrom: '2017-01-01', note: 'Codice con 110 province (2010–2016)' },
      { oldCode: '092011', newCode: '111009', validFrom: '2006-01-01', note: 'Codice con 103 province (1995–2005)' },
    ]);
  });
  it('never turns a code in use into a variation', () => {
    const reused = `${csv}\r\n20;092;092;011;092011;Nuovo;Nuovo;;5;Isole;Sardegna;Cagliari;1;0;CA;92011;92011;92011;92011;X000`;
    expect(variationsFromElencoCsv(Buffer.from(reused)).map((v) => v.oldCode)).toEqual(['104017', '107006']);
  });
  it('rejects a file without the current code', () => {
    expect(() => variationsFromElencoCsv(Buffer.from('a;b\n1;2\n'))).toThrow(IstatVariationsError);
  });
});

describe('ISTAT "Variazioni amministrative e territoriali dei comuni" (its column layout)', () => {
  const list = variationsFromVariazioniCsv(readFileSync(new URL('./fixtures/variazioni_fixture.csv', import.meta.url)));

  it('maps the codes of merged Comuni (ES) to the Comune they merged into, from the date of the variation', () => {
    expect(list.find((v) => v.oldCode === '028074')).toMatchObject({ newCode: '028107', validFrom: '2018-02-17' });
    expect(list.find((v) => v.oldCode === '028024')).toMatchObject({ newCode: '028105', validFrom: '1995-04-01' });
    expect(list.find((v) => v.oldCode === '028074')!.note).toContain('Saletto → Borgo Veneto');
  });
  it('ignores constitutions, territory transfers and renames that keep the code', () => {
    expect(list.map((v) => v.oldCode).sort()).toEqual(['028024', '028025', '028051', '028074', '028081']);
  });
  it('keeps the latest variation of a code changed twice, and reads Windows-1252', () => {
    const text = [
      'Anno;Tipo variazione;Codice Regione;Codice Istat del Comune;Denominazione Comune;Codice Istat del Comune associato alla variazione o nuovo codice Istat del Comune;Denominazione Comune associata alla variazione o nuova denominazione;Provvedimento e Documento;Contenuto del provvedimento;Data decorrenza validità amministrativa',
      '2016;AP;20;104017;Olbia;090047;Olbia;L.R. 2/2016;Cambio di appartenenza provinciale;01/01/2017',
      '2005;AP;20;104017;Olbia;099999;Olbia;L.R. 9/2001;Cambio di appartenenza provinciale;12/05/2005',
    ].join('\r\n');
    expect(variationsFromVariazioniCsv(iconv.encode(text, 'win1252'))).toEqual([
      expect.objectContaining({ oldCode: '104017', newCode: '090047', validFrom: '2017-01-01' }),
    ]);
  });
  it('rejects a file without the columns of the layout', () => {
    expect(() => variationsFromVariazioniCsv(Buffer.from('Anno;Tipo\n2018;ES\n'))).toThrow(IstatVariationsError);
  });
});
