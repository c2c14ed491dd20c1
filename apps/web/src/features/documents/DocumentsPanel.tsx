import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTimeRome } from '../../lib/format';
import { FileField } from '../network/components/FileField';
import { dk, documentsApi, formatBytes } from './api';
import { useDocumentsTranslation } from './i18n';

interface DocumentsPanelProps {
  ownerType: string;
  ownerId: string;
  /** Caption of the table (names the record). */
  caption: string;
  /** Whether the caller may upload documents to the record. */
  canUpload?: boolean;
  /** Prefix of the element ids, unique in the page. */
  idPrefix?: string;
  /** Cache key of the list, when the page shares it with other queries. */
  queryKey?: readonly unknown[];
}

/** The documents of a record: list with a link to each document page, and an upload form. */
export function DocumentsPanel({
  ownerType,
  ownerId,
  caption,
  canUpload = false,
  idPrefix = 'docs',
  queryKey,
}: DocumentsPanelProps) {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const listKey = queryKey ?? dk.list(ownerType, ownerId);
  const query = useQuery({ queryKey: listKey, queryFn: () => documentsApi.list(ownerType, ownerId) });
  const upload = useMutation({
    mutationFn: (file: File) => documentsApi.upload(file, { ownerType, ownerId, title: title.trim() || undefined }),
    onSuccess: async () => {
      setTitle('');
      if (fileRef.current) fileRef.current.value = '';
      await qc.invalidateQueries({ queryKey: listKey });
    },
  });

  return (
    <div>
      {query.isError ? (
        <ApiErrorAlert error={query.error} />
      ) : query.isPending ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <p>{t('panel.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panel.title')}</th>
                <th scope="col">{t('panel.file')}</th>
                <th scope="col" className="text-end">
                  {t('panel.version')}
                </th>
                <th scope="col" className="text-end">
                  {t('panel.size')}
                </th>
                <th scope="col">{t('panel.uploaded_at')}</th>
                <th scope="col">{t('panel.download')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="fw-normal">
                    <Link to="/documenti/$documentId" params={{ documentId: d.id }}>
                      {d.title}
                    </Link>
                    {d.locked && <span className="ms-2 pc-tag">{t('panel.locked')}</span>}
                  </th>
                  <td className="pc-break">{d.fileName}</td>
                  <td className="text-end">{d.version}</td>
                  <td className="text-end">{formatBytes(d.size)}</td>
                  <td>{formatDateTimeRome(d.createdAt)}</td>
                  <td>
                    <a href={documentsApi.contentUrl(d.id)} download={d.fileName}>
                      {t('panel.download')}
                      <span className="visually-hidden"> {d.title}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUpload && (
        <form
          noValidate
          className="mt-3"
          aria-labelledby={`${idPrefix}-upload-title`}
          onSubmit={(e) => {
            e.preventDefault();
            const file = fileRef.current?.files?.[0];
            if (!file) {
              setFileError(t('errors.file_required'));
              fileRef.current?.focus();
              return;
            }
            setFileError(null);
            upload.mutate(file);
          }}
        >
          <h3 id={`${idPrefix}-upload-title`} className="h5">
            {t('panel.upload_title')}
          </h3>
          <FileField
            id={`${idPrefix}-file`}
            label={t('panel.file_label')}
            hint={t('panel.file_hint')}
            required
            error={fileError}
            inputRef={fileRef}
          />
          <div className="mb-4 pc-field">
            <label htmlFor={`${idPrefix}-title`} className="form-label pc-label">
              {t('panel.doc_title')}
            </label>
            <p id={`${idPrefix}-title-hint`} className="form-text pc-hint mb-1">
              {t('panel.doc_title_hint')}
            </p>
            <input
              id={`${idPrefix}-title`}
              className="form-control pc-input"
              aria-describedby={`${idPrefix}-title-hint`}
              value={title}
              maxLength={300}
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          <ApiErrorAlert error={upload.error} />
          {upload.isSuccess && <SuccessAlert>{t('panel.uploaded')}</SuccessAlert>}
          <button type="submit" className="btn btn-primary" disabled={upload.isPending}>
            {t('panel.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
