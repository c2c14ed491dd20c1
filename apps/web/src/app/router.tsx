import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  parseSearchWith,
  stringifySearchWith,
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
const UsersPage = lazy(() => import('../features/identity/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const UserDetailPage = lazy(() =>
  import('../features/identity/admin/UserDetailPage').then((m) => ({ default: m.UserDetailPage })),
);
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const EnteDetailPage = lazy(() =>
  import('../features/registry/EnteDetailPage').then((m) => ({ default: m.EnteDetailPage })),
);
// The network registry ("Rete"): one chunk per page.
const NetworkLayout = lazy(() =>
  import('../features/network/NetworkLayout').then((m) => ({ default: m.NetworkLayout })),
);
const DashboardPage = lazy(() =>
  import('../features/network/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const ProtocolsPage = lazy(() =>
  import('../features/network/ProtocolsPage').then((m) => ({ default: m.ProtocolsPage })),
);
const ProtocolDetailPage = lazy(() =>
  import('../features/network/ProtocolDetailPage').then((m) => ({ default: m.ProtocolDetailPage })),
);
const ConventionsPage = lazy(() =>
  import('../features/network/ConventionsPage').then((m) => ({ default: m.ConventionsPage })),
);
const ConventionNewPage = lazy(() =>
  import('../features/network/ConventionNewPage').then((m) => ({ default: m.ConventionNewPage })),
);
const ConventionDetailPage = lazy(() =>
  import('../features/network/ConventionDetailPage').then((m) => ({ default: m.ConventionDetailPage })),
);
const TerritoryPage = lazy(() =>
  import('../features/network/TerritoryPage').then((m) => ({ default: m.TerritoryPage })),
);
const ReferentsPage = lazy(() =>
  import('../features/network/ReferentsPage').then((m) => ({ default: m.ReferentsPage })),
);
const BodiesPage = lazy(() => import('../features/network/BodiesPage').then((m) => ({ default: m.BodiesPage })));
const BodyDetailPage = lazy(() =>
  import('../features/network/BodyDetailPage').then((m) => ({ default: m.BodyDetailPage })),
);
const DecisionsPage = lazy(() =>
  import('../features/network/DecisionsPage').then((m) => ({ default: m.DecisionsPage })),
);
const GroupsPage = lazy(() => import('../features/network/GroupsPage').then((m) => ({ default: m.GroupsPage })));
const GroupDetailPage = lazy(() =>
  import('../features/network/GroupDetailPage').then((m) => ({ default: m.GroupDetailPage })),
);
const TablesPage = lazy(() => import('../features/network/TablesPage').then((m) => ({ default: m.TablesPage })));
const TableDetailPage = lazy(() =>
  import('../features/network/TableDetailPage').then((m) => ({ default: m.TableDetailPage })),
);

// Shared documents service: one chunk per page.
const DocumentPage = lazy(() =>
  import('../features/documents/DocumentPage').then((m) => ({ default: m.DocumentPage })),
);
const GlobalSearchPage = lazy(() => import('../features/search/SearchPage').then((m) => ({ default: m.SearchPage })));
const DocumentSearchPage = lazy(() =>
  import('../features/documents/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const FascicoliPage = lazy(() =>
  import('../features/documents/FascicoliPage').then((m) => ({ default: m.FascicoliPage })),
);
const FascicoloDetailPage = lazy(() =>
  import('../features/documents/FascicoloDetailPage').then((m) => ({ default: m.FascicoloDetailPage })),
);
const TemplatesPage = lazy(() =>
  import('../features/documents/TemplatesPage').then((m) => ({ default: m.TemplatesPage })),
);

// Notifications: one chunk per page (the bell is in the header).
const NotificationsPage = lazy(() =>
  import('../features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const NotificationPreferencesPage = lazy(() =>
  import('../features/notifications/PreferencesPage').then((m) => ({ default: m.PreferencesPage })),
);
const UnsubscribePage = lazy(() =>
  import('../features/notifications/UnsubscribePage').then((m) => ({ default: m.UnsubscribePage })),
);

// Assistance requests: one chunk per page.
const RequestsPage = lazy(() => import('../features/requests/RequestsPage').then((m) => ({ default: m.RequestsPage })));
const RequestNewPage = lazy(() =>
  import('../features/requests/RequestNewPage').then((m) => ({ default: m.RequestNewPage })),
);
const RequestDetailPage = lazy(() =>
  import('../features/requests/RequestDetailPage').then((m) => ({ default: m.RequestDetailPage })),
);
const RequestsDashboardPage = lazy(() =>
  import('../features/requests/RequestsDashboardPage').then((m) => ({ default: m.RequestsDashboardPage })),
);
const RequestCategoriesPage = lazy(() =>
  import('../features/requests/RequestCategoriesPage').then((m) => ({ default: m.RequestCategoriesPage })),
);
const RequestsStatsPage = lazy(() =>
  import('../features/requests/RequestsStatsPage').then((m) => ({ default: m.RequestsStatsPage })),
);
// Agenda Digitale Territoriale: one chunk per page, ECharts in its own chunk.
const DaCataloguePage = lazy(() => import('../features/digital-agenda/CataloguePage').then((m) => ({ default: m.CataloguePage })));
const DaProfilePage = lazy(() => import('../features/digital-agenda/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const DaBenchmarkPage = lazy(() => import('../features/digital-agenda/BenchmarkPage').then((m) => ({ default: m.BenchmarkPage })));
const DaImportPage = lazy(() => import('../features/digital-agenda/ImportPage').then((m) => ({ default: m.ImportPage })));
const DaQuestionnairePage = lazy(() => import('../features/digital-agenda/QuestionnairePage').then((m) => ({ default: m.QuestionnairePage })));
const DaMonitoringPage = lazy(() => import('../features/digital-agenda/MonitoringPage').then((m) => ({ default: m.MonitoringPage })));
const DaCentrePage = lazy(() => import('../features/digital-agenda/CentrePage').then((m) => ({ default: m.CentrePage })));
const DaCentreDashboardPage = lazy(() => import('../features/digital-agenda/CentreDashboardPage').then((m) => ({ default: m.CentreDashboardPage })));
// SUA procurement: one chunk per page.
const ProceduresPage = lazy(() =>
  import('../features/procurement/ProceduresPage').then((m) => ({ default: m.ProceduresPage })),
);
const ProcedureNewPage = lazy(() =>
  import('../features/procurement/ProcedureNewPage').then((m) => ({ default: m.ProcedureNewPage })),
);
const ProcurementTransparencyPage = lazy(() =>
  import('../features/procurement/TransparencyPage').then((m) => ({ default: m.TransparencyPage })),
);
const ProcurementTermsPage = lazy(() => import('../features/procurement/TermsPage').then((m) => ({ default: m.TermsPage })));
const ProcedureEditPage = lazy(() =>
  import('../features/procurement/ProcedureNewPage').then((m) => ({ default: m.ProcedureEditPage })),
);
const ProcedureDetailPage = lazy(() =>
  import('../features/procurement/ProcedureDetailPage').then((m) => ({ default: m.ProcedureDetailPage })),
);
const ProcurementDashboardPage = lazy(() =>
  import('../features/procurement/DashboardPage').then((m) => ({ default: m.ProcurementDashboardPage })),
);
const ProcurementTasksPage = lazy(() =>
  import('../features/procurement/TasksPage').then((m) => ({ default: m.TasksPage })),
);
const OperatorsPage = lazy(() =>
  import('../features/procurement/OperatorsPage').then((m) => ({ default: m.OperatorsPage })),
);
// SAPE EU funding: one chunk per page group.
const EuCallsPage = lazy(() => import('../features/eu-funding/CallsPage').then((m) => ({ default: m.CallsPage })));
const EuForMePage = lazy(() => import('../features/eu-funding/CallsPage').then((m) => ({ default: m.ForMePage })));
const EuCallNewPage = lazy(() => import('../features/eu-funding/CallPages').then((m) => ({ default: m.CallNewPage })));
const EuCallDetailPage = lazy(() => import('../features/eu-funding/CallPages').then((m) => ({ default: m.CallDetailPage })));
const EuProjectsPage = lazy(() => import('../features/eu-funding/ProjectPages').then((m) => ({ default: m.ProjectsPage })));
const EuProjectNewPage = lazy(() => import('../features/eu-funding/ProjectPages').then((m) => ({ default: m.ProjectNewPage })));
const EuProjectDetailPage = lazy(() => import('../features/eu-funding/ProjectPages').then((m) => ({ default: m.ProjectDetailPage })));
const EuServicesPage = lazy(() => import('../features/eu-funding/ServicesPage').then((m) => ({ default: m.ServicesPage })));
const EuTerritoryPage = lazy(() => import('../features/eu-funding/TerritoryPage').then((m) => ({ default: m.TerritoryPage })));
// Deadlines calendar.
const CalendarPage = lazy(() => import('../features/calendar/CalendarPage').then((m) => ({ default: m.CalendarPage })));

export interface RouterContext {
  queryClient: QueryClient;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Search params of a list page: the given keys, as non-empty strings (the page checks the values). */
function pickSearch<K extends string>(search: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const raw = search[key];
    const value = typeof raw === 'number' ? String(raw) : str(raw);
    if (value) out[key] = value;
  }
  return out;
}

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

const entiRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'enti',
  validateSearch: (search: Record<string, unknown>) =>
    pickSearch(search, ['type', 'populationClass', 'service'] as const),
  component: function EntiRoute() {
    const search = entiRoute.useSearch();
    const navigate = entiRoute.useNavigate();
    return <EntiPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

const enteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'enti/$enteId',
  component: function EnteRoute() {
    const { enteId } = enteRoute.useParams();
    return <EnteDetailPage enteId={enteId} />;
  },
});

const reteRoute = createRoute({ getParentRoute: () => rootRoute, path: 'rete', component: NetworkLayout });

const dashboardRoute = createRoute({ getParentRoute: () => reteRoute, path: '/', component: DashboardPage });

const protocolsRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'protocolli',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['state', 'region'] as const),
  component: function ProtocolsRoute() {
    const search = protocolsRoute.useSearch();
    const navigate = protocolsRoute.useNavigate();
    return <ProtocolsPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

const protocolRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'protocolli/$protocolId',
  component: function ProtocolRoute() {
    const { protocolId } = protocolRoute.useParams();
    return <ProtocolDetailPage protocolId={protocolId} />;
  },
});

const conventionsRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'convenzioni',
  validateSearch: (search: Record<string, unknown>) =>
    pickSearch(search, ['provincia', 'service', 'state', 'kind', 'expiring'] as const),
  component: function ConventionsRoute() {
    const search = conventionsRoute.useSearch();
    const navigate = conventionsRoute.useNavigate();
    return <ConventionsPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

const conventionNewRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'convenzioni/nuova',
  component: ConventionNewPage,
});

const conventionRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'convenzioni/$conventionId',
  component: function ConventionRoute() {
    const { conventionId } = conventionRoute.useParams();
    return <ConventionDetailPage conventionId={conventionId} />;
  },
});

const territoryIndexRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'territorio',
  component: function TerritoryIndexRoute() {
    return <TerritoryPage />;
  },
});

const territoryRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'territorio/$provinciaId',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['service', 'show'] as const),
  component: function TerritoryRoute() {
    const { provinciaId } = territoryRoute.useParams();
    const search = territoryRoute.useSearch();
    const navigate = territoryRoute.useNavigate();
    return (
      <TerritoryPage
        provinciaId={provinciaId}
        search={search}
        onSearch={(next) => void navigate({ search: next, replace: true })}
      />
    );
  },
});

const referentsRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'referenti',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['area', 'region', 'ente'] as const),
  component: function ReferentsRoute() {
    const search = referentsRoute.useSearch();
    const navigate = referentsRoute.useNavigate();
    return <ReferentsPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

const bodiesRoute = createRoute({ getParentRoute: () => reteRoute, path: 'organi', component: BodiesPage });

const bodyRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'organi/$bodyId',
  component: function BodyRoute() {
    const { bodyId } = bodyRoute.useParams();
    return <BodyDetailPage bodyId={bodyId} />;
  },
});

const decisionsRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'decisioni',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['q', 'body'] as const),
  component: function DecisionsRoute() {
    const search = decisionsRoute.useSearch();
    const navigate = decisionsRoute.useNavigate();
    return <DecisionsPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

const groupsRoute = createRoute({ getParentRoute: () => reteRoute, path: 'gruppi', component: GroupsPage });

const groupRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'gruppi/$groupId',
  component: function GroupRoute() {
    const { groupId } = groupRoute.useParams();
    return <GroupDetailPage groupId={groupId} />;
  },
});

