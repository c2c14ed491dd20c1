import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { IstatCsvError, bundledTerritory, isProgrammeProvince, provinceDisplayName, territoryFromIstatCsv } from './territory.js';

describe('the bundled ISTAT territory', () => {
  const t = bundledTerritory();

  it('has 20 regions, 107 provinces and città metropolitane, 7,904 comuni', () => {
    expect(t.regions).toHaveLength(20);
    expect(t.provinces).toHaveLength(107);
    expect(t.comuni).toHaveLength(7904);
  });

  it('yields exactly 76 programme Provinces: ordinary-statute regions minus the 10 città metropolitane', () => {
    const programme = t.provinces.filter(isProgrammeProvince);
    expect(programme).toHaveLength(76);
    const ordinaryMetro = t.provinces.filter((p) => p.metropolitan && isProgrammeProvince({ ...p, metropolitan: false }));
    expect(ordinaryMetro.map((p) => p.name).sort()).toEqual(
      ['Bari', 'Bologna', 'Firenze', 'Genova', 'Milano', 'Napoli', 'Reggio Calabria', 'Roma', 'Torino', 'Venezia'].sort(),
    );
    expect(t.provinces.filter((p) => p.metropolitan)).toHaveLength(14);
  });

  it('gives città metropolitane their UTS code and keeps the historic one', () => {
    const torino = t.provinces.find((p) => p.historicCode === '001')!;
    expect(torino).toMatchObject({ istatCode: '201', metropolitan: true });
    expect(provinceDisplayName(torino)).toBe('Città metropolitana di Torino');
    expect(provinceDisplayName(t.provinces.find((p) => p.istatCode === '022')!)).toBe('Provincia autonoma di Trento');
  });
});

const HEADER =
  "Codice Regione;Codice dell'Unità territoriale sovracomunale (valida a fini statistici);Codice Provincia (Storico)(1);Progressivo del Comune (2);Codice Comune formato alfanumerico;Denominazione (Italiana e straniera);Denominazione in italiano;Denominazione altra lingua;Codice Ripartizione Geografica;Ripartizione geografica;Denominazione Regione;Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici);Tipologia di Unità territoriale sovracomunale ;Flag Comune capoluogo di provincia/città metropolitana/libero consorzio;Sigla automobilistica;Codice Comune formato numerico;Codice Comune numerico con 110 province (dal 2010 al 2016);Codice Comune numerico con 107 province (dal 2006 al 2009);Codice Comune numerico con 103 province (dal 1995 al 2005);Codice Catastale del comune";

describe('the ISTAT CSV importer', () => {
  it('reads the Windows-1252 file as ISTAT publishes it', () => {
    const csv = [
      HEADER,
      '01;201;001;001;001001;Agliè;Agliè;;1;Nord-ovest;Piemonte;Torino;3;0;TO;1001;1001;1001;1001;A074',
      '05;028;028;001;028001;Abano Terme;Abano Terme;;2;Nord-est;Veneto;Padova;1;0;PD;28001;28001;28001;28001;A001',
    ].join('\r\n');
    const t = territoryFromIstatCsv(iconv.encode(csv, 'win1252'));
    expect(t.comuni.map((c) => c.name)).toEqual(['Agliè', 'Abano Terme']);
    expect(t.provinces).toEqual([
      expect.objectContaining({ istatCode: '201', historicCode: '001', metropolitan: true, name: 'Torino' }),
      expect.objectContaining({ istatCode: '028', metropolitan: false, carPlate: 'PD' }),
    ]);
    expect(t.comuni[1]).toMatchObject({ provinceIstatCode: '028', regionIstatCode: '05', cadastralCode: 'A001' });
  });

  it('reads a UTF-8 file with BOM too', () => {
    const csv = `\uFEFF${HEADER}\n05;028;028;001;028001;Abano Terme;Abano Terme;;2;Nord-est;Veneto;Padova;1;0;PD;28001;28001;28001;28001;A001\n`;
    expect(territoryFromIstatCsv(Buffer.from(csv, 'utf8')).comuni).toHaveLength(1);
  });

  it('rejects a file without the ISTAT columns, and a row with a bad code, naming the line', () => {
    expect(() => territoryFromIstatCsv(Buffer.from('a;b;c\n1;2;3\n'))).toThrow(IstatCsvError);
    const bad = `${HEADER}\n05;028;028;001;XX;Abano;Abano;;2;Nord-est;Veneto;Padova;1;0;PD;1;1;1;1;A001\n`;
    expect(() => territoryFromIstatCsv(Buffer.from(bad))).toThrow(/Line 2/);
  });
});
