import { render } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { App } from '../app/App';
import { createQueryClient } from '../app/query-client';
import { createAppRouter } from '../app/router';
import { createI18n, type Language } from '../lib/i18n';

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Replaces global fetch with a router on pathname. Unknown paths answer 401 for /auth/me, 404 otherwise. */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Array<{ url: URL; init: RequestInit | undefined }> = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    calls.push({ url, init });
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const handler = routes[key];
    if (handler) return handler(url, init);
    if (url.pathname === '/api/v1/auth/me') return json(401, { code: 'unauthenticated', message: 'no', requestId: 'r1' });
    if (url.pathname === '/api/v1/auth/providers') return json(200, { password: true, oidc: false, oidcLabel: null });
    return json(404, { code: 'not_found', message: 'nf', requestId: 'r2' });
  };
  globalThis.fetch = fn as typeof fetch;
  return calls;
}

export function renderApp(path: string, language: Language = 'it') {
  const queryClient = createQueryClient();
  const i18n = createI18n(language);
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createAppRouter(queryClient, history);
  const utils = render(<App router={router} queryClient={queryClient} i18n={i18n} />);
  return { ...utils, router, queryClient, i18n };
}