const tablesRoute = createRoute({ getParentRoute: () => reteRoute, path: 'tavoli', component: TablesPage });

const tableRoute = createRoute({
  getParentRoute: () => reteRoute,
  path: 'tavoli/$tableId',
  component: function TableRoute() {
    const { tableId } = tableRoute.useParams();
    return <TableDetailPage tableId={tableId} />;
  },
});

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

const documentSearchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'documenti/cerca',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['q'] as const),
  component: function DocumentSearchRoute() {
    const { q } = documentSearchRoute.useSearch();
    const navigate = documentSearchRoute.useNavigate();
    return <DocumentSearchPage key={q ?? ''} q={q} onSearch={(next) => void navigate({ search: next })} />;
  },
});

const globalSearchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'cerca',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['q', 'kind', 'page'] as const),
  component: function GlobalSearchRoute() {
    const params = globalSearchRoute.useSearch();
    const navigate = globalSearchRoute.useNavigate();
    return <GlobalSearchPage params={params} onSearch={(next) => void navigate({ search: next })} />;
  },
});

const documentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'documenti/$documentId',
  component: function DocumentRoute() {
    const { documentId } = documentRoute.useParams();
    return <DocumentPage key={documentId} documentId={documentId} />;
  },
});

const fascicoliRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fascicoli', component: FascicoliPage });

const fascicoloRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'fascicoli/$fascicoloId',
  component: function FascicoloRoute() {
    const { fascicoloId } = fascicoloRoute.useParams();
    return <FascicoloDetailPage key={fascicoloId} fascicoloId={fascicoloId} />;
  },
});

const templatesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'amministrazione/modelli',
  component: TemplatesPage,
});

const notificationsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'notifiche', component: NotificationsPage });

const notificationPreferencesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'notifiche/preferenze',
  component: NotificationPreferencesPage,
});

const unsubscribeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'notifiche/disiscrizione',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['type', 'ok'] as const),
  component: function UnsubscribeRoute() {
    const { type, ok } = unsubscribeRoute.useSearch();
    return <UnsubscribePage type={type} ok={ok === '1'} />;
  },
});

const requestsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza',
  validateSearch: (search: Record<string, unknown>) =>
    pickSearch(search, ['view', 'service', 'state', 'sla', 'q', 'page'] as const),
  component: function RequestsRoute() {
    const search = requestsRoute.useSearch();
    const navigate = requestsRoute.useNavigate();
    return <RequestsPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});
const requestNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza/nuova',
  // a page of another service may open the form pre-filled (a competence centre's or a SAPE office's service)
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['service', 'category', 'categoryId', 'subject'] as const),
  component: function RequestNewRoute() {
    return <RequestNewPage prefill={requestNewRoute.useSearch()} />;
  },
});
const requestsDashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza/cruscotto',
  component: RequestsDashboardPage,
});
const requestsStatsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza/statistiche',
  component: RequestsStatsPage,
});
const requestCategoriesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza/categorie',
  component: RequestCategoriesPage,
});
const requestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'assistenza/$requestId',
  component: function RequestRoute() {
    const { requestId } = requestRoute.useParams();
    return <RequestDetailPage requestId={requestId} />;
  },
});

const proceduresRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'appalti',
  validateSearch: (search: Record<string, unknown>) =>
    pickSearch(search, ['state', 'objectType', 'procedureCode', 'q', 'page'] as const),
  component: function ProceduresRoute() {
    const search = proceduresRoute.useSearch();
    const navigate = proceduresRoute.useNavigate();
    return <ProceduresPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});
