import { Navigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Loading } from '../../../components/Loading';
import { ForbiddenPage } from '../../home/StatusPages';
import { useSession } from '../session';

/** Admin pages: login required, and upi_admin or ente_admin in the active membership. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { me, isLoading, isAdmin } = useSession();
  const href = useRouterState({ select: (s) => s.location.href });
  if (isLoading) return <Loading />;
  if (!me) return <Navigate to="/login" search={{ redirect: href }} replace />;
  if (!isAdmin) return <ForbiddenPage />;
  return <>{children}</>;
}
