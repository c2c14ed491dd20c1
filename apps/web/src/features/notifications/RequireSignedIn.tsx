import { Navigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Loading } from '../../components/Loading';
import { useSession } from '../identity/session';

/** Pages of one's own notifications need a signed-in user. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { me, isLoading } = useSession();
  const href = useRouterState({ select: (s) => s.location.href });
  if (isLoading) return <Loading />;
  if (!me) return <Navigate to="/login" search={{ redirect: href }} replace />;
  return <>{children}</>;
}