const procedureNewRoute = createRoute({ getParentRoute: () => rootRoute, path: 'appalti/nuova', component: ProcedureNewPage });
const procurementTransparencyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'appalti/trasparenza',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['comune'] as const),
  component: function ProcurementTransparencyRoute() {
    const { comune } = procurementTransparencyRoute.useSearch();
    const navigate = procurementTransparencyRoute.useNavigate();
    return <ProcurementTransparencyPage key={comune ?? ''} comune={comune} onComune={(code) => void navigate({ search: { comune: code }, replace: true })} />;
  },
});
const procurementTermsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'appalti/convenzioni', component: ProcurementTermsPage });
const procedureEditRoute = createRoute({ getParentRoute: () => rootRoute, path: 'appalti/$procedureId/modifica', component: ProcedureEditPage });
const procurementDashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'appalti/cruscotto',
  component: ProcurementDashboardPage,
});
const procurementTasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'appalti/attivita',
  component: ProcurementTasksPage,
});
const operatorsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'appalti/operatori', component: OperatorsPage });
const procedureRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'appalti/$procedureId',
  component: function ProcedureRoute() {
    const { procedureId } = procedureRoute.useParams();
    return <ProcedureDetailPage key={procedureId} procedureId={procedureId} />;
  },
});

const euCallsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue', component: EuCallsPage });
const euForMeRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue/per-te', component: EuForMePage });
const euCallNewRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue/bandi/nuovo', component: EuCallNewPage });
const euCallRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'fondi-ue/bandi/$callId',
  component: function EuCallRoute() {
    const { callId } = euCallRoute.useParams();
    return <EuCallDetailPage key={callId} callId={callId} />;
  },
});
const euProjectsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue/progetti', component: EuProjectsPage });
const euProjectNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'fondi-ue/progetti/nuovo',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['callId'] as const),
  component: function EuProjectNewRoute() {
    const { callId } = euProjectNewRoute.useSearch();
    return <EuProjectNewPage callId={callId} />;
  },
});
const euProjectRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'fondi-ue/progetti/$projectId',
  component: function EuProjectRoute() {
    const { projectId } = euProjectRoute.useParams();
    return <EuProjectDetailPage key={projectId} projectId={projectId} />;
  },
});
const euServicesRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue/servizi', component: EuServicesPage });
const euTerritoryRoute = createRoute({ getParentRoute: () => rootRoute, path: 'fondi-ue/territorio', component: EuTerritoryPage });
const daCatalogueRoute = createRoute({ getParentRoute: () => rootRoute, path: 'agenda-digitale', component: DaCataloguePage });
const daImportRoute = createRoute({ getParentRoute: () => rootRoute, path: 'agenda-digitale/importa', component: DaImportPage });
const daBenchmarkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/confronto',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['indicator', 'period', 'level', 'province'] as const),
  component: function DaBenchmarkRoute() {
    const search = daBenchmarkRoute.useSearch();
    const navigate = daBenchmarkRoute.useNavigate();
    const period = search.period ? Number(search.period) : undefined;
    const level = search.level === 'region' ? 'region' : search.level === 'province' ? 'province' : undefined;
    return (
      <DaBenchmarkPage
        search={{ indicator: search.indicator, period, level, province: search.province }}
        onSearch={(next) => void navigate({ search: { indicator: next.indicator, period: next.period ? String(next.period) : undefined, level: next.level, province: next.province }, replace: true })}
      />
    );
  },
});
const daProfileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/comuni/$istatCode',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['period'] as const),
  component: function DaProfileRoute() {
    const { istatCode } = daProfileRoute.useParams();
    const { period } = daProfileRoute.useSearch();
    return <DaProfilePage istatCode={istatCode} period={period ? Number(period) : 2026} />;
  },
});
const daQuestionnaireRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/comuni/$istatCode/autovalutazione',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['period'] as const),
  component: function DaQuestionnaireRoute() {
    const { istatCode } = daQuestionnaireRoute.useParams();
    const { period } = daQuestionnaireRoute.useSearch();
    const navigate = daQuestionnaireRoute.useNavigate();
    return <DaQuestionnairePage istatCode={istatCode} period={period ? Number(period) : 2026} onPeriod={(p) => void navigate({ search: { period: String(p) }, replace: true })} />;
  },
});
const daMonitoringRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/monitoraggio',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['level', 'code', 'indicator'] as const),
  component: function DaMonitoringRoute() {
    const search = daMonitoringRoute.useSearch();
    const navigate = daMonitoringRoute.useNavigate();
    const level = search.level === 'comune' || search.level === 'province' || search.level === 'region' ? search.level : undefined;
    return <DaMonitoringPage search={{ ...search, level }} onSearch={(next) => void navigate({ search: { level: next.level, code: next.code, indicator: next.indicator }, replace: true })} />;
  },
});
const daCentreRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/centri/$provinceIstatCode',
  component: function DaCentreRoute() {
    const { provinceIstatCode } = daCentreRoute.useParams();
    return <DaCentrePage key={provinceIstatCode} province={provinceIstatCode} />;
  },
});
const daCentreDashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'agenda-digitale/centri/$provinceIstatCode/cruscotto',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['period'] as const),
  component: function DaCentreDashboardRoute() {
    const { provinceIstatCode } = daCentreDashboardRoute.useParams();
    const { period } = daCentreDashboardRoute.useSearch();
    const navigate = daCentreDashboardRoute.useNavigate();
    return <DaCentreDashboardPage province={provinceIstatCode} period={period ? Number(period) : 2026} onPeriod={(p) => void navigate({ search: { period: String(p) }, replace: true })} />;
  },
});

const calendarRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'calendario',
  validateSearch: (search: Record<string, unknown>) => pickSearch(search, ['view', 'month', 'module'] as const),
  component: function CalendarRoute() {
    const search = calendarRoute.useSearch();
    const navigate = calendarRoute.useNavigate();
    return <CalendarPage search={search} onSearch={(next) => void navigate({ search: next, replace: true })} />;
  },
});

export const routeTree = rootRoute.addChildren([
  indexRoute,
  loginRoute,
  forgotRoute,
  resetRoute,
  entiRoute,
  enteRoute,
  reteRoute.addChildren([
    dashboardRoute,
    protocolsRoute,
    protocolRoute,
    conventionsRoute,
    conventionNewRoute,
    conventionRoute,
    territoryIndexRoute,
    territoryRoute,
    referentsRoute,
    bodiesRoute,
    bodyRoute,
    decisionsRoute,
    groupsRoute,
    groupRoute,
    tablesRoute,
    tableRoute,
  ]),
  usersRoute,
  userDetailRoute,
  auditRoute,
  globalSearchRoute,
  documentSearchRoute,
  documentRoute,
  fascicoliRoute,
  fascicoloRoute,
  templatesRoute,
  notificationsRoute,
  notificationPreferencesRoute,
  unsubscribeRoute,
  requestsRoute,
  requestNewRoute,
  requestsDashboardRoute,
  requestsStatsRoute,
  requestCategoriesRoute,
  requestRoute,
  calendarRoute,
  proceduresRoute,
  procedureNewRoute,
  procedureEditRoute,
  procurementTransparencyRoute,
  procurementTermsRoute,
  procurementDashboardRoute,
  procurementTasksRoute,
  operatorsRoute,
  procedureRoute,
  euCallsRoute,
  euForMeRoute,
  euCallNewRoute,
  euCallRoute,
  euProjectsRoute,
  euProjectNewRoute,
  euProjectRoute,
  euTerritoryRoute,
  euServicesRoute,
  daCatalogueRoute,
  daImportRoute,
  daBenchmarkRoute,
  daProfileRoute,
  daQuestionnaireRoute,
  daMonitoringRoute,
  daCentreRoute,
  daCentreDashboardRoute,
]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    history,
    defaultPreload: 'intent',
    scrollRestoration: true,
    // Search params are plain strings (?region=05&expiring=60): each page checks its own values.
    parseSearch: parseSearchWith((value) => value),
    stringifySearch: stringifySearchWith((value) => String(value)),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
