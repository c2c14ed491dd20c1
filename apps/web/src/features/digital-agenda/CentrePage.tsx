import { DaCentreServiceUpdateSchema } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { ApiError, validationIssues } from '../../lib/api-client';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../identity/session';
import { requestsApi, rk } from '../requests/api';
import { digitalAgendaApi, useCentre, type DaCentre } from './api';
import { DigitalAgendaNav } from './components';
import { useDigitalAgendaTranslation } from './i18n';

type Service = DaCentre['services'][number];
const TOPICS = ['pagopa', 'app_io', 'send', 'website', 'accessibility', 'cloud', 'data', 'security', 'training'] as const;
const INSTRUMENTS = ['convenzione', 'accordo', 'protocollo'] as const;
const MANAGERS = ['sit_operator', 'ente_admin'];
const PROVINCE_TYPES = ['provincia', 'citta_metropolitana'];

interface Draft {
  topic: string;
  nameIt: string;
  nameEn: string;
  descriptionIt: string;
  adhesionInstrument: string;
  serviceLevel: string;
  requestCategoryCode: string;
  indicatorCodes: string;
  active: boolean;
}
const EMPTY: Draft = { topic: 'pagopa', nameIt: '', nameEn: '', descriptionIt: '', adhesionInstrument: 'convenzione', serviceLevel: '', requestCategoryCode: '', indicatorCodes: '', active: true };
const draftOf = (s: Service): Draft => ({ ...s, indicatorCodes: s.indicatorCodes.join(', '), active: true });
type Field = Exclude<keyof Draft, 'active'>;
const FIELDS: Field[] = ['topic', 'nameIt', 'nameEn', 'descriptionIt', 'adhesionInstrument', 'serviceLevel', 'requestCategoryCode', 'indicatorCodes'];

