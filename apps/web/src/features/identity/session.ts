import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Me, Membership } from '@app/contracts';
import { ADMIN_ROLES, identityApi } from './api';

export const meQueryKey = ['auth', 'me'] as const;
export const providersQueryKey = ['auth', 'providers'] as const;

export interface Session {
  me: Me | null;
  isLoading: boolean;
  activeMembership: Membership | null;
  isAdmin: boolean;
}

export function activeMembershipOf(me: Me | null | undefined): Membership | null {
  if (!me) return null;
  const { memberships } = me.user;
  return memberships.find((m) => m.id === me.activeMembershipId) ?? null;
}

export function useSession(): Session {
  const query = useQuery({
    queryKey: meQueryKey,
    queryFn: identityApi.me,
    staleTime: 60_000,
    retry: false,
  });
  const me = query.data ?? null;
  const activeMembership = activeMembershipOf(me);
  return {
    me,
    isLoading: query.isPending,
    activeMembership,
    isAdmin: !!activeMembership && ADMIN_ROLES.includes(activeMembership.role),
  };
}

export function useProviders() {
  return useQuery({ queryKey: providersQueryKey, queryFn: identityApi.providers, staleTime: 5 * 60_000, retry: false });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: identityApi.login,
    onSuccess: (me) => {
      qc.setQueryData(meQueryKey, me);
    },
  });
}

/**
 * Logs out, leaves the current page for the home page, and only then forgets the session:
 * clearing it first would make a guarded page (admin) redirect to the login at the same time.
 */
export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: identityApi.logout,
    onSettled: async () => {
      await navigate({ to: '/' });
      qc.setQueryData(meQueryKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}

export function useSwitchMembership() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: identityApi.setActiveMembership,
    onSuccess: (me) => {
      qc.setQueryData(meQueryKey, me);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}
