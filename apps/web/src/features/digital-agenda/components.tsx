import { Link } from '@tanstack/react-router';
import { useDigitalAgendaTranslation } from './i18n';

/** Sub-navigation of the Agenda Digitale pages. */
export function DigitalAgendaNav() {
  const { t } = useDigitalAgendaTranslation();
  const links = [
    ['/agenda-digitale', t('nav.catalogue')],
    ['/agenda-digitale/confronto', t('nav.benchmark')],
    ['/agenda-digitale/importa', t('nav.import')],
  ] as const;
  return (
    <nav aria-label={t('nav.label')} className="mb-3">
      <ul className="nav nav-tabs">
        {links.map(([to, label]) => (
          <li className="nav-item" key={to}>
            <Link to={to} className="nav-link" activeOptions={{ exact: true }} activeProps={{ className: 'nav-link active', 'aria-current': 'page' }}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** CSV and JSON links of a table (open data). */
export function Downloads({ csv, json, label }: { csv: string; json: string; label: string }) {
  const { t } = useDigitalAgendaTranslation();
  return (
    <p className="small">
      {label}:{' '}
      <a href={csv} download>
        {t('download.csv')}
      </a>{' '}
      ·{' '}
      <a href={json} target="_blank" rel="noreferrer">
        {t('download.json')}
      </a>
    </p>
  );
}
