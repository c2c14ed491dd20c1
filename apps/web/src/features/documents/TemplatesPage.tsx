import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTimeRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { FileField } from '../network/components/FileField';
import { dk, documentsApi } from './api';
import { useDocumentsTranslation } from './i18n';

function CapabilitiesNotice() {
  const { t } = useDocumentsTranslation();
  const query = useQuery({ queryKey: dk.capabilities, queryFn: documentsApi.capabilities });
  if (!query.data) return null;
  if (query.data.pdfa) {
    return <p className="pc-hint">{t('templates.pdfa_ok', { version: query.data.soffice ?? '' })}</p>;
  }
  return (
    <div className="alert alert-warning" role="status">
      <p className="mb-0">{t('templates.pdfa_missing')}</p>
      {query.data.hint && <p className="mb-0 small">{query.data.hint}</p>}
    </div>
  );
}

function UploadTemplateForm() {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [ownerType, setOwnerType] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (file: File) =>
      documentsApi.uploadTemplate(file, {
        name: name.trim(),
        description: description.trim() || undefined,
        ownerType: ownerType.trim() || undefined,
      }),
    onSuccess: async () => {
      setName('');
      setDescription('');
      setOwnerType('');
      if (fileRef.current) fileRef.current.value = '';
      await qc.invalidateQueries({ queryKey: dk.templates });
    },
  });
  return (
    <section className="mb-5" aria-labelledby="template-upload-title">
      <h2 id="template-upload-title" className="h4">
        {t('templates.upload_title')}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const file = fileRef.current?.files?.[0];
          if (!file) {
            setFileError(t('templates.file_required'));
            return;
          }
          setFileError(null);
          mutation.mutate(file);
        }}
      >
        <div className="mb-4 pc-field">
          <label htmlFor="template-name" className="form-label pc-label">
            {t('templates.name')}
          </label>
          <input
            id="template-name"
            className="form-control pc-input"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="mb-4 pc-field">
          <label htmlFor="template-description" className="form-label pc-label">
            {t('templates.description')}
          </label>
          <textarea
            id="template-description"
            className="form-control pc-input"
            rows={2}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="mb-4 pc-field">
          <label htmlFor="template-owner-type" className="form-label pc-label">
            {t('templates.owner_type')}
          </label>
          <p id="template-owner-type-hint" className="form-text pc-hint mb-1">
            {t('templates.owner_type_hint')}
          </p>
          <input
            id="template-owner-type"
            className="form-control pc-input"
            aria-describedby="template-owner-type-hint"
            maxLength={50}
            value={ownerType}
            onChange={(e) => setOwnerType(e.target.value)}
          />
        </div>
        <FileField
          id="template-file"
          label={t('templates.file')}
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          required
          error={fileError}
          inputRef={fileRef}
        />
        <ApiErrorAlert error={mutation.error} />
        {mutation.isSuccess && <SuccessAlert>{t('templates.uploaded')}</SuccessAlert>}
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {t('templates.submit')}
        </button>
      </form>
    </section>
  );
}

export function TemplatesPage() {
  const { t } = useDocumentsTranslation();
  usePageTitle(t('templates.title'));
  const query = useQuery({ queryKey: dk.templates, queryFn: documentsApi.templates });
  return (
    <div>
      <h1>{t('templates.title')}</h1>
      <p>{t('templates.intro')}</p>
      <CapabilitiesNotice />
      {query.isError ? (
        <ApiErrorAlert error={query.error} />
      ) : query.isPending ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <p>{t('templates.none')}</p>
      ) : (
        <div className="table-responsive mb-5">
          <table className="table pc-table">
            <caption>{t('templates.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.name')}</th>
                <th scope="col">{t('templates.owner_type')}</th>
                <th scope="col">{t('templates.placeholders')}</th>
                <th scope="col">{t('templates.created')}</th>
                <th scope="col">{t('templates.preview')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((tpl) => (
                <tr key={tpl.id}>
                  <th scope="row" className="fw-normal">
                    {tpl.name}
                    {tpl.description && <span className="d-block small pc-hint">{tpl.description}</span>}
                  </th>
                  <td>{tpl.ownerType ?? '—'}</td>
                  <td>
                    {tpl.placeholders.length === 0
                      ? t('templates.no_placeholders')
                      : tpl.placeholders.map((p) => (
                          <code key={p} className="me-2 d-inline-block">
                            {p}
                          </code>
                        ))}
                  </td>
                  <td>{formatDateTimeRome(tpl.createdAt)}</td>
                  <td>
                    <a href={documentsApi.templatePreviewUrl(tpl.id)} download>
                      {t('templates.preview')}
                      <span className="visually-hidden"> {tpl.name}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <UploadTemplateForm />
    </div>
  );
}
