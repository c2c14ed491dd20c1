import { Outlet, useRouterState } from '@tanstack/react-router';
import { Suspense, useEffect, useRef } from 'react';
import { Footer } from './Footer';
import { Header } from './Header';
import { SkipLinks } from './SkipLinks';
import { Loading } from '../Loading';

/** Moves focus to the page heading after client-side navigation (not on first load). */
function useFocusOnNavigate() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => {
      const target = document.querySelector<HTMLElement>('#main h1') ?? document.getElementById('main');
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: false });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [pathname]);
}

export function Layout() {
  useFocusOnNavigate();
  return (
    <>
      <SkipLinks />
      <Header />
      <main id="main" tabIndex={-1} className="container pc-main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
    </>
  );
}
