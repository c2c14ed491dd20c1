import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { documentsApi } from '../documents/api';
import { FileField } from '../network/components/FileField';
import { focusById } from '../network/components';
import { pk, procurementApi, useChecklist, useProcedureDocuments, type ProcedureDetail, type ProcedureDocument } from './api';
import { DocStateBadge } from './components';
import { useProcurementTranslation } from './i18n';

const OWNER_TYPE = 'procurement_procedure';

function UploadForm({ procedureId, doc, label, onDone, onCancel }: { procedureId: string; doc: ProcedureDocument; label: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useProcurementTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      // the file goes to the documents service first, then into the workspace slot
      const uploaded = await documentsApi.upload(file, { ownerType: OWNER_TYPE, ownerId: procedureId, title: label });
      return procurementApi.linkDocument(procedureId, doc.docType, uploaded.id);
    },
    onSuccess: onDone,
  });
  const id = `doc-upload-${doc.docType}`;
  return (
    <form
      noValidate
      className="pc-panel mt-2"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const file = fileRef.current?.files?.[0];
        if (!file) {
          setFileError(t('documents.file_required'));
          fileRef.current?.focus();
          return;
        }
        setFileError(null);
        upload.mutate(file);
      }}
    >
      <h4 id={`${id}-title`} className="h6" tabIndex={-1}>
        {t('documents.upload_title', { label })}
      </h4>
      <ApiErrorAlert error={upload.error} />
      <FileField id={`${id}-file`} label={t('documents.file_label', { label })} hint={t('documents.file_hint')} required error={fileError} inputRef={fileRef} />
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={upload.isPending}>
          {t('documents.upload_submit')}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function DocumentRow({ procedureId, doc, onChanged }: { procedureId: string; doc: ProcedureDocument; onChanged: () => void }) {
  const { t, i18n } = useProcurementTranslation();
  const label = i18n.language.startsWith('en') ? doc.labelEn : doc.labelIt;
  const [uploading, setUploading] = useState(false);
  const draft = useMutation({ mutationFn: () => procurementApi.draftDocument(procedureId, doc.docType, {}), onSuccess: onChanged });
  const move = useMutation({
    mutationFn: (to: 'in_bozza' | 'in_revisione' | 'approvato' | 'firmato') => procurementApi.documentTransition(procedureId, doc.docType, { to, version: doc.version }),
    onSuccess: onChanged,
  });
  const moves = doc.allowed.filter((s): s is 'in_bozza' | 'in_revisione' | 'approvato' | 'firmato' => s !== 'da_redigere');
  const canDraft = doc.canEdit && (doc.state === 'da_redigere' || doc.state === 'in_bozza');
  return (
    <tr data-doc-type={doc.docType}>
      <th scope="row" className="fw-normal">
        {label}
      </th>
      <td>{doc.required ? t('documents.required') : t('documents.optional')}</td>
      <td>
        <DocStateBadge state={doc.state} />
        {doc.approvedBy && <span className="d-block small">{t('documents.approved_by', { name: doc.approvedBy.displayName })}</span>}
      </td>
      <td>
        {doc.document ? (
          <Link to="/documenti/$documentId" params={{ documentId: doc.document.id }}>
            {doc.document.title}
            <span className="visually-hidden"> ({t('documents.version', { n: doc.document.currentVersion })})</span>
          </Link>
        ) : (
          <span>{t('documents.no_file')}</span>
        )}
      </td>
      <td>
        <ApiErrorAlert error={draft.error ?? move.error} />
        <div className="d-flex flex-wrap gap-2">
          {canDraft && (
            <button type="button" className="btn btn-outline-primary btn-sm" disabled={draft.isPending} onClick={() => draft.mutate()}>
              {t('documents.draft')}
              <span className="visually-hidden">: {label}</span>
            </button>
          )}
          {doc.canEdit && (
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              aria-expanded={uploading}
              onClick={() => {
                setUploading(true);
                focusById(`doc-upload-${doc.docType}-title`);
              }}
            >
              {t('documents.upload')}
              <span className="visually-hidden">: {label}</span>
            </button>
          )}
          {moves.map((to) => (
            <button key={to} type="button" className="btn btn-outline-primary btn-sm" disabled={move.isPending} onClick={() => move.mutate(to)}>
              {t(`doc_actions.${to}`)}
              <span className="visually-hidden">: {label}</span>
            </button>
          ))}
        </div>
        {uploading && (
          <UploadForm
            procedureId={procedureId}
            doc={doc}
            label={label}
            onCancel={() => setUploading(false)}
            onDone={() => {
              setUploading(false);
              onChanged();
            }}
          />
        )}
      </td>
    </tr>
  );
}

