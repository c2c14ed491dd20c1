import type { Membership } from '@app/contracts';
import { useSession } from '../identity/session';

const PROVINCE_TYPES = ['provincia', 'citta_metropolitana'];
const MANAGER_ROLES = ['ente_admin', 'referent'];

export interface NetworkAccess {
  isLoggedIn: boolean;
  isLoading: boolean;
  /** UPI administrator: administers the whole network. */
  isUpi: boolean;
  /** The UPI ente (owner of the UPI–Provincia conventions), when the caller is a UPI administrator. */
  upiEnteId: string | null;
  /** Provinces whose referents, conventions and candidatures the caller manages (the active one first). */
  managedProvinces: Membership[];
  /** Whether the caller manages this Province (UPI administers them all). */
  canManage: (enteId: string | null | undefined) => boolean;
  /** The Province of the active membership, when it is one. */
  activeProvince: Membership | null;
}

/** What the UI may offer: the server decides; the UI only hides what cannot be done. */
export function networkAccessOf(
  memberships: Membership[],
  active: Membership | null,
): Omit<NetworkAccess, 'isLoading' | 'isLoggedIn'> {
  const upi = memberships.find((m) => m.role === 'upi_admin') ?? null;
  const managed: Membership[] = [];
  const ordered = active ? [active, ...memberships.filter((m) => m.id !== active.id)] : memberships;
  for (const m of ordered) {
    if (
      MANAGER_ROLES.includes(m.role) &&
      PROVINCE_TYPES.includes(m.enteType) &&
      !managed.some((x) => x.enteId === m.enteId)
    ) {
      managed.push(m);
    }
  }
  return {
    isUpi: !!upi,
    upiEnteId: upi?.enteId ?? null,
    managedProvinces: managed,
    canManage: (enteId) => !!upi || (!!enteId && managed.some((m) => m.enteId === enteId)),
    activeProvince: active && PROVINCE_TYPES.includes(active.enteType) ? active : null,
  };
}

export function useNetworkAccess(): NetworkAccess {
  const { me, isLoading, activeMembership } = useSession();
  return {
    isLoggedIn: !!me,
    isLoading,
    ...networkAccessOf(me?.user.memberships ?? [], activeMembership),
  };
}
