import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from './ApiErrorAlert';
import { Loading } from './Loading';
import { Pagination } from './Pagination';

export interface PagedTableColumn {
  /** Visible header text. */
  label: string;
  /** Extra classes for the header cell (e.g. `text-end` for numbers). */
  className?: string;
}

interface PagedTableProps<T> {
  /** The list query: `{ items, total }` from the API. */
  query: UseQueryResult<{ items: T[]; total: number }>;
  /** Table caption, read by screen readers as the table's name. */
  caption: string;
  /** Status text when the list is empty. */
  emptyText: string;
  columns: PagedTableColumn[];
  rowKey: (item: T) => string | number;
  /** The cells of one row (`<th scope="row">` first where a row has a name). */
  renderCells: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
}

/** A list page's table: error, loading and empty states, the accessible table and its pagination. */
export function PagedTable<T>({
  query,
  caption,
  emptyText,
  columns,
  rowKey,
  renderCells,
  page,
  pageSize,
  onPageChange,
}: PagedTableProps<T>) {
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  if (query.data.items.length === 0) return <p role="status">{emptyText}</p>;
  return (
    <>
      <div className="table-responsive">
        <table className="table table-striped pc-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.className}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {query.data.items.map((item) => (
              <tr key={rowKey(item)}>{renderCells(item)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={query.data.total} onChange={onPageChange} />
    </>
  );
}