function ChecklistBox({ procedureId }: { procedureId: string }) {
  const { t, i18n } = useProcurementTranslation();
  const en = i18n.language.startsWith('en');
  const query = useChecklist(procedureId);
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const c = query.data;
  const problems = c.items.filter((i) => !i.ok);
  return (
    <div className="mb-3" data-testid="procedure-checklist">
      <h3 className="h5">{t('documents.checklist')}</h3>
      <p role="status">{c.ready ? t('documents.ready') : t('documents.not_ready')}</p>
      {(c.missing.length > 0 || problems.length > 0) && (
        <ul>
          {c.missing.map((m) => (
            <li key={m.code}>{en ? m.en : m.it}</li>
          ))}
          {problems.map((p) => (
            <li key={p.docType}>
              {en ? p.labelEn : p.labelIt}: {(en ? p.problemEn : p.problemIt) ?? t(`doc_states.${p.state}`)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Documenti": the workspace of the tender file by folder, the checklist and the exports. */
export function DocumentsSection({ procedure }: { procedure: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const [changed, setChanged] = useState(false);
  const query = useProcedureDocuments(procedure.id);
  const onChanged = () => {
    setChanged(true);
    void qc.invalidateQueries({ queryKey: pk.documents(procedure.id) });
    void qc.invalidateQueries({ queryKey: pk.checklist(procedure.id) });
    void qc.invalidateQueries({ queryKey: ['documents', 'list'] });
  };
  const folders = new Map<string, ProcedureDocument[]>();
  for (const d of query.data?.items ?? []) folders.set(d.folder, [...(folders.get(d.folder) ?? []), d]);
  return (
    <section aria-labelledby="procedure-documents-title" className="mb-5" id="documenti">
      <h2 id="procedure-documents-title" className="h4">
        {t('documents.title')}
      </h2>
      {changed && <SuccessAlert>{t('documents.saved')}</SuccessAlert>}
      {query.isError ? (
        <ApiErrorAlert error={query.error} />
      ) : query.isPending ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <p>{t('documents.empty')}</p>
      ) : (
        [...folders.entries()].map(([folder, docs]) => (
          <div key={folder} className="table-responsive">
            <table className="table pc-table">
              <caption>{t(`folders.${folder}`, { defaultValue: folder })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('documents.document')}</th>
                  <th scope="col">{t('documents.obligation')}</th>
                  <th scope="col">{t('documents.state')}</th>
                  <th scope="col">{t('documents.file')}</th>
                  <th scope="col">{t('documents.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {docs.map((d) => (
                  <DocumentRow key={`${d.id}-${d.version}`} procedureId={procedure.id} doc={d} onChanged={onChanged} />
                ))}
              </tbody>
            </table>
          </div>
        ))
      )}
      <ChecklistBox procedureId={procedure.id} />
      <div className="d-flex flex-wrap gap-2">
        <a className="btn btn-outline-primary" href={procurementApi.exportUrl(procedure.id)} download>
          {t('documents.export')}
        </a>
        <a className="btn btn-outline-primary" href={procurementApi.ocdsUrl(procedure.id)}>
          {t('documents.ocds')}
        </a>
      </div>
    </section>
  );
}
