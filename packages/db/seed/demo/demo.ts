import { hash } from '@node-rs/argon2';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { enti } from '../../src/schema/registry.js';
import { memberships, users } from '../../src/schema/identity.js';
import { UPI_NAME, bundledTerritory, provinceDisplayName } from '../reference/territory.js';

/** The one password of every demo account (demo data only, never in production). */
export const DEMO_PASSWORD = 'Demo-2026!pc';
export const DEMO_DOMAIN = 'demo.provincecomuni.it';

interface DemoAccountSpec {
  local: string;
  displayName: string;
  memberships: { role: string; enteType: string; istatCode: string | null }[];
}

/** Demo people: one per role, on the UPI, the Provincia di Padova and two of its Comuni. */
const DEMO_ACCOUNTS: DemoAccountSpec[] = [
  { local: 'admin.upi', displayName: 'Amministratore UPI (demo)', memberships: [{ role: 'upi_admin', enteType: 'upi', istatCode: null }] },
  { local: 'admin.provincia', displayName: 'Amministratore Provincia di Padova (demo)', memberships: [{ role: 'ente_admin', enteType: 'provincia', istatCode: '028' }] },
  { local: 'sua', displayName: 'Operatore SUA Padova (demo)', memberships: [{ role: 'sua_operator', enteType: 'provincia', istatCode: '028' }] },
  { local: 'sape', displayName: 'Operatore SAPE Padova (demo)', memberships: [{ role: 'sape_operator', enteType: 'provincia', istatCode: '028' }] },
  { local: 'sit', displayName: 'Operatore SIT Padova (demo)', memberships: [{ role: 'sit_operator', enteType: 'provincia', istatCode: '028' }] },
  {
    local: 'referente',
    displayName: 'Referente di progetto (demo)',
    memberships: [
      { role: 'referent', enteType: 'provincia', istatCode: '028' },
      { role: 'referent', enteType: 'provincia', istatCode: '029' },
    ],
  },
  { local: 'admin.comune', displayName: 'Amministratore Comune di Abano Terme (demo)', memberships: [{ role: 'ente_admin', enteType: 'comune', istatCode: '028001' }] },
  { local: 'rup', displayName: 'RUP Comune di Abano Terme (demo)', memberships: [{ role: 'comune_user', enteType: 'comune', istatCode: '028001' }] },
  { local: 'rup.albignasego', displayName: 'RUP Comune di Albignasego (demo)', memberships: [{ role: 'comune_user', enteType: 'comune', istatCode: '028003' }] },
  { local: 'ricercatore', displayName: 'Ricercatore (demo)', memberships: [{ role: 'researcher', enteType: 'upi', istatCode: null }] },
  { local: 'formatore', displayName: 'Formatore (demo)', memberships: [{ role: 'trainer', enteType: 'upi', istatCode: null }] },
  { local: 'lettore', displayName: 'Lettore (demo)', memberships: [{ role: 'viewer', enteType: 'comune', istatCode: '028001' }] },
];

export interface DemoAccount {
  email: string;
  password: string;
  role: string;
  enteIstatCode: string | null;
  enteName: string;
}

async function findEnte(db: DbOrTx, type: string, istatCode: string | null) {
  const where = istatCode === null ? eq(enti.type, type) : and(eq(enti.type, type), eq(enti.istatCode, istatCode));
  const [row] = await db.select({ id: enti.id, name: enti.name }).from(enti).where(where).limit(1);
  if (!row) throw new Error(`Demo data needs the reference ente ${type} ${istatCode ?? ''}: load the territory first`);
  return row;
}

/** Name of a reference ente, from the bundled territory (no database needed). */
function referenceName(enteType: string, istatCode: string | null): string {
  if (enteType === 'upi') return UPI_NAME;
  const t = bundledTerritory();
  if (enteType === 'comune') return t.comuni.find((c) => c.istatCode === istatCode)?.name ?? String(istatCode);
  const p = t.provinces.find((x) => x.istatCode === istatCode);
  return p ? provinceDisplayName(p) : String(istatCode);
}

/** Lists the demo accounts (one line per membership), as printed at start-up. Pure: reads no database. */
export function listDemoAccounts(): DemoAccount[] {
  return DEMO_ACCOUNTS.flatMap((a) =>
    a.memberships.map((m) => ({
      email: `${a.local}@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
      role: m.role,
      enteIstatCode: m.istatCode,
      enteName: referenceName(m.enteType, m.istatCode),
    })),
  );
}

/** Creates the demo accounts (marked `is_demo`); does nothing for accounts that exist. */
export async function loadDemoData(db: DbOrTx): Promise<number> {
  const emails = DEMO_ACCOUNTS.map((a) => `${a.local}@${DEMO_DOMAIN}`);
  const existing = new Set(
    (await db.select({ email: users.email }).from(users).where(inArray(users.email, emails))).map((r) => r.email),
  );
  const passwordHash = await hash(DEMO_PASSWORD);
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const email = `${a.local}@${DEMO_DOMAIN}`;
    if (existing.has(email)) continue;
    const [u] = await db
      .insert(users)
      .values({ email, displayName: a.displayName, passwordHash, isDemo: true })
      .returning({ id: users.id });
    for (const m of a.memberships) {
      const ente = await findEnte(db, m.enteType, m.istatCode);
      await db.insert(memberships).values({ userId: u!.id, enteId: ente.id, role: m.role });
    }
    created++;
  }
  return created;
}
