import type { Me, User, UserCreate, UserUpdate, MembershipCreate, Role } from '@app/contracts';
import { api, ApiError, setCsrfToken } from '../../lib/api-client';

export interface AuthProviders {
  password: boolean;
  oidc: boolean;
  oidcLabel: string | null;
}

export interface UserList {
  items: User[];
  total: number;
}

export const OIDC_LOGIN_URL = '/api/v1/auth/oidc/login';

export const ADMIN_ROLES: readonly Role[] = ['upi_admin', 'ente_admin'];

function remember(me: Me): Me {
  setCsrfToken(me.csrfToken ?? null);
  return me;
}

export const identityApi = {
  providers: () => api.get<AuthProviders>('/auth/providers'),
  /** The current session, or null when not logged in. */
  me: async (): Promise<Me | null> => {
    try {
      return remember(await api.get<Me>('/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw err;
    }
  },
  login: async (body: { email: string; password: string }) => remember(await api.post<Me>('/auth/login', body)),
  logout: async () => {
    await api.post<void>('/auth/logout');
    setCsrfToken(null);
  },
  setActiveMembership: async (membershipId: string) =>
    remember(await api.post<Me>('/auth/active-membership', { membershipId })),
  forgotPassword: (email: string) => api.post<void>('/auth/password/forgot', { email }),
  resetPassword: (token: string, password: string) => api.post<void>('/auth/password/reset', { token, password }),

  listUsers: (params: { q?: string; enteId?: string; page: number; pageSize: number }) =>
    api.get<UserList>('/users', params),
  getUser: (id: string) => api.get<User>(`/users/${encodeURIComponent(id)}`),
  createUser: (body: UserCreate) => api.post<User>('/users', body),
  updateUser: (id: string, body: UserUpdate) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),
  addMembership: (id: string, body: MembershipCreate) =>
    api.post<User>(`/users/${encodeURIComponent(id)}/memberships`, body),
  removeMembership: (id: string, membershipId: string) =>
    api.delete<void>(`/users/${encodeURIComponent(id)}/memberships/${encodeURIComponent(membershipId)}`),
};
