import { describe, expect, it } from 'vitest';
import { ProcedureCodes } from './advice.js';
import { DocTypes, docTypeLabels, folderFor, ocdsDocumentType, requiredDocuments, type DocType, type RequiredDocumentsInput } from './documents-matrix.js';

const base: RequiredDocumentsInput = {
  procedureCode: 'APERTA', object: 'servizi', estimatedValue: 300_000, aboveEuThreshold: true, awardCriterion: 'OEPV_QUALITA_PREZZO',
};
const docs = (over: Partial<RequiredDocumentsInput>) => requiredDocuments({ ...base, ...over });
const find = (list: ReturnType<typeof docs>, t: DocType) => list.find((d) => d.docType === t);
const types = (list: ReturnType<typeof docs>) => list.map((d) => d.docType);

/** OCDS 1.1.5 documentType codelist. */
const OCDS_DOCUMENT_TYPES = new Set([
  'plannedProcurementNotice', 'tenderNotice', 'awardNotice', 'contractNotice', 'completionCertificate', 'procurementPlan',
  'biddingDocuments', 'technicalSpecifications', 'evaluationCriteria', 'evaluationReports', 'contractDraft', 'contractSigned',
  'contractArrangements', 'contractSchedule', 'physicalProgressReport', 'financialProgressReport', 'finalAudit', 'hearingNotice',
  'marketStudies', 'eligibilityCriteria', 'clarifications', 'shortlistedFirms', 'environmentalImpact', 'assetAndLiabilityAssessment',
  'riskProvisions', 'winningBid', 'complaints', 'contractAnnexe', 'contractGuarantees', 'subContract', 'needsAssessment',
  'feasibilityStudy', 'projectPlan', 'billOfQuantity', 'bidders', 'conflictOfInterest', 'debarments', 'illustration', 'submissionDocuments',
  'contractSummary', 'cancellationDetails',
]);

describe('document types', () => {
  it('have Italian and English labels and an OCDS code from the codelist or none', () => {
    for (const t of DocTypes) {
      expect(docTypeLabels[t].it.length).toBeGreaterThan(0);
      expect(docTypeLabels[t].en.length).toBeGreaterThan(0);
      const ocds = ocdsDocumentType[t];
      if (ocds !== null) expect(OCDS_DOCUMENT_TYPES.has(ocds)).toBe(true);
    }
    expect(ocdsDocumentType.BANDO).toBe('tenderNotice');
    expect(ocdsDocumentType.CONTRATTO).toBe('contractSigned');
  });

  it('sit in the sub-folders of the fascicolo by their position', () => {
    expect(folderFor(1)).toBe('01_Programmazione_e_progetto');
    expect(folderFor(5)).toBe('02_Atti_di_avvio');
    expect(folderFor(10)).toBe('03_Documentazione_di_gara');
    expect(folderFor(19)).toBe('04_Commissione_e_verbali');
    expect(folderFor(24)).toBe('05_Verifiche_requisiti');
    expect(folderFor(27)).toBe('06_Aggiudicazione_e_comunicazioni');
    expect(folderFor(29)).toBe('07_Contratto');
  });
});

