import { useTranslation } from 'react-i18next';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  label?: string;
}

export function Pagination({ page, pageSize, total, onChange, label }: PaginationProps) {
  const { t } = useTranslation('common');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination-wrapper pc-pagination" aria-label={label ?? t('pagination.label')}>
      <p className="mb-2" aria-live="polite">
        {t('pagination.results', { count: total })} · {t('pagination.page_of', { page, pages })}
      </p>
      <ul className="pagination">
        <li className={`page-item${page <= 1 ? ' disabled' : ''}`}>
          <button
            type="button"
            className="btn btn-outline-primary btn-sm me-2"
            disabled={page <= 1}
            onClick={() => onChange(page - 1)}
          >
            {t('pagination.previous')}
          </button>
        </li>
        <li className={`page-item${page >= pages ? ' disabled' : ''}`}>
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            disabled={page >= pages}
            onClick={() => onChange(page + 1)}
          >
            {t('pagination.next')}
          </button>
        </li>
      </ul>
    </nav>
  );
}