/** The officer's form: adds a service to the catalogue or edits one (withdrawing it when no longer active). */
function ServiceForm({ province, editing, onDone }: { province: string; editing: Service | null; onDone: (message: string) => void }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const categories = useQuery({ queryKey: rk.categories('sit'), queryFn: () => requestsApi.categories('sit'), staleTime: 5 * 60_000 });
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof DaCentreServiceUpdateSchema.parse>) =>
      editing ? digitalAgendaApi.updateCentreService(province, editing.id, body) : digitalAgendaApi.addCentreService(province, body),
    onSuccess: (centre) => {
      qc.setQueryData(['digital-agenda', 'centre', province], centre);
      onDone(editing ? t('centre.form.updated') : t('centre.form.added'));
    },
    onError: (err) => {
      const list = [...validationIssues(err), ...(err instanceof ApiError && Array.isArray(err.details) ? (err.details as { path: string; message: string }[]) : [])];
      const next: Partial<Record<Field, string>> = {};
      for (const i of list) {
        const f = i.path.split('.')[0] as Field;
        if (FIELDS.includes(f)) next[f] = i.message;
      }
      setErrors(next);
    },
  });
  const set = (k: keyof Draft, v: string | boolean) => setDraft((d) => ({ ...d, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      ...draft,
      indicatorCodes: draft.indicatorCodes
        .split(/[,;\s]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    };
    const parsed = DaCentreServiceUpdateSchema.safeParse(body);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const f = String(issue.path[0]) as Field;
        next[f] ??= t(`centre.form.errors.${f}`);
      }
      setErrors(next);
      requestAnimationFrame(() => document.getElementById('service-errors')?.focus());
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  }

  const invalid = FIELDS.filter((f) => errors[f]);
  const field = (f: Field, control: (aria: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode, hint?: string) => (
    <div className="mb-3 pc-field">
      <label htmlFor={`svc-${f}`} className="form-label pc-label">
        {t(`centre.form.${f}`)}
      </label>
      {hint && (
        <p id={`svc-${f}-hint`} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      {control({ 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': [hint ? `svc-${f}-hint` : '', errors[f] ? `svc-${f}-error` : ''].filter(Boolean).join(' ') || undefined })}
      {errors[f] && (
        <p id={`svc-${f}-error`} className="pc-field-error">
          {errors[f]}
        </p>
      )}
    </div>
  );
  const input = (f: Field, hint?: string) =>
    field(f, (aria) => <input id={`svc-${f}`} className={`form-control pc-input${errors[f] ? ' is-invalid' : ''}`} value={draft[f]} onChange={(e) => set(f, e.target.value)} {...aria} />, hint);
  return (
    <form noValidate onSubmit={submit} aria-labelledby="service-form-title" className="mb-4">
      <h2 id="service-form-title" className="h4">
        {editing ? t('centre.form.editTitle', { name: i18n.language === 'en' ? editing.nameEn : editing.nameIt }) : t('centre.form.addTitle')}
      </h2>
      {invalid.length > 0 && (
        <div className="alert alert-danger pc-error-summary" role="alert" id="service-errors" tabIndex={-1}>
          <p className="mb-1">{t('centre.form.errorsTitle', { count: invalid.length })}</p>
          <ul className="mb-0">
            {invalid.map((f) => (
              <li key={f}>
                <a href={`#svc-${f}`}>
                  {t(`centre.form.${f}`)}: {errors[f]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {save.isError && invalid.length === 0 && <ApiErrorAlert error={save.error} />}
      {field('topic', (aria) => (
        <select id="svc-topic" className="form-select pc-input" value={draft.topic} onChange={(e) => set('topic', e.target.value)} {...aria}>
          {[...new Set([...TOPICS, draft.topic])].map((x) => (
            <option key={x} value={x}>
              {t(`centre.topics.${x}`, { defaultValue: x })}
            </option>
          ))}
        </select>
      ))}
      {input('nameIt')}
      {input('nameEn')}
      {field('descriptionIt', (aria) => (
        <textarea id="svc-descriptionIt" className="form-control pc-input" rows={3} value={draft.descriptionIt} onChange={(e) => set('descriptionIt', e.target.value)} {...aria} />
      ))}
      {field(
        'adhesionInstrument',
        (aria) => (
          <select id="svc-adhesionInstrument" className="form-select pc-input" value={draft.adhesionInstrument} onChange={(e) => set('adhesionInstrument', e.target.value)} {...aria}>
            {INSTRUMENTS.map((x) => (
              <option key={x} value={x}>
                {t(`centre.instruments.${x}`)}
              </option>
            ))}
          </select>
        ),
        t('centre.form.instrumentHint'),
      )}
      {input('serviceLevel', t('centre.form.serviceLevelHint'))}
      {field('requestCategoryCode', (aria) => (
        <select id="svc-requestCategoryCode" className={`form-select pc-input${errors.requestCategoryCode ? ' is-invalid' : ''}`} value={draft.requestCategoryCode} onChange={(e) => set('requestCategoryCode', e.target.value)} {...aria}>
          <option value="">{t('centre.form.choose')}</option>
          {(categories.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.code}>
              {i18n.language === 'en' ? c.nameEn : c.nameIt}
            </option>
          ))}
        </select>
      ))}
      {input('indicatorCodes', t('centre.form.indicatorsHint'))}
      {editing && (
        <div className="form-check mb-3">
          <input id="svc-active" type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
          <label htmlFor="svc-active">{t('centre.form.active')}</label>
        </div>
      )}
      <div className="d-flex gap-3">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {editing ? t('centre.form.update') : t('centre.form.add')}
        </button>
        {editing && (
          <button type="button" className="btn btn-outline-primary" onClick={() => onDone('')}>
            {t('centre.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The public page of a Province's competence centre: its catalogue of digital services for the Comuni. */
export function CentrePage({ province }: { province: string }) {
  const { t, i18n } = useDigitalAgendaTranslation();
  const { me } = useSession();
  const q = useCentre(province);
  const [editing, setEditing] = useState<Service | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [message, setMessage] = useState('');
  const en = i18n.language === 'en';
  const title = q.data ? t('centre.title', { name: q.data.province.name }) : t('centre.loading');
  usePageTitle(title);
  const canManage = !!me?.user.memberships.some((m) => m.enteIstatCode === province && PROVINCE_TYPES.includes(m.enteType) && MANAGERS.includes(m.role));
  const done = (msg: string) => {
    setMessage(msg);
    setEditing(null);
    setFormKey((k) => k + 1);
  };
  return (
    <div>
      <h1>{title}</h1>
      <DigitalAgendaNav />
      <p className="lead">{t('centre.intro')}</p>
      {canManage && (
        <p>
          <Link to="/agenda-digitale/centri/$provinceIstatCode/cruscotto" params={{ provinceIstatCode: province }}>
            {t('centre.dashboardLink')}
          </Link>
        </p>
      )}
      {message && <SuccessAlert>{message}</SuccessAlert>}
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data && (
        <section aria-labelledby="centre-catalogue" className="mb-4">
          <h2 id="centre-catalogue" className="h4">
            {t('centre.catalogue')}
          </h2>
          {q.data.services.length === 0 ? (
            <p>{t('centre.empty')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table">
                <caption>{t('centre.caption', { name: q.data.province.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('centre.service')}</th>
                    <th scope="col">{t('centre.instrument')}</th>
                    <th scope="col">{t('centre.level')}</th>
                    <th scope="col">{t('centre.indicators')}</th>
                    <th scope="col">{t('centre.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.services.map((s) => {
                    const name = en ? s.nameEn : s.nameIt;
                    return (
                      <tr key={s.id}>
                        <th scope="row" className="fw-normal">
                          <strong>{name}</strong>
                          <span className="badge bg-secondary ms-1">{t(`centre.topics.${s.topic}`, { defaultValue: s.topic })}</span>
                          {s.descriptionIt && <p className="small mb-0">{s.descriptionIt}</p>}
                        </th>
                        <td>{t(`centre.instruments.${s.adhesionInstrument}`, { defaultValue: s.adhesionInstrument })}</td>
                        <td>{s.serviceLevel}</td>
                        <td>{s.indicatorCodes.join(', ') || '–'}</td>
                        <td>
                          <div className="d-flex flex-wrap gap-2">
                            <Link to="/assistenza/nuova" search={{ service: 'sit', category: s.requestCategoryCode, subject: name }} className="btn btn-primary btn-sm">
                              {t('centre.request')}
                              <span className="visually-hidden"> {name}</span>
                            </Link>
                            {canManage && (
                              <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => { setMessage(''); setEditing(s); setFormKey((k) => k + 1); }}>
                                {t('centre.edit')}
                                <span className="visually-hidden"> {name}</span>
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <p className="small">{t('centre.instrumentNote')}</p>
        </section>
      )}
      {canManage && q.data && <ServiceForm key={formKey} province={province} editing={editing} onDone={done} />}
    </div>
  );
}
