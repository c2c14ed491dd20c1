import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { euProgrammes } from '../../src/schema/eu-funding.js';

export interface EuProgrammeSeed {
  code: string;
  name: string;
  level: 'EU-direct' | 'EU-shared' | 'national' | 'regional';
  funds: string[];
  period: '2021-2027' | 'PNRR-2021-2026';
  managingAuthority?: string | null;
  ftFrameworkProgrammeCode?: string | null;
}

/**
 * The funding programmes Comuni apply to in 2021-2027 (sit-sape.md §3.1): national programmes of cohesion policy,
 * the regional programmes of the ordinary-statute regions, Interreg, PNRR missions and the EU direct-management
 * programmes (with their Funding & Tenders framework code where known).
 */
export const euProgrammesSeed: EuProgrammeSeed[] = [
  { code: 'PN-RIC-2127', name: 'PN Ricerca, Innovazione e Competitività per la transizione verde e digitale', level: 'national', funds: ['FESR'], period: '2021-2027', managingAuthority: 'MIMIT' },
  { code: 'PN-SCUOLA-2127', name: 'PN Scuola e competenze', level: 'national', funds: ['FESR', 'FSE+'], period: '2021-2027', managingAuthority: "Ministero dell'Istruzione e del Merito" },
  { code: 'PN-GDL-2127', name: 'PN Giovani, Donne e Lavoro', level: 'national', funds: ['FSE+'], period: '2021-2027', managingAuthority: 'Ministero del Lavoro e delle Politiche Sociali' },
  { code: 'PN-CULTURA-2127', name: 'PN Cultura', level: 'national', funds: ['FESR'], period: '2021-2027', managingAuthority: 'Ministero della Cultura' },
  { code: 'PN-SICUREZZA-2127', name: 'PN Sicurezza per la legalità', level: 'national', funds: ['FESR'], period: '2021-2027', managingAuthority: "Ministero dell'Interno" },
  { code: 'PN-INCLUSIONE-2127', name: 'PN Inclusione e lotta alla povertà', level: 'national', funds: ['FESR', 'FSE+'], period: '2021-2027', managingAuthority: 'Ministero del Lavoro e delle Politiche Sociali' },
  { code: 'PN-METRO-2127', name: 'PN Metro Plus e Città Medie Sud', level: 'national', funds: ['FESR', 'FSE+'], period: '2021-2027', managingAuthority: 'Agenzia per la Coesione Territoriale' },
  { code: 'PN-SALUTE-2127', name: 'PN Equità nella Salute', level: 'national', funds: ['FESR', 'FSE+'], period: '2021-2027', managingAuthority: 'Ministero della Salute' },
  { code: 'PN-CAPCOE-2127', name: 'PN Capacità per la Coesione', level: 'national', funds: ['FESR', 'FSE+'], period: '2021-2027', managingAuthority: 'Agenzia per la Coesione Territoriale' },
  ...(
    [
      ['PIEMONTE', 'Piemonte'],
      ['LOMBARDIA', 'Lombardia'],
      ['VENETO', 'Veneto'],
      ['LIGURIA', 'Liguria'],
      ['EMILIA-ROMAGNA', 'Emilia-Romagna'],
      ['TOSCANA', 'Toscana'],
      ['UMBRIA', 'Umbria'],
      ['MARCHE', 'Marche'],
      ['LAZIO', 'Lazio'],
      ['ABRUZZO', 'Abruzzo'],
      ['CAMPANIA', 'Campania'],
    ] as const
  ).flatMap(([code, name]) => [
    { code: `PR-FESR-${code}-2127`, name: `PR FESR ${name} 2021-2027`, level: 'regional' as const, funds: ['FESR'], period: '2021-2027' as const, managingAuthority: `Regione ${name}` },
    { code: `PR-FSE-${code}-2127`, name: `PR FSE+ ${name} 2021-2027`, level: 'regional' as const, funds: ['FSE+'], period: '2021-2027' as const, managingAuthority: `Regione ${name}` },
  ]),
  ...(
    [
      ['MOLISE', 'Molise'],
      ['PUGLIA', 'Puglia'],
      ['CALABRIA', 'Calabria'],
      ['BASILICATA', 'Basilicata'],
    ] as const
  ).map(([code, name]) => ({ code: `PR-${code}-2127`, name: `PR FESR FSE+ ${name} 2021-2027`, level: 'regional' as const, funds: ['FESR', 'FSE+'], period: '2021-2027' as const, managingAuthority: `Regione ${name}` })),
  { code: 'INTERREG-ITA-AUT', name: 'Interreg VI-A Italia-Austria', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ITA-HRV', name: 'Interreg VI-A Italia-Croazia', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ITA-SVN', name: 'Interreg VI-A Italia-Slovenia', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ITA-CHE', name: 'Interreg VI-A Italia-Svizzera', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ITA-FRA-MAR', name: 'Interreg VI-A Italia-Francia Marittimo', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ALCOTRA', name: 'Interreg VI-A ALCOTRA', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ADRION', name: 'Interreg IPA ADRION', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-ALPINE', name: 'Interreg Alpine Space', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-CENTRAL', name: 'Interreg Central Europe', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-EUROMED', name: 'Interreg Euro-MED', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'INTERREG-EUROPE', name: 'Interreg Europe', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'URBACT-IV', name: 'URBACT IV', level: 'EU-shared', funds: ['CTE'], period: '2021-2027' },
  { code: 'PNRR-M1', name: 'PNRR M1 Digitalizzazione, innovazione, competitività e cultura', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M2', name: 'PNRR M2 Rivoluzione verde e transizione ecologica', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M3', name: 'PNRR M3 Infrastrutture per una mobilità sostenibile', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M4', name: 'PNRR M4 Istruzione e ricerca', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M5', name: 'PNRR M5 Inclusione e coesione', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M6', name: 'PNRR M6 Salute', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'PNRR-M7', name: 'PNRR M7 REPowerEU', level: 'national', funds: ['RRF'], period: 'PNRR-2021-2026' },
  { code: 'HORIZON', name: 'Horizon Europe', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027', ftFrameworkProgrammeCode: '43108390' },
  { code: 'DIGITAL', name: 'Digital Europe Programme', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027', ftFrameworkProgrammeCode: '43152860' },
  { code: 'EU4H', name: 'EU4Health', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027', ftFrameworkProgrammeCode: '43332642' },
  { code: 'LIFE', name: 'LIFE 2021-2027', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027' },
  { code: 'CERV', name: 'CERV — Citizens, Equality, Rights and Values', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027' },
  { code: 'ERASMUS', name: 'Erasmus+', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027' },
  { code: 'CREA', name: 'Creative Europe', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027' },
  { code: 'CEF', name: 'Connecting Europe Facility (Transport, Energy, Digital)', level: 'EU-direct', funds: ['EU-direct'], period: '2021-2027' },
];

/** Adds the programmes of a new release and updates the known ones; answers how many rows it wrote. */
export async function loadEuProgrammes(db: DbOrTx, seed: EuProgrammeSeed[] = euProgrammesSeed): Promise<number> {
  const rows = await db
    .insert(euProgrammes)
    .values(seed.map((p, i) => ({ ...p, managingAuthority: p.managingAuthority ?? null, ftFrameworkProgrammeCode: p.ftFrameworkProgrammeCode ?? null, position: i })))
    .onConflictDoUpdate({
      target: euProgrammes.code,
      set: {
        name: sql`excluded.name`,
        level: sql`excluded.level`,
        funds: sql`excluded.funds`,
        period: sql`excluded.period`,
        managingAuthority: sql`excluded.managing_authority`,
        ftFrameworkProgrammeCode: sql`excluded.ft_framework_programme_code`,
        position: sql`excluded.position`,
      },
    })
    .returning({ code: euProgrammes.code });
  return rows.length;
}
