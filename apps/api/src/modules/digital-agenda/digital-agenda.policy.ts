import { hasRole, type Actor } from '../../lib/actor.js';

export type DigitalAgendaAction =
  /** Values a Comune entered itself: the Comune, its Province and UPI. */
  | { type: 'selfAssessed.read'; comuneId: string; provinceId: string | null }
  | { type: 'questionnaire.read'; comuneId: string; provinceId: string | null }
  | { type: 'questionnaire.write'; comuneId: string }
  /** Imports of values of Comuni of these Provinces (null: national open data). */
  | { type: 'import.write'; provinceIds: string[] | null }
  | { type: 'centre.manage'; provinceId: string }
  | { type: 'centre.dashboard'; provinceId: string }
  | { type: 'methodology.manage' };

const has = (actor: Actor, enteId: string | null, roles: string[]) =>
  !!enteId && actor.memberships.some((m) => m.enteId === enteId && roles.includes(m.role));
const PROVINCE_ROLES = ['sit_operator', 'ente_admin'];
const COMUNE_WRITERS = ['comune_user', 'ente_admin', 'referent'];

/**
 * Deny by default. Published aggregates are public (no check). A Comune's self-assessment is seen by the Comune,
 * its Province's competence centre and UPI; the centre's operators import values for the Comuni of their Province;
 * national open-data files and the methodology belong to UPI.
 */
export function can(actor: Actor | null, a: DigitalAgendaAction): boolean {
  if (!actor || actor.memberships.length === 0) return false;
  const upi = hasRole(actor, 'upi_admin');
  switch (a.type) {
    case 'selfAssessed.read':
    case 'questionnaire.read':
      return upi || actor.memberships.some((m) => m.enteId === a.comuneId) || has(actor, a.provinceId, PROVINCE_ROLES);
    case 'questionnaire.write':
      return has(actor, a.comuneId, COMUNE_WRITERS);
    case 'import.write':
      if (upi) return true;
      // a centre validates files of its own Comuni (a file naming none of them gets its report)
      return a.provinceIds !== null && centreProvinces(actor).size > 0 && a.provinceIds.every((p) => has(actor, p, PROVINCE_ROLES));
    case 'centre.manage':
      return has(actor, a.provinceId, PROVINCE_ROLES);
    case 'centre.dashboard':
      return upi || has(actor, a.provinceId, PROVINCE_ROLES);
    case 'methodology.manage':
      return upi;
    default:
      return false;
  }
}

/** Provinces where the actor runs the competence centre. */
export const centreProvinces = (actor: Actor | null) =>
  new Set(actor?.memberships.filter((m) => PROVINCE_ROLES.includes(m.role)).map((m) => m.enteId) ?? []);