describe('requiredDocuments', () => {
  it('requires the notice, the ESPD request and the contract for an open procedure above the threshold', () => {
    const list = docs({});
    for (const t of ['BANDO', 'DISCIPLINARE', 'DGUE_REQUEST', 'PROPOSTA_AGGIUDICAZIONE', 'AVVISO_AGGIUDICAZIONE', 'CONTRATTO'] as const) {
      expect(find(list, t)?.required).toBe(true);
    }
    expect(types(list)).not.toContain('LETTERA_INVITO');
    expect(types(list)).not.toContain('AVVISO_INDAGINE_MERCATO');
    expect(find(list, 'BANDO')).toEqual({ docType: 'BANDO', required: true, producer: 'sua', folder: '03_Documentazione_di_gara', position: 10 });
    expect(find(list, 'DETERMINA_A_CONTRARRE')).toMatchObject({ producer: 'comune', folder: '02_Atti_di_avvio' });
  });

  it('lists documents in the order of the fascicolo', () => {
    const positions = docs({}).map((d) => d.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('appoints an evaluation board only with OEPV, except dialogue and partnership which always have one', () => {
    expect(types(docs({ awardCriterion: 'PREZZO' }))).not.toContain('NOMINA_COMMISSIONE');
    expect(find(docs({ awardCriterion: 'OEPV_COSTO' }), 'NOMINA_COMMISSIONE')?.required).toBe(true);
    expect(find(docs({ procedureCode: 'DIALOGO_COMPETITIVO', awardCriterion: 'PREZZO' }), 'NOMINA_COMMISSIONE')?.required).toBe(true);
  });

  it('asks an invitation letter, not a notice, for a negotiated procedure under the threshold, with an optional market survey', () => {
    const list = docs({ procedureCode: 'NEGOZIATA_SENZA_BANDO', aboveEuThreshold: false, estimatedValue: 180_000 });
    expect(find(list, 'LETTERA_INVITO')?.required).toBe(true);
    expect(types(list)).not.toContain('BANDO');
    expect(find(list, 'AVVISO_INDAGINE_MERCATO')?.required).toBe(false);
    expect(find(list, 'DGUE_REQUEST')?.required).toBe(false);
    expect(find(list, 'COMUNICAZIONE')?.required).toBe(true);
  });

  it('asks both the notice and the invitation for a restricted procedure', () => {
    const list = docs({ procedureCode: 'RISTRETTA' });
    expect(find(list, 'BANDO')?.required).toBe(true);
    expect(find(list, 'LETTERA_INVITO')?.required).toBe(true);
  });

  it('keeps a small direct award light: determina, checks, award and contract', () => {
    const list = docs({ procedureCode: 'AFFIDAMENTO_DIRETTO', aboveEuThreshold: false, estimatedValue: 3_000, band: 'AD_UNDER_5K', awardCriterion: 'PREZZO' });
    expect(list.filter((d) => d.required).map((d) => d.docType)).toEqual(['RICHIESTA_DELEGA', 'DETERMINA_A_CONTRARRE', 'ESITO_VERIFICHE', 'AGGIUDICAZIONE', 'CONTRATTO']);
    expect(types(list)).not.toContain('AVVISO_AGGIUDICAZIONE');
    expect(types(list)).not.toContain('PROPOSTA_AGGIUDICAZIONE');
  });

  it('publishes the outcome of a direct award from 5,000 euro and asks a project for works from 40,000', () => {
    expect(find(docs({ procedureCode: 'AFFIDAMENTO_DIRETTO', aboveEuThreshold: false, estimatedValue: 20_000, band: 'AD_UNDER_40K' }), 'AVVISO_AGGIUDICAZIONE')?.required).toBe(true);
    const works = docs({ procedureCode: 'AFFIDAMENTO_DIRETTO', object: 'lavori', aboveEuThreshold: false, estimatedValue: 100_000, band: 'AD_FROM_40K' });
    expect(find(works, 'PROGETTO')?.required).toBe(true);
    expect(find(works, 'CAPITOLATO')?.required).toBe(true);
    const supplies = docs({ procedureCode: 'AFFIDAMENTO_DIRETTO', object: 'forniture', aboveEuThreshold: false, estimatedValue: 100_000, band: 'AD_FROM_40K' });
    expect(find(supplies, 'PROGETTO')?.required).toBe(false);
  });

  it('applies the stricter direct-award column when the band is not given', () => {
    const noBand = docs({ procedureCode: 'AFFIDAMENTO_DIRETTO', aboveEuThreshold: false, estimatedValue: 20_000 });
    expect(find(noBand, 'SCHEMA_CONTRATTO')?.required).toBe(true);
  });

  it('needs no project for an order on a framework agreement', () => {
    const list = docs({ procedureCode: 'AFFIDAMENTO_DIRETTO_ADESIONE_AQ', aboveEuThreshold: false, estimatedValue: 50_000 });
    expect(types(list)).not.toContain('PROGETTO');
    expect(find(list, 'CONTRATTO')?.required).toBe(true);
  });

  it('always requires the determina a contrarre, the award and the contract', () => {
    for (const procedureCode of ProcedureCodes) {
      for (const aboveEuThreshold of [false, true]) {
        const list = docs({ procedureCode, aboveEuThreshold });
        for (const t of ['DETERMINA_A_CONTRARRE', 'AGGIUDICAZIONE', 'CONTRATTO'] as const) expect(find(list, t)?.required).toBe(true);
      }
    }
  });
});
