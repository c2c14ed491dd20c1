import { useTranslation } from 'react-i18next';
import { languages } from '../../lib/i18n';

/** Two visible toggle buttons ("Italiano" / "English"), each named in its own language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const current = i18n.resolvedLanguage ?? i18n.language;
  return (
    <div className="pc-lang-switch" title={t('language.switch_hint')}>
      {languages.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="pc-header-btn"
          aria-pressed={current === lng}
          onClick={() => {
            if (current !== lng) void i18n.changeLanguage(lng);
          }}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
