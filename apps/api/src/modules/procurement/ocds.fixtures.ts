import type { OcdsPackageOptions, OcdsProcedureInput, ProcedureState } from './ocds.js';

/** Fixtures shared by the unit tests and the conformance check: one procedure seen in several states. */

export const OCDS_OPTIONS: OcdsPackageOptions = {
  ocidPrefix: 'ocds-pc1upi',
  publisherName: 'Provincia di Padova — Stazione Unica Appaltante',
  baseUrl: 'https://sua.provincia.example.it/',
  publishedDate: '2026-11-20T10:00:00Z',
  license: 'https://creativecommons.org/licenses/by/4.0/',
};

const PROCEDURE_ID = '0b7d6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e';
const doc = (id: string, docType: string, title: string, datePublished?: string) => ({
  id,
  docType,
  title,
  url: `https://sua.provincia.example.it/api/v1/documents/${id}/content`,
  format: 'application/pdf',
  sha256: '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08',
  ...(datePublished ? { datePublished } : {}),
  language: 'it' as const,
});

/** An open works procedure in two lots, delegated by a Comune to the Province SUA. */
export function procedureFixture(state: ProcedureState): OcdsProcedureInput {
  const published = !['bozza', 'istruttoria', 'documenti', 'pronta'].includes(state);
  const awarded = ['proposta', 'verifica', 'aggiudicata', 'stipula', 'esecuzione', 'chiusa'].includes(state);
  const contracted = ['stipula', 'esecuzione', 'chiusa'].includes(state);
  return {
    procedure: {
      id: PROCEDURE_ID,
      number: 'SUA-PD-2026-0007',
      title: 'Riqualificazione energetica della scuola primaria "G. Rodari"',
      description: 'Lavori di efficientamento energetico e adeguamento sismico.',
      objectType: 'lavori',
      procedureCode: 'APERTA',
      awardCriterion: 'OEPV_QUALITA_PREZZO',
      state,
      estimatedValue: 1_234_567.89,
      cpvMain: '45214210-5',
      cpvSecondary: ['45331000-6', '45262300-4'],
      cup: 'F19J21012340006',
      pnrr: true,
      offerDeadline: '2026-07-15T12:00:00+02:00',
      createdAt: '2026-03-02T08:15:00.000Z',
      updatedAt: '2026-10-05T09:30:12.345Z',
    },
    buyer: {
      id: 'c1',
      name: 'Comune di Abano Terme',
      taxCode: '80009710282',
      istatCode: '028001',
      address: 'Piazza Caduti 1, 35031 Abano Terme (PD)',
    },
    procuringEntity: {
      id: 'p1',
      name: 'Provincia di Padova',
      taxCode: '80006510285',
      istatCode: '028',
      address: 'Piazza Antenore 3, 35121 Padova',
    },
    lots: [
      { id: 'l1', number: 1, title: 'Involucro e impianti', value: 934_567.89, cpv: '45214210-5', cig: 'B1A2C3D4E5' },
      { id: 'l2', number: 2, title: 'Opere strutturali', value: 300_000, cpv: '45262300-4', cig: 'B1A2C3D4E6' },
    ],
    // a deserted procedure received no admissible offer
    tenderers:
      state === 'deserta'
        ? []
        : [
            {
              operatorId: 'o1',
              name: 'Edilnord S.r.l.',
              taxCode: '01234567890',
              vatNumber: '01234567890',
              role: awarded ? 'awardee' : 'bidder',
            },
            { operatorId: 'o2', name: 'Costruzioni Venete S.p.A.', taxCode: '09876543210', role: 'bidder' },
            {
              operatorId: 'o3',
              name: 'Impianti Rossi di Mario Rossi',
              taxCode: 'RSSMRA70A01G224X',
              vatNumber: '04455667788',
              role: 'excluded',
            },
            { operatorId: 'o4', name: 'Invitata S.r.l.', taxCode: '05555555555', role: 'invited' },
          ],
    award: awarded ? { operatorId: 'o1', amount: 1_087_654.32, date: '2026-09-10' } : null,
    contract: contracted
      ? { signedDate: state === 'stipula' ? null : '2026-10-01T10:00:00Z', amount: 1_087_654.32 }
      : null,
    documents: [
      doc('d-prog', 'PROGRAMMA', 'Programma triennale dei lavori pubblici 2026-2028', '2026-01-15T09:00:00Z'),
      doc('d-det', 'DETERMINA_A_CONTRARRE', 'Determina a contrarre', '2026-03-10T09:00:00Z'),
      ...(published
        ? [
            doc('d-bando', 'BANDO', 'Bando di gara', '2026-06-01T09:00:00Z'),
            doc('d-disc', 'DISCIPLINARE', 'Disciplinare di gara', '2026-06-01T09:00:00Z'),
            doc('d-cap', 'CAPITOLATO', 'Capitolato speciale d’appalto', '2026-06-01T09:00:00Z'),
            doc('d-schema', 'SCHEMA_CONTRATTO', 'Schema di contratto', '2026-06-01T09:00:00Z'),
            doc('d-dgue', 'DGUE_REQUEST', 'Richiesta DGUE', '2026-06-01T09:00:00Z'),
          ]
        : []),
      ...(awarded ? [doc('d-verb', 'VERBALE_GARA', 'Verbali di gara', '2026-08-20T09:00:00Z')] : []),
      ...(awarded && state !== 'proposta' && state !== 'verifica'
        ? [doc('d-agg', 'AGGIUDICAZIONE', 'Determina di aggiudicazione', '2026-09-10T09:00:00Z')]
        : []),
      ...(contracted && state !== 'stipula'
        ? [doc('d-contr', 'CONTRATTO', 'Contratto d’appalto', '2026-10-01T10:00:00Z')]
        : []),
      ...(state === 'annullata'
        ? [doc('d-ann', 'ANNULLAMENTO', 'Determina di annullamento in autotutela', '2026-07-20T09:00:00Z')]
        : []),
    ],
    milestones: [
      {
        id: 'm1',
        title: 'Approvazione del progetto esecutivo',
        type: 'approval',
        dueDate: '2026-03-01',
        dateMet: '2026-02-27',
      },
    ],
  };
}

