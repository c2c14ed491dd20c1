import type { DocumentDetail, DocumentSignatures, Signer } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Loading } from '../../../components/Loading';
import { formatDateRome, formatDateTimeRome } from '../../../lib/format';
import { dk, documentsApi } from '../api';
import { useDocumentsTranslation } from '../i18n';

function signerName(s: Signer): string {
  const full = [s.givenName, s.surname].filter(Boolean).join(' ');
  return full || s.commonName || s.serialNumber;
}

function StatusIcon({ ok }: { ok: boolean }) {
  return (
    <svg className="pc-sig-icon me-1" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
      {ok ? (
        <path d="M4.5 8.5l2.2 2.2 4.8-5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      ) : (
        <path d="M5 5l6 6M11 5l-6 6" fill="none" stroke="currentColor" strokeWidth="1.8" />
      )}
    </svg>
  );
}

/** What the signatures of one version say: format, signers and the result of the check, in words. */
export function SignatureDetails({ data, signedContentUrl }: { data: DocumentSignatures; signedContentUrl?: string }) {
  const { t } = useDocumentsTranslation();
  const sig = data.signatures;
  if (!sig) return <p>{t('signatures.unsigned')}</p>;
  if ('error' in sig) {
    return (
      <div className="alert alert-warning" role="status">
        <p className="mb-0">{t('signatures.format', { format: sig.format })}</p>
        <p className="mb-0">{t('signatures.error', { error: sig.error })}</p>
      </div>
    );
  }
  return (
    <div>
      <p>{t('signatures.format', { format: sig.format })}</p>
      <ul className="list-unstyled pc-signers">
        {sig.signers.map((s, i) => (
          <li key={`${s.serialNumber}-${i}`} className="mb-3 p-3 border rounded">
            <h3 className="h6">{signerName(s)}</h3>
            <dl className="row mb-0">
              {s.fiscalCode && (
                <>
                  <dt className="col-sm-4">{t('signatures.fiscal_code')}</dt>
                  <dd className="col-sm-8">{s.fiscalCode}</dd>
                </>
              )}
              {s.organization && (
                <>
                  <dt className="col-sm-4">{t('signatures.organization')}</dt>
                  <dd className="col-sm-8">{s.organization}</dd>
                </>
              )}
              <dt className="col-sm-4">{t('signatures.signing_time')}</dt>
              <dd className="col-sm-8">
                {s.signingTime ? formatDateTimeRome(s.signingTime) : t('signatures.signing_time_none')}
              </dd>
              <dt className="col-sm-4">{t('signatures.validity')}</dt>
              <dd className="col-sm-8">
                {t('signatures.validity_range', { from: formatDateRome(s.notBefore), to: formatDateRome(s.notAfter) })}
                {s.validAtSigningTime !== null && (
                  <>
                    {' – '}
                    {s.validAtSigningTime ? t('signatures.valid_at_signing') : t('signatures.not_valid_at_signing')}
                  </>
                )}
              </dd>
              <dt className="col-sm-4">{t('signatures.issuer')}</dt>
              <dd className="col-sm-8 pc-break">{s.issuer}</dd>
              <dt className="col-sm-4">{t('signatures.status')}</dt>
              <dd className={`col-sm-8 fw-semibold ${s.verified ? 'text-success' : 'text-danger'}`}>
                <StatusIcon ok={s.verified} />
                {s.verified ? t('signatures.verified') : t('signatures.not_verified')}
                {!s.verified && s.reason && (
                  <span className="d-block fw-normal">{t('signatures.reason', { reason: s.reason })}</span>
                )}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      {sig.format === 'PAdES' && sig.coversWholeFile !== undefined && (
        <p>{sig.coversWholeFile ? t('signatures.whole_file') : t('signatures.not_whole_file')}</p>
      )}
      <p className="pc-hint">{t('signatures.trust_note')}</p>
      {sig.format === 'CAdES' && signedContentUrl && (
        <p>
          <a href={signedContentUrl} download>
            {t('signatures.signed_content')}
          </a>
        </p>
      )}
    </div>
  );
}

/** The signatures of the signed versions of a document, one version at a time (the latest signed first). */
export function SignaturesPanel({ doc }: { doc: DocumentDetail }) {
  const { t } = useDocumentsTranslation();
  const signed = doc.versions.filter((v) => v.signatures.signed).map((v) => v.version);
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? signed[signed.length - 1] ?? null;
  const query = useQuery({
    queryKey: dk.signatures(doc.id, version ?? 0),
    queryFn: () => documentsApi.signatures(doc.id, version ?? 1),
    enabled: version !== null,
  });
  return (
    <section className="mb-5" aria-labelledby="signatures-title">
      <h2 id="signatures-title" className="h4">
        {t('signatures.heading')}
      </h2>
      {version === null ? (
        <p>{t('signatures.none')}</p>
      ) : (
        <>
          {signed.length > 1 && (
            <div className="mb-3 pc-field">
              <label htmlFor="signatures-version" className="form-label pc-label">
                {t('signatures.version_label')}
              </label>
              <select
                id="signatures-version"
                className="form-select pc-input"
                value={version}
                onChange={(e) => setChosen(Number(e.target.value))}
              >
                {signed.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
          )}
          {query.isError ? (
            <ApiErrorAlert error={query.error} />
          ) : query.isPending ? (
            <Loading />
          ) : (
            <SignatureDetails data={query.data} signedContentUrl={documentsApi.signedContentUrl(doc.id, version)} />
          )}
        </>
      )}
    </section>
  );
}
