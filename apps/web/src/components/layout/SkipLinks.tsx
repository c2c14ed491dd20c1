import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

function focusTarget(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  event.preventDefault();
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
  el.scrollIntoView?.();
}

export function SkipLinks() {
  const { t } = useTranslation('common');
  return (
    <nav className="skiplink" aria-label={t('skip_links.label')}>
      <a className="visually-hidden-focusable" href="#main" onClick={(e) => focusTarget(e, 'main')}>
        {t('skip_links.main')}
      </a>
      <a className="visually-hidden-focusable" href="#main-nav" onClick={(e) => focusTarget(e, 'main-nav')}>
        {t('skip_links.nav')}
      </a>
    </nav>
  );
}
