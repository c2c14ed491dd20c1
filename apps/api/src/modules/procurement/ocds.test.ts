import { describe, expect, it } from 'vitest';
import {
  buildReleasePackage,
  euros,
  LOTS_EXTENSION_URL,
  ocdsDateTime,
  ocdsDocumentType,
  type OcdsProcedureInput,
  type ProcedureState,
} from './ocds.js';
import { directAwardFixture, FIXTURE_STATES, OCDS_OPTIONS, procedureFixture } from './ocds.fixtures.js';

// OCDS 1.1.5 codelist values this builder relies on (closed lists in full; the open ones only as far as used).
const RELEASE_TAGS = [
  'planning',
  'planningUpdate',
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'awardCancellation',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
  'implementationUpdate',
  'contractTermination',
  'compiled',
];
const TENDER_STATUS = ['planning', 'planned', 'active', 'cancelled', 'unsuccessful', 'complete', 'withdrawn'];
const METHODS = ['open', 'selective', 'limited', 'direct'];
const CATEGORIES = ['goods', 'works', 'services'];
const AWARD_STATUS = ['pending', 'active', 'cancelled', 'unsuccessful'];
const CONTRACT_STATUS = ['pending', 'active', 'cancelled', 'terminated'];
const AWARD_CRITERIA = ['priceOnly', 'costOnly', 'qualityOnly', 'ratedCriteria'];
const PARTY_ROLES = [
  'buyer',
  'procuringEntity',
  'supplier',
  'tenderer',
  'funder',
  'enquirer',
  'payer',
  'payee',
  'reviewBody',
  'interestedParty',
];
const DOCUMENT_TYPES = [
  'procurementPlan',
  'plannedProcurementNotice',
  'tenderNotice',
  'biddingDocuments',
  'technicalSpecifications',
  'contractDraft',
  'eligibilityCriteria',
  'clarifications',
  'shortlistedFirms',
  'evaluationReports',
  'awardNotice',
  'contractGuarantees',
  'contractSigned',
  'physicalProgressReport',
  'cancellationDetails',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the package is plain JSON, inspected field by field
type AnyJson = any;
const build = (input: OcdsProcedureInput): AnyJson => buildReleasePackage(input, OCDS_OPTIONS);
const release = (state: ProcedureState): AnyJson => build(procedureFixture(state)).releases[0];
const partyById = (r: AnyJson, id: string) => r.parties.find((p: AnyJson) => p.id === id);

describe('OCDS release package', () => {
  it.each(FIXTURE_STATES)('has every required package and release field in state %s', (state) => {
    const pkg = build(procedureFixture(state));
    expect(pkg.uri).toBe(
      'https://sua.provincia.example.it/api/v1/procurement/procedures/0b7d6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e/ocds',
    );
    expect(pkg.version).toBe('1.1');
    expect(pkg.publishedDate).toBe('2026-11-20T10:00:00Z');
    expect(pkg.publisher).toEqual({ name: OCDS_OPTIONS.publisherName, uri: 'https://sua.provincia.example.it' });
    expect(pkg.releases).toHaveLength(1);
    const r = pkg.releases[0];
    expect(r.ocid).toBe('ocds-pc1upi-0b7d6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e');
    expect(r.id).toBe('ocds-pc1upi-0b7d6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e-20261005T093012Z');
    expect(r.id).not.toContain('#');
    expect(r.date).toBe('2026-10-05T09:30:12.345Z');
    expect(r.initiationType).toBe('tender');
    expect(r.tender.id).toBe('SUA-PD-2026-0007');
    expect(r.tag.length).toBeGreaterThan(0);
    for (const t of r.tag) expect(RELEASE_TAGS).toContain(t);
    expect(TENDER_STATUS).toContain(r.tender.status);
    for (const p of r.parties) for (const role of p.roles) expect(PARTY_ROLES).toContain(role);
    for (const a of r.awards ?? []) expect(AWARD_STATUS).toContain(a.status);
    for (const c of r.contracts ?? []) expect(CONTRACT_STATUS).toContain(c.status);
    for (const item of r.tender.items) {
      expect(item.id).toBeTruthy();
      expect(item.classification.scheme).toBe('CPV');
    }
  });

  it.each([
    ['bozza', ['planning'], 'planning', undefined, undefined],
    ['pronta', ['planning'], 'planned', undefined, undefined],
    ['pubblicata', ['tender'], 'active', undefined, undefined],
    ['proposta', ['tender', 'award'], 'active', 'pending', undefined],
    ['aggiudicata', ['award'], 'complete', 'active', undefined],
    ['stipula', ['award', 'contract'], 'complete', 'active', 'pending'],
    ['esecuzione', ['implementation'], 'complete', 'active', 'active'],
    ['chiusa', ['contractTermination'], 'complete', 'active', 'terminated'],
    ['deserta', ['tenderCancellation'], 'unsuccessful', undefined, undefined],
    ['annullata', ['tenderCancellation'], 'cancelled', undefined, undefined],
  ] as const)(
    'tags state %s as %j with tender %s, award %s, contract %s',
    (state, tags, tenderStatus, awardStatus, contractStatus) => {
      const r = release(state);
      expect(r.tag).toEqual(tags);
      expect(r.tender.status).toBe(tenderStatus);
      expect(r.awards?.[0]?.status).toBe(awardStatus);
      expect(r.contracts?.[0]?.status).toBe(contractStatus);
    },
  );

  it('names the Comune as buyer and payer and the Province as procuring entity, identified by codice fiscale', () => {
    const r = release('pubblicata');
    expect(r.buyer).toEqual({ id: 'IT-CF-80009710282', name: 'Comune di Abano Terme' });
    expect(r.tender.procuringEntity).toEqual({ id: 'IT-CF-80006510285', name: 'Provincia di Padova' });
    expect(partyById(r, 'IT-CF-80009710282')).toMatchObject({
      roles: ['buyer', 'payer'],
      identifier: { scheme: 'IT-CF', id: '80009710282', legalName: 'Comune di Abano Terme' },
    });
    expect(partyById(r, 'IT-CF-80006510285').roles).toEqual(['procuringEntity']);
  });

  it('names a buyer without codice fiscale by its ISTAT code and gives it no identifier', () => {
    const r = build(directAwardFixture()).releases[0];
    expect(r.buyer.id).toBe('ISTAT-028089');
    expect(partyById(r, 'ISTAT-028089').identifier).toBeUndefined();
  });

  it('discloses no operator before the offers are open, and never the invited ones', () => {
    for (const state of ['bozza', 'pronta', 'pubblicata'] as const) {
      const r = release(state);
      expect(r.parties.map((p: AnyJson) => p.roles).flat()).not.toContain('tenderer');
      expect(r.tender.tenderers).toBeUndefined();
    }
    const r = release('valutazione');
    expect(r.tender.numberOfTenderers).toBe(3);
    expect(r.tender.tenderers.map((t: AnyJson) => t.id)).toEqual([
      'IT-CF-01234567890',
      'IT-CF-09876543210',
      'IT-CF-RSSMRA70A01G224X',
    ]);
    expect(JSON.stringify(r)).not.toContain('Invitata');
  });

  it('marks the awardee as tenderer and supplier and keeps a distinct partita IVA as additional identifier', () => {
    const r = release('aggiudicata');
    expect(partyById(r, 'IT-CF-01234567890').roles).toEqual(['tenderer', 'supplier']);
    expect(partyById(r, 'IT-CF-01234567890').additionalIdentifiers).toBeUndefined();
    expect(partyById(r, 'IT-CF-RSSMRA70A01G224X').additionalIdentifiers).toEqual([
      { scheme: 'IT-IVA', id: '04455667788' },
    ]);
    expect(r.awards[0].suppliers).toEqual([{ id: 'IT-CF-01234567890', name: 'Edilnord S.r.l.' }]);
  });

  it('keeps amounts exact to the cent in tender, lots, award and contract', () => {
    const r = release('esecuzione');
    expect(r.tender.value).toEqual({ amount: 1234567.89, currency: 'EUR' });
    expect(r.tender.lots.map((l: AnyJson) => l.value)).toEqual([
      { amount: 934567.89, currency: 'EUR' },
      { amount: 300000, currency: 'EUR' },
    ]);
    expect(r.awards[0].value).toEqual({ amount: 1087654.32, currency: 'EUR' });
    expect(r.contracts[0].value).toEqual({ amount: 1087654.32, currency: 'EUR' });
    expect(euros(0.1 + 0.2)).toBe(0.3);
    expect(() => euros(Number.NaN)).toThrow(RangeError);
  });

  it('maps the open procedure, works and OEPV to open, works and ratedCriteria', () => {
    const t = release('pubblicata').tender;
    expect(METHODS).toContain(t.procurementMethod);
    expect(t.procurementMethod).toBe('open');
    expect(t.procurementMethodDetails).toBe('Procedura aperta (art. 71 D.Lgs. 36/2023)');
    expect(CATEGORIES).toContain(t.mainProcurementCategory);
    expect(t.mainProcurementCategory).toBe('works');
    expect(AWARD_CRITERIA).toContain(t.awardCriteria);
    expect(t.awardCriteria).toBe('ratedCriteria');
    expect(t.tenderPeriod).toEqual({ endDate: '2026-07-15T10:00:00Z' });
  });

  it.each([
    ['AFFIDAMENTO_DIRETTO', 'direct'],
    ['AFFIDAMENTO_DIRETTO_ADESIONE_AQ', 'direct'],
    ['NEGOZIATA_SENZA_BANDO', 'limited'],
    ['APERTA', 'open'],
    ['RISTRETTA', 'selective'],
    ['COMPETITIVA_CON_NEGOZIAZIONE', 'selective'],
    ['DIALOGO_COMPETITIVO', 'selective'],
    ['PARTENARIATO_INNOVAZIONE', 'selective'],
  ] as const)('maps procedure %s to procurementMethod %s', (code, method) => {
    const input = procedureFixture('pubblicata');
    input.procedure.procedureCode = code;
    expect(build(input).releases[0].tender.procurementMethod).toBe(method);
  });

  it('maps supplies to goods, cost to costOnly and price to priceOnly, and omits what is not yet chosen', () => {
    const input = procedureFixture('bozza');
    input.procedure.objectType = 'forniture';
    input.procedure.awardCriterion = 'OEPV_COSTO';
    expect(build(input).releases[0].tender).toMatchObject({
      mainProcurementCategory: 'goods',
      awardCriteria: 'costOnly',
    });
    input.procedure.awardCriterion = 'PREZZO';
    expect(build(input).releases[0].tender.awardCriteria).toBe('priceOnly');
    input.procedure.awardCriterion = null;
    input.procedure.procedureCode = null;
    const t = build(input).releases[0].tender;
    expect(t.awardCriteria).toBeUndefined();
    expect(t.procurementMethod).toBeUndefined();
  });

  it('declares the lots extension and links each lot item by relatedLot, with the CIG in the lot description', () => {
    const pkg = build(procedureFixture('aggiudicata'));
    expect(pkg.extensions).toEqual([LOTS_EXTENSION_URL]);
    const r = pkg.releases[0];
    expect(r.tender.lots.map((l: AnyJson) => [l.id, l.description, l.status])).toEqual([
      ['LOT-0001', 'CIG B1A2C3D4E5', 'complete'],
      ['LOT-0002', 'CIG B1A2C3D4E6', 'complete'],
    ]);
    expect(r.tender.items.map((i: AnyJson) => [i.relatedLot, i.classification.id])).toEqual([
      ['LOT-0001', '45214210-5'],
      ['LOT-0002', '45262300-4'],
    ]);
    // the secondary CPV equal to the lot's own is not repeated
    expect(r.tender.items[1].additionalClassifications).toEqual([{ scheme: 'CPV', id: '45331000-6' }]);
    expect(r.awards[0].relatedLots).toEqual(['LOT-0001', 'LOT-0002']);
  });

  it('without lots declares no extension and uses one item with the main CPV', () => {
    const pkg = build(directAwardFixture());
    expect(pkg.extensions).toBeUndefined();
    const t = pkg.releases[0].tender;
    expect(t.lots).toBeUndefined();
    expect(t.items).toEqual([
      {
        id: '1',
        description: 'Servizio di manutenzione del verde',
        classification: { scheme: 'CPV', id: '77310000-6' },
      },
    ]);
    expect(t.procurementMethod).toBe('direct');
    expect(t.mainProcurementCategory).toBe('services');
    expect(pkg.releases[0].planning).toBeUndefined();
  });

  it('links the contract to its award and dates a signed contract', () => {
    const r = release('esecuzione');
    expect(r.contracts[0]).toMatchObject({ awardID: r.awards[0].id, dateSigned: '2026-10-01T10:00:00Z' });
    expect(r.awards[0].date).toBe('2026-09-09T22:00:00Z'); // 10 Sept 2026, midnight in Rome
    expect(release('stipula').contracts[0].dateSigned).toBeUndefined();
  });

  it('gives no award to a procedure whose state has not reached it, even if the data exist', () => {
    const input = procedureFixture('valutazione');
    input.award = { operatorId: 'o1', amount: 10, date: '2026-09-10' };
    expect(build(input).releases[0].awards).toBeUndefined();
  });

  it('refuses an award to an operator who is not among the tenderers', () => {
    const input = procedureFixture('aggiudicata');
    input.award = { operatorId: 'nobody', amount: 10, date: '2026-09-10' };
    expect(() => build(input)).toThrow(/nobody/);
  });

  it('maps our document types to the documentType codelist and puts each in its section with its SHA-256', () => {
    expect(ocdsDocumentType('BANDO')).toBe('tenderNotice');
    expect(ocdsDocumentType('DISCIPLINARE')).toBe('biddingDocuments');
    expect(ocdsDocumentType('CAPITOLATO')).toBe('technicalSpecifications');
    expect(ocdsDocumentType('SCHEMA_CONTRATTO')).toBe('contractDraft');
    expect(ocdsDocumentType('AGGIUDICAZIONE')).toBe('awardNotice');
    expect(ocdsDocumentType('CONTRATTO')).toBe('contractSigned');
    expect(ocdsDocumentType('VERBALE_GARA')).toBe('evaluationReports');
    expect(ocdsDocumentType('PROPOSTA_AGGIUDICAZIONE')).toBe('evaluationReports');
    expect(ocdsDocumentType('DGUE_REQUEST')).toBe('eligibilityCriteria');
    expect(ocdsDocumentType('NOMINA_COMMISSIONE')).toBeUndefined();

    const r = release('esecuzione');
    const all = [...r.planning.documents, ...r.tender.documents, ...r.awards[0].documents, ...r.contracts[0].documents];
    for (const d of all) if (d.documentType) expect(DOCUMENT_TYPES).toContain(d.documentType);
    expect(r.planning.documents.map((d: AnyJson) => d.documentType)).toEqual(['procurementPlan']);
    expect(r.awards[0].documents.map((d: AnyJson) => d.documentType)).toEqual(['evaluationReports', 'awardNotice']);
    expect(r.contracts[0].documents[0]).toEqual({
      id: 'd-contr',
      documentType: 'contractSigned',
      title: 'Contratto d’appalto',
      description: 'SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      url: 'https://sua.provincia.example.it/api/v1/documents/d-contr/content',
      datePublished: '2026-10-01T10:00:00Z',
      format: 'application/pdf',
      language: 'it',
    });
    const determina = r.tender.documents.find((d: AnyJson) => d.id === 'd-det');
    expect(determina.documentType).toBeUndefined();
    expect(release('annullata').tender.documents.find((d: AnyJson) => d.id === 'd-ann').documentType).toBe(
      'cancellationDetails',
    );
  });

  it('carries the CUP as budget project id and the PNRR funding, and met milestones', () => {
    const r = release('bozza');
    expect(r.planning.budget).toEqual({
      projectID: 'F19J21012340006',
      description: 'Intervento finanziato con fondi PNRR (NextGenerationEU)',
    });
    expect(r.tender.milestones).toEqual([
      {
        id: 'm1',
        title: 'Approvazione del progetto esecutivo',
        type: 'approval',
        dueDate: '2026-02-28T23:00:00Z',
        dateMet: '2026-02-26T23:00:00Z',
        status: 'met',
      },
    ]);
  });

  it('reads bare dates as midnight in Rome and rejects what is not a date', () => {
    expect(ocdsDateTime('2026-07-01')).toBe('2026-06-30T22:00:00Z');
    expect(ocdsDateTime('2026-01-10')).toBe('2026-01-09T23:00:00Z');
    expect(() => ocdsDateTime('ieri')).toThrow(RangeError);
  });
});
