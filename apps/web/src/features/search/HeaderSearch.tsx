import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The search box of the header: leads to the results page. */
export function HeaderSearch() {
  const { t } = useTranslation('common');
  const navigate = useNavigate();
  const [text, setText] = useState('');
  return (
    <form
      role="search"
      aria-label={t('search.label')}
      className="pc-header-search d-flex align-items-center"
      onSubmit={(e) => {
        e.preventDefault();
        const q = text.trim();
        if (q.length >= 2) void navigate({ to: '/cerca', search: { q } });
      }}
    >
      <label htmlFor="header-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="header-search"
        type="search"
        className="form-control form-control-sm"
        placeholder={t('search.placeholder')}
        minLength={2}
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn btn-primary btn-sm ms-1">
        {t('search.submit')}
      </button>
    </form>
  );
}
