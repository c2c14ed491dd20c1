import type { Me, Membership } from '@app/contracts';

/** Ids and sessions shared by the component tests of the network pages. */
export const ids = {
  upi: '00000000-0000-4000-8000-000000000001',
  padova: '00000000-0000-4000-8000-000000000028',
  pescara: '00000000-0000-4000-8000-000000000068',
  abano: '00000000-0000-4000-8000-000000028001',
  albignasego: '00000000-0000-4000-8000-000000028003',
  cadoneghe: '00000000-0000-4000-8000-000000028016',
  anguillara: '00000000-0000-4000-8000-000000028004',
  protocol: '10000000-0000-4000-8000-000000000001',
  convention: '20000000-0000-4000-8000-000000000001',
  document: '30000000-0000-4000-8000-000000000001',
};

function me(membership: Membership): Me {
  return {
    user: {
      id: '40000000-0000-4000-8000-000000000001',
      email: 'persona@example.it',
      displayName: 'Persona di prova',
      locale: 'it',
      active: true,
      isDemo: false,
      version: 1,
      createdAt: '2026-01-01T00:00:00Z',
      memberships: [membership],
    },
    activeMembershipId: membership.id,
    csrfToken: 'tok',
  };
}

export const meUpi = me({
  id: '50000000-0000-4000-8000-000000000001',
  enteId: ids.upi,
  enteName: "Unione delle Province d'Italia",
  enteType: 'upi',
  enteIstatCode: null,
  role: 'upi_admin',
});

export const mePadovaAdmin = me({
  id: '50000000-0000-4000-8000-000000000002',
  enteId: ids.padova,
  enteName: 'Provincia di Padova',
  enteType: 'provincia',
  enteIstatCode: '028',
  role: 'ente_admin',
});

export const padovaAdhesion = {
  provincia: { id: ids.padova, istatCode: '028', name: 'Provincia di Padova', type: 'provincia' },
  items: [
    {
      id: ids.abano,
      istatCode: '028001',
      name: 'Abano Terme',
      population: 19349,
      services: { sua: true, sape: false, sit: false },
    },
    {
      id: ids.albignasego,
      istatCode: '028003',
      name: 'Albignasego',
      population: 26267,
      services: { sua: false, sape: true, sit: false },
    },
    {
      id: ids.anguillara,
      istatCode: '028004',
      name: 'Anguillara Veneta',
      population: 4298,
      services: { sua: false, sape: false, sit: false },
    },
    {
      id: ids.cadoneghe,
      istatCode: '028016',
      name: 'Cadoneghe',
      population: null,
      services: { sua: true, sape: true, sit: true },
    },
  ],
  totals: { comuni: 4, population: 49914, sua: 2, sape: 2, sit: 1 },
};
