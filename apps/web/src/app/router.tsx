import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type RouterHistory,
} from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { Layout } from '../components/layout/Layout';
import { HomePage } from '../features/home/HomePage';
import { NotFoundPage } from '../features/home/StatusPages';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage';
import { LoginPage } from '../features/identity/LoginPage';
import { ResetPasswordPage } from '../features/identity/ResetPasswordPage';

// Lazy chunks: keep the initial JS of "/" and "/login" small.
const EntiPage = lazy(() => import('../features/registry/EntiPage').then((m) => ({ default: m.EntiPage })));
const UsersPage = lazy(() =>
  import('../features/identity/admin/UsersPage').then((m) => ({ default: m.UsersPage })),
);
const UserDetailPage = lazy(() =>
  import('../features/identity/admin/UserDetailPage').then((m) => ({ default: m.UserDetailPage })),
);
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));

export interface RouterContext {
  queryClient: QueryClient;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Layout,
  notFoundComponent: NotFoundPage,
});

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => {
    const redirect = str(search['redirect']);
    return redirect ? { redirect } : {};
  },
  component: function LoginRoute() {
    const { redirect } = loginRoute.useSearch();
    return <LoginPage redirect={redirect} />;
  },
});

const forgotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'password/forgot',
  component: ForgotPasswordPage,
});

const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'password/reset',
  validateSearch: (search: Record<string, unknown>): { token?: string } => {
    const token = str(search['token']);
    return token ? { token } : {};
  },
  component: function ResetRoute() {
    const { token } = resetRoute.useSearch();
    return <ResetPasswordPage token={token} />;
  },
});

const entiRoute = createRoute({ getParentRoute: () => rootRoute, path: 'enti', component: EntiPage });

const usersRoute = createRoute({ getParentRoute: () => rootRoute, path: 'admin/users', component: UsersPage });

const userDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'admin/users/$userId',
  component: function UserDetailRoute() {
    const { userId } = userDetailRoute.useParams();
    return <UserDetailPage userId={userId} />;
  },
});

const auditRoute = createRoute({ getParentRoute: () => rootRoute, path: 'admin/audit', component: AuditPage });

export const routeTree = rootRoute.addChildren([
  indexRoute,
  loginRoute,
  forgotRoute,
  resetRoute,
  entiRoute,
  usersRoute,
  userDetailRoute,
  auditRoute,
]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    history,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
