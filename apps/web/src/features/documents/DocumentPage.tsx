import type { DocumentDetail } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDateTimeRome } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { FileField } from '../network/components/FileField';
import { dk, documentsApi, formatBytes } from './api';
import { MetadataForm } from './components/MetadataForm';
import { SignaturesPanel } from './components/SignaturesPanel';
import { useDocumentsTranslation } from './i18n';

function VersionsTable({ doc }: { doc: DocumentDetail }) {
  const { t } = useDocumentsTranslation();
  return (
    <div className="table-responsive">
      <table className="table pc-table">
        <caption>{t('versions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="text-end">
              {t('versions.version')}
            </th>
            <th scope="col">{t('versions.file')}</th>
            <th scope="col" className="text-end">
              {t('versions.size')}
            </th>
            <th scope="col">{t('versions.sha256')}</th>
            <th scope="col">{t('versions.author')}</th>
            <th scope="col">{t('versions.date')}</th>
            <th scope="col">{t('versions.signed')}</th>
            <th scope="col">{t('versions.download')}</th>
          </tr>
        </thead>
        <tbody>
          {[...doc.versions].reverse().map((v) => (
            <tr key={v.version}>
              <th scope="row" className="text-end fw-normal">
                {v.version}
              </th>
              <td className="pc-break">{v.fileName}</td>
              <td className="text-end">{formatBytes(v.size)}</td>
              <td>
                <code title={v.sha256} aria-hidden="true">
                  {v.sha256.slice(0, 12)}…
                </code>
                <span className="visually-hidden">{t('versions.sha256_full', { sha: v.sha256 })}</span>
              </td>
              <td>{v.createdBy?.displayName ?? t('versions.unknown_author')}</td>
              <td>{formatDateTimeRome(v.createdAt)}</td>
              <td>{v.signatures.signed ? t('versions.signed_yes') : t('versions.signed_no')}</td>
              <td>
                <a href={documentsApi.contentUrl(doc.id, v.version)} download={v.fileName}>
                  {t('versions.download')}
                  <span className="visually-hidden"> {t('versions.download_version', { version: v.version })}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewVersionForm({ doc }: { doc: DocumentDetail }) {
  const { t } = useDocumentsTranslation();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => documentsApi.addVersion(doc.id, file),
    onSuccess: async () => {
      if (fileRef.current) fileRef.current.value = '';
      await qc.invalidateQueries({ queryKey: ['documents'] });
    },
  });
  return (
    <section className="mb-5" aria-labelledby="new-version-title">
      <h2 id="new-version-title" className="h4">
        {t('new_version.heading')}
      </h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const file = fileRef.current?.files?.[0];
          if (!file) {
            setFileError(t('new_version.required'));
            fileRef.current?.focus();
            return;
          }
          setFileError(null);
          mutation.mutate(file);
        }}
      >
        <FileField
          id="new-version-file"
          label={t('new_version.file')}
          hint={t('new_version.hint')}
          required
          error={fileError}
          inputRef={fileRef}
        />
        <ApiErrorAlert error={mutation.error} />
        {mutation.data && <SuccessAlert>{t('new_version.done', { version: mutation.data.version })}</SuccessAlert>}
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {t('new_version.submit')}
        </button>
      </form>
    </section>
  );
}

function CompareVersions({ doc }: { doc: DocumentDetail }) {
  const { t } = useDocumentsTranslation();
  const versions = doc.versions.map((v) => v.version);
  const [from, setFrom] = useState(versions[versions.length - 2] ?? 1);
  const [to, setTo] = useState(versions[versions.length - 1] ?? 1);
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  const query = useQuery({
    queryKey: dk.compare(doc.id, asked?.from ?? 0, asked?.to ?? 0),
    queryFn: () => documentsApi.compare(doc.id, asked!.from, asked!.to),
    enabled: asked !== null,
  });
  return (
    <section className="mb-5" aria-labelledby="compare-title">
      <h2 id="compare-title" className="h4">
        {t('compare.heading')}
      </h2>
      {versions.length < 2 ? (
        <p>{t('compare.single')}</p>
      ) : (
        <form
          className="row align-items-end"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked({ from, to });
          }}
        >
          {(
            [
              ['compare-from', t('compare.from'), from, setFrom],
              ['compare-to', t('compare.to'), to, setTo],
            ] as const
          ).map(([fieldId, label, value, set]) => (
            <div key={fieldId} className="col-sm-4 mb-3 pc-field">
              <label htmlFor={fieldId} className="form-label pc-label">
                {label}
              </label>
              <select
                id={fieldId}
                className="form-select pc-input"
                value={value}
                onChange={(e) => set(Number(e.target.value))}
              >
                {versions.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div className="col-sm-4 mb-3">
            <button type="submit" className="btn btn-outline-primary">
              {t('compare.submit')}
            </button>
          </div>
        </form>
      )}
      {asked && (
        <div aria-live="polite">
          {query.isError ? (
            <ApiErrorAlert error={query.error} />
          ) : query.isPending ? (
            <Loading />
          ) : query.data.changed.length === 0 ? (
            <p>{t('compare.none')}</p>
          ) : (
            <>
              <h3 className="h6" id="compare-changed">
                {t('compare.changed', { count: query.data.changed.length })}
              </h3>
              <ul aria-labelledby="compare-changed">
                {query.data.changed.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function MetadataSection({ doc }: { doc: DocumentDetail }) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: dk.metadata(doc.id, doc.currentVersion),
    queryFn: () => documentsApi.metadata(doc.id, doc.currentVersion),
  });
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  return (
    <section className="mb-5">
      <MetadataForm
        key={`${doc.id}-${doc.currentVersion}`}
        metadata={query.data}
        onSave={async (input) => {
          const result = await documentsApi.putMetadata(doc.id, input);
          if (result.newVersion) await qc.invalidateQueries({ queryKey: dk.detail(doc.id) });
          return result;
        }}
      />
    </section>
  );
}

export function DocumentPage({ documentId }: { documentId: string }) {
  const { t } = useDocumentsTranslation();
  const query = useQuery({ queryKey: dk.detail(documentId), queryFn: () => documentsApi.detail(documentId) });
  usePageTitle(query.data?.title ?? t('document.title'));
  if (query.isError) {
    return (
      <div>
        <h1>{t('document.title')}</h1>
        <ApiErrorAlert error={query.error} />
      </div>
    );
  }
  if (query.isPending) {
    return (
      <div>
        <Loading />
      </div>
    );
  }
  const doc = query.data;
  return (
    <div>
      <h1 className="pc-break">{doc.title}</h1>
      <p className="lead">{t('document.current_version', { version: doc.currentVersion })}</p>
      {doc.locked && <p className="pc-hint">{t('document.locked')}</p>}
      <section className="mb-5" aria-labelledby="versions-title">
        <h2 id="versions-title" className="h4">
          {t('versions.heading')}
        </h2>
        <VersionsTable doc={doc} />
      </section>
      <NewVersionForm doc={doc} />
      <SignaturesPanel doc={doc} />
      <MetadataSection doc={doc} />
      <CompareVersions doc={doc} />
    </div>
  );
}
