import type { Advice, Me, ProcedureDetail } from '@app/contracts';

/** Ids, sessions and records shared by the component tests of the procurement pages. */
export const ids = {
  abano: '00000000-0000-4000-8000-000000028001',
  padova: '00000000-0000-4000-8000-000000000028',
  rup: '40000000-0000-4000-8000-000000000001',
  sua: '40000000-0000-4000-8000-000000000003',
  procedure: '90000000-0000-4000-8000-000000000001',
  operator: '91000000-0000-4000-8000-000000000001',
  participant: '92000000-0000-4000-8000-000000000001',
};

function me(userId: string, enteId: string, enteName: string, enteType: string, role: 'comune_user' | 'sua_operator'): Me {
  return {
    user: {
      id: userId,
      email: 'persona@example.it',
      displayName: 'Persona di prova',
      locale: 'it',
      active: true,
      isDemo: false,
      version: 1,
      createdAt: '2026-01-01T00:00:00Z',
      memberships: [{ id: '50000000-0000-4000-8000-000000000009', enteId, enteName, enteType, enteIstatCode: null, role }],
    },
    activeMembershipId: '50000000-0000-4000-8000-000000000009',
    csrfToken: 'tok',
  };
}
export const meRup = me(ids.rup, ids.abano, 'Abano Terme', 'comune', 'comune_user');
export const meSua = me(ids.sua, ids.padova, 'Provincia di Padova', 'provincia', 'sua_operator');

export const advice: Advice = {
  euThreshold: 221000,
  aboveEuThreshold: false,
  allowedProcedures: [
    { code: 'NEGOZIATA_SENZA_BANDO', legalBasis: 'art. 50 c.1 lett. e', minOperators: 5 },
    { code: 'APERTA', legalBasis: 'art. 71' },
  ],
  awardCriterion: { oepvMandatory: true, priceCapPercent: 30, legalBasis: 'art. 108 c.2' },
  qualificationRequired: true,
  qualificationLevel: { level: 'SF2', coveredBySua: true },
  standstillDays: 0,
  minimumOfferDays: 10,
  stipulaDays: 60,
  notes: [{ code: 'rotation', it: 'Rispetta il principio di rotazione (art. 49).', en: 'Apply the rotation principle (art. 49).' }],
  rulesValidFrom: '2026-01-01',
};

export const procedure: ProcedureDetail = {
  id: ids.procedure,
  number: 'SUA-PD-2026-00001',
  title: 'Servizio di manutenzione del verde',
  state: 'istruttoria',
  procedureCode: null,
  objectType: 'servizi',
  estimatedValue: 180000,
  comune: { id: ids.abano, istatCode: '028001', name: 'Abano Terme' },
  provincia: { id: ids.padova, istatCode: '028', name: 'Provincia di Padova' },
  offerDeadline: null,
  updatedAt: '2026-11-20T10:00:00.000Z',
  isDemo: false,
  description: null,
  sia: false,
  cpvMain: '77310000-6',
  cpvSecondary: [],
  optionsValue: 0,
  cup: null,
  pnrr: false,
  fundingNote: null,
  rupName: 'Mario Rossi',
  rupEmail: null,
  desiredStart: null,
  desiredAward: null,
  socialServices: false,
  labourIntensive: true,
  innovative: false,
  awardCriterion: null,
  priceCapPercent: null,
  justification: null,
  publishedOn: null,
  platform: null,
  standstillEnd: null,
  stipulaDeadline: null,
  proposalOn: null,
  awardedOn: null,
  signedOn: null,
  awardAmount: null,
  awardee: null,
  fvoeFallbackNote: null,
  returnNote: null,
  fascicoloId: null,
  terms: null,
  lots: [],
  team: [],
  events: [],
  advice,
  allowed: ['documenti', 'bozza', 'annullata'],
  can: { edit: false, manage: true, comment: true },
  version: 3,
};
