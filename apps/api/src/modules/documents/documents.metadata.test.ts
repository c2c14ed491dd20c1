import { describe, expect, it } from 'vitest';
import { AgidMetadataInputSchema } from '@app/contracts';
import { completeMetadata, diffMetadata, escapeXml, parseAgidInput, toAgidXml } from './documents.metadata.js';
import { fascicoloXml, isUnsafeEntryName, parsePIndex, pindexXml, zipSafeName } from './fascicoli.export.js';

const SHA = 'a'.repeat(64);
const facts = {
  documentId: '11111111-1111-4111-8111-111111111111',
  version: 2,
  sha256: SHA,
  mediaType: 'application/pdf',
  fileName: 'Determina <12> & "finale".pdf',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  createdById: '22222222-2222-4222-8222-222222222222',
  createdByName: 'Anna Rossi',
  previousSha256: 'b'.repeat(64),
  aggregations: [{ aggregationType: 'Fascicolo', identifier: '028-2026-0001' }],
};

describe('AgID metadata input', () => {
  it('accepts a complete set', () => {
    const ok = AgidMetadataInputSchema.safeParse({
      modalitaDiFormazione: 'b',
      tipologiaDocumentale: 'Contratto',
      datiDiRegistrazione: { tipologiaDiFlusso: 'E', tipoRegistro: 'Repertorio/Registro', data: '2026-01-02', ora: '10:30', numero: '7', codiceRegistro: 'REP' },
      soggetti: [{ ruolo: 'Mittente', tipo: 'PG', denominazione: 'Impresa S.r.l.', codiceFiscale: '01234567890' }],
      chiaveDescrittiva: { oggetto: 'Contratto', paroleChiave: ['lavori'] },
      allegati: { numero: 1, indice: [{ identificativo: 'x', descrizione: 'Allegato A' }] },
      classificazione: { indice: '6.3', descrizione: 'Contratti' },
      riservato: true,
      verifica: { firmatoDigitalmente: true, sigillatoElettronicamente: false, marcaturaTemporale: false, conformitaCopie: false },
      tempoDiConservazione: 'permanente',
      note: 'n',
    });
    expect(ok.success).toBe(true);
  });

  it('refuses wrong enumerations with the path of each field', () => {
    try {
      parseAgidInput({
        modalitaDiFormazione: 'e',
        datiDiRegistrazione: { tipologiaDiFlusso: 'E', tipoRegistro: 'Altro', data: '2026-01-02' },
        soggetti: [{ ruolo: 'Capo', tipo: 'XX' }],
        tempoDiConservazione: 'sempre',
      });
      expect.unreachable();
    } catch (err) {
      const paths = (err as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'metadata.modalitaDiFormazione',
          'metadata.datiDiRegistrazione.tipoRegistro',
          'metadata.soggetti.0.ruolo',
          'metadata.soggetti.0.tipo',
          'metadata.tempoDiConservazione',
        ]),
      );
    }
  });
});

describe('complete metadata and XML', () => {
  const m = completeMetadata(
    { modalitaDiFormazione: 'a', note: 'x < y & "z"', chiaveDescrittiva: { oggetto: 'Oggetto', paroleChiave: ['a', 'b'] } },
    facts,
  );

  it('adds what the platform knows', () => {
    expect(m.idDoc).toEqual({ identificativo: `${facts.documentId}-v2`, impronta: SHA, algoritmo: 'SHA-256' });
    expect(m.versioneDelDocumento).toBe(2);
    expect(m.autore?.denominazione).toBe('Anna Rossi');
    expect(m.tracciatureModifiche?.tipoModifica).toBe('nuova versione');
    expect(m.agg).toEqual([{ tipoAggregazione: 'Fascicolo', idAggregazione: '028-2026-0001' }]);
    expect(completeMetadata({}, { ...facts, version: 1 }).tracciatureModifiche).toBeNull();
  });

  it('writes the AgID element names, escaped', () => {
    const xml = toAgidXml(m);
    for (const el of ['IdDoc', 'ImprontaCrittograficaDelDocumento', 'ModalitaDiFormazione', 'ChiaveDescrittiva', 'IdentificativoDelFormato', 'Agg', 'NomeDelDocumento', 'VersioneDelDocumento', 'TracciatureModificheDocumento', 'Note']) {
      expect(xml).toContain(`<${el}>`);
    }
    expect(xml).toContain('<Impronta>' + Buffer.from(SHA, 'hex').toString('base64') + '</Impronta>');
    expect(xml).toContain('<Note>x &lt; y &amp; &quot;z&quot;</Note>');
    expect(xml).toContain('Determina &lt;12&gt; &amp; &quot;finale&quot;.pdf');
    expect(xml).not.toContain('<Riservato>');
    expect(escapeXml('a\u0001b')).toBe('ab');
  });

  it('lists the differing fields', () => {
    expect(diffMetadata({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 'x' })).toEqual(['b.c.1', 'd']);
  });
});

describe('package index', () => {
  it('writes and reads back PIndex.xml in the SInCRO v2 namespace', () => {
    const xml = pindexXml({
      id: '028-2026-0001',
      label: 'Gara & lavori',
      holder: 'Provincia di Padova',
      createdAt: new Date('2026-03-01T00:00:00Z'),
      files: [{ id: 'd1', path: 'documenti/001-a & b.pdf', sha256: SHA, format: 'application/pdf', extension: 'pdf' }],
    });
    expect(xml).toContain('<PIndex xmlns="http://www.uni.com/U3011/sincro-v2/"');
    expect(xml).toContain('<Name>Province &amp; Comuni</Name>');
    expect(xml).toContain('<LawsAndRegulations>Linee Guida sulla formazione, gestione e conservazione dei documenti informatici</LawsAndRegulations>');
    expect(parsePIndex(xml)).toEqual([{ path: 'documenti/001-a & b.pdf', sha256: SHA }]);
  });

  it('writes the aggregation metadata', () => {
    const xml = fascicoloXml({
      identifier: '028-2026-0001',
      aggregationType: 'Fascicolo',
      fascicoloType: 'procedimento amministrativo',
      title: 'Gara',
      enteName: 'Provincia di Padova',
      enteIpa: null,
      classification: { indice: '6.3' },
      responsible: 'Ufficio gare',
      openedOn: '2026-01-01',
      closedOn: null,
      progressive: '0001',
      retentionYears: 10,
      documents: [{ identificativo: 'x-v1', nome: 'a.pdf' }],
    });
    for (const el of ['IdAgg', 'TipologiaFascicolo', 'Soggetti', 'Assegnazione', 'DataApertura', 'Classificazione', 'Progressivo', 'ChiaveDescrittiva', 'IndiceDocumenti', 'TempoDiConservazione']) {
      expect(xml).toContain(`<${el}>`);
    }
    expect(xml).not.toContain('<DataChiusura>');
  });

  it('recognises unsafe entry names and makes safe ones', () => {
    for (const n of ['../evil', 'a/../../b', '/etc/passwd', 'C:/x', 'a\\b']) expect(isUnsafeEntryName(n)).toBe(true);
    for (const n of ['documenti/001-a.pdf', 'a..b/c']) expect(isUnsafeEntryName(n)).toBe(false);
    expect(zipSafeName('../../etc/x.pdf')).toBe('__.._etc_x.pdf');
    expect(zipSafeName('x'.repeat(300) + '.pdf')).toHaveLength(150);
  });
});
