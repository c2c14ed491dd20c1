import { Link } from '@tanstack/react-router';
import { useSession } from '../identity/session';
import { PERIODS } from './api';
import { useDigitalAgendaTranslation } from './i18n';

const linkProps = { className: 'nav-link', activeOptions: { exact: true }, activeProps: { className: 'nav-link active', 'aria-current': 'page' as const } };

/** Sub-navigation of the Agenda Digitale pages. */
export function DigitalAgendaNav() {
  const { t } = useDigitalAgendaTranslation();
  const links = [
    ['/agenda-digitale', t('nav.catalogue')],
    ['/agenda-digitale/confronto', t('nav.benchmark')],
    ['/agenda-digitale/monitoraggio', t('nav.monitoring')],
    ['/agenda-digitale/importa', t('nav.import')],
  ] as const;
  // the caller's own self-assessment and competence centre
  const { me } = useSession();
  const comune = me?.user.memberships.find((m) => m.enteType === 'comune' && m.enteIstatCode);
  const province = me?.user.memberships.find((m) => (m.enteType === 'provincia' || m.enteType === 'citta_metropolitana') && m.enteIstatCode);
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
        {comune && (
          <li className="nav-item">
            <Link to="/agenda-digitale/comuni/$istatCode/autovalutazione" params={{ istatCode: comune.enteIstatCode! }} {...linkProps}>
              {t('nav.questionnaire')}
            </Link>
          </li>
        )}
        {province && (
          <li className="nav-item">
            <Link to="/agenda-digitale/centri/$provinceIstatCode" params={{ provinceIstatCode: province.enteIstatCode! }} {...linkProps}>
              {t('nav.centre')}
            </Link>
          </li>
        )}
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

/** The year a page shows: a labelled choice among the programme's years, newest first. */
export function PeriodSelect({ id, value, onChange }: { id: string; value: number; onChange: (period: number) => void }) {
  const { t } = useDigitalAgendaTranslation();
  return (
    <div className="col-auto">
      <label htmlFor={id} className="form-label">
        {t('filters.period')}
      </label>
      <select id={id} className="form-select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {PERIODS.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