/** A direct award of services without lots, CUP or award criterion: the smallest input. */
export function directAwardFixture(): OcdsProcedureInput {
  return {
    procedure: {
      id: '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716',
      number: 'SUA-PD-2026-0012',
      title: 'Servizio di manutenzione del verde',
      objectType: 'servizi',
      procedureCode: 'AFFIDAMENTO_DIRETTO',
      awardCriterion: null,
      state: 'aggiudicata',
      estimatedValue: 39_900.1,
      cpvMain: '77310000-6',
      cpvSecondary: [],
      pnrr: false,
      createdAt: '2026-04-01T08:00:00Z',
      updatedAt: '2026-04-20T08:00:00Z',
    },
    buyer: { id: 'c2', name: 'Comune di Teolo', istatCode: '028089' },
    procuringEntity: { id: 'p1', name: 'Provincia di Padova', taxCode: '80006510285', istatCode: '028' },
    lots: [],
    tenderers: [{ operatorId: 'o9', name: 'Verde Pubblico Soc. Coop.', taxCode: '03030303030', role: 'awardee' }],
    award: { operatorId: 'o9', amount: 39_900.1, date: '2026-04-18' },
    contract: null,
    documents: [],
  };
}

/** The states the conformance check and the tests build packages for. */
export const FIXTURE_STATES: ProcedureState[] = [
  'bozza',
  'pronta',
  'pubblicata',
  'valutazione',
  'proposta',
  'aggiudicata',
  'stipula',
  'esecuzione',
  'chiusa',
  'deserta',
  'annullata',
];

export function allFixtures(): { name: string; input: OcdsProcedureInput }[] {
  return [
    ...FIXTURE_STATES.map((s) => ({ name: `open procedure, ${s}`, input: procedureFixture(s) })),
    { name: 'direct award, aggiudicata', input: directAwardFixture() },
  ];
}
