import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function Footer() {
  const { t } = useTranslation('common');
  return (
    <footer className="it-footer pc-footer">
      <div className="it-footer-main">
        <div className="container py-4">
          <div className="row">
            <div className="col-md-8 mb-3">
              <p className="pc-footer-title">{t('app.name')}</p>
              <p className="mb-0">{t('footer.about')}</p>
            </div>
            <div className="col-md-4 mb-3">
              <p className="pc-footer-title" id="footer-links-title">
                {t('footer.links_title')}
              </p>
              <ul className="list-unstyled mb-0" aria-labelledby="footer-links-title">
                <li>
                  <Link to="/">{t('nav.home')}</Link>
                </li>
                <li>
                  <Link to="/enti">{t('nav.enti')}</Link>
                </li>
                <li>
                  <a href="https://www.provinceditalia.it" rel="noopener">
                    {t('app.owner')}
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      </div>
      <div className="it-footer-small-prints">
        <div className="container py-2">
          <p className="mb-0 small">
            {t('footer.copyright', { year: new Date().getFullYear() })} · {t('footer.licence')}
          </p>
        </div>
      </div>
    </footer>
  );
}
