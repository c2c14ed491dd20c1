import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DaImportCreate } from '@app/contracts';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ApiError } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { PERIODS, digitalAgendaApi, type DaImport, type DaImportProgress } from './api';
import { DigitalAgendaNav, PeriodSelect } from './components';
import { useDigitalAgendaTranslation } from './i18n';

type Report = DaImport['report'];

/** A random UUID v4 (the key under which the server tells the validation's progress). */
function newProgressKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The validation's progress: a bar (progressbar role with its values) and a polite live region with the figures. */
export function ImportProgress({ progress }: { progress: DaImportProgress | null }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const n = (x: number) => x.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'it-IT');
  const percent = progress?.percent ?? 0;
  const text = progress
    ? t(`import.phases.${progress.phase}`, { done: n(progress.rowsDone), total: n(progress.rowsTotal), percent })
    : t('import.phases.upload');
  return (
    <section aria-labelledby="import-progress-title" className="mb-3">
      <h2 id="import-progress-title" className="h6">
        {t('import.progress')}
      </h2>
      <div className="progress" style={{ height: '1rem' }}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-labelledby="import-progress-title"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={text}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p role="status" aria-live="polite" className="small mt-1">
        {text}
      </p>
    </section>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t } = useDigitalAgendaTranslation();
  return (
    <section aria-labelledby="report-title" className="mb-3">
      <h2 id="report-title" className="h5">
        {t('import.report')}
      </h2>
      <p>{t('import.summary', { rows: report.rows, valid: report.valid, errors: report.errors.length, skipped: report.skipped, remapped: report.remapped.length })}</p>
      {report.remapped.length > 0 && (
        <table className="table table-sm">
          <caption>{t('import.warnings')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.from')}</th>
              <th scope="col">{t('import.to')}</th>
            </tr>
          </thead>
          <tbody>
            {report.remapped.slice(0, 500).map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.from}</td>
                <td>{r.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.errors.length > 0 && (
        <table className="table table-sm">
          <caption>{t('import.errors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.field')}</th>
              <th scope="col">{t('import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.line}</td>
                <td>{e.field}</td>
                <td>{t(`import.codes.${e.code}`, { defaultValue: e.message })}: {e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An operator loads a file of values, reads the validation report, then publishes it. */
export function ImportPage() {
  const { t } = useDigitalAgendaTranslation();
  usePageTitle(t('import.title'));
  const [kind, setKind] = useState<DaImportCreate['kind']>('values_csv');
  const [period, setPeriod] = useState(PERIODS[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [progressKey, setProgressKey] = useState<string | null>(null);
  const validate = useMutation({
    mutationFn: async () => {
      const key = newProgressKey();
      setProgressKey(key);
      const content = await file!.text();
      try {
        return await digitalAgendaApi.createImport({ kind, fileName: file!.name, content, progressKey: key, ...(kind === 'padigitale_candidature' ? { period } : {}) });
      } finally {
        setProgressKey(null);
      }
    },
  });
  // the server tells how far the validation is while the request runs (404 until the file has arrived)
  const progress = useQuery({
    queryKey: ['digital-agenda', 'import-progress', progressKey],
    queryFn: () => digitalAgendaApi.importProgress(progressKey!),
    enabled: !!progressKey,
    refetchInterval: 500,
    retry: false,
    gcTime: 0,
  });
  const publish = useMutation({ mutationFn: (id: string) => digitalAgendaApi.publishImport(id) });
  const rejected = validate.error instanceof ApiError && validate.error.code === 'invalid_file' ? (validate.error.details as Report) : null;
  return (
    <div>
      <h1>{t('import.title')}</h1>
      <DigitalAgendaNav />
      <RequireLogin>
        <p>{t('import.intro')}</p>
        <form
          className="mb-3"
          onSubmit={(e) => {
            e.preventDefault();
            publish.reset();
            if (file) validate.mutate();
          }}
        >
          <div className="row g-2 align-items-end">
            <div className="col-md-4">
              <label htmlFor="import-kind" className="form-label">
                {t('import.kind')}
              </label>
              <select id="import-kind" className="form-select" value={kind} onChange={(e) => setKind(e.target.value as DaImportCreate['kind'])}>
                {(['values_csv', 'padigitale_candidature', 'padigitale_avvisi'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`import.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            {kind === 'padigitale_candidature' && (
              <PeriodSelect id="import-period" value={period} onChange={setPeriod} />
            )}
            <div className="col-md-4">
              <label htmlFor="import-file" className="form-label">
                {t('import.file')}
              </label>
              <input id="import-file" type="file" accept=".csv,text/csv" className="form-control" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
            <div className="col-auto">
              <button type="submit" className="btn btn-primary" disabled={!file || validate.isPending}>
                {t('import.validate')}
              </button>
            </div>
          </div>
        </form>
        {progressKey && <ImportProgress progress={progress.data ?? null} />}
        {rejected && (
          <div className="alert alert-danger" role="alert">
            {t('import.rejected')}
          </div>
        )}
        {validate.isError && !rejected && <ApiErrorAlert error={validate.error} />}
        {rejected && <ReportView report={rejected} />}
        {validate.data && (
          <>
            <ReportView report={validate.data.report} />
            {validate.data.state === 'validated' && !publish.isSuccess && (
              <button type="button" className="btn btn-success" disabled={publish.isPending} onClick={() => publish.mutate(validate.data.id)}>
                {t('import.publish', { count: validate.data.rowCount })}
              </button>
            )}
            {(publish.isSuccess || validate.data.state === 'published') && <SuccessAlert>{t('import.published')}</SuccessAlert>}
            {publish.isError && <ApiErrorAlert error={publish.error} />}
          </>
        )}
      </RequireLogin>
    </div>
  );
}
