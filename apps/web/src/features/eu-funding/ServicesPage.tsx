import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin, TextAreaField } from '../network/components';
import { ek, euApi, type SapeService, type SapeServiceAdmin } from './api';
import { EuFundingNav, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

/** What my Comune's Province offers, each with "Richiedi" opening the assistance request form pre-filled. */
function ComuneServices({ lang }: { lang: 'it' | 'en' }) {
  const { t } = useEuFundingTranslation();
  const query = useQuery({ queryKey: ek.services(lang), queryFn: () => euApi.services(lang) });
  const d = query.data;
  if (query.error) return <ApiErrorAlert error={query.error} />;
  if (!d) return <Loading />;
  return (
    <>
      {d.provincia && <p className="lead">{t(d.adheres ? 'services.adheres' : 'services.not_adheres', { provincia: d.provincia.name, count: d.adheringComuni })}</p>}
      {d.provincia && <p>{t(d.source === 'provincia' ? 'services.intro_provincia' : 'services.intro_catalogue', { provincia: d.provincia.name })}</p>}
      <ul className="list-unstyled">
        {d.services.map((s) => (
          <li key={s.id} className="mb-4">
            <h2 className="h5">{s.title}</h2>
            {d.source === 'provincia' && (
              <p className="small mb-1">
                {t('services.kind')}: {s.name}
              </p>
            )}
            <p className="mb-1">{s.description}</p>
            {s.serviceLevel && (
              <p className="mb-1">
                <strong>{t('services.service_level')}:</strong> {s.serviceLevel}
              </p>
            )}
            <p className="small mb-1">{t('services.levels', { hours: s.firstResponseHours, days: s.resolutionDays })}</p>
            {d.source === 'provincia' && (
              <p className="small mb-1">
                {t('services.convention')}: {s.convention ? s.convention.title : t('services.open_to_all')} — {t(s.adheres ? 'services.may_ask' : 'services.may_not_ask')}
              </p>
            )}
            <Link to="/assistenza/nuova" search={{ service: 'sape', categoryId: s.categoryId, subject: s.title }} className="btn btn-outline-primary btn-sm" aria-label={t('services.request', { title: s.title })}>
              {t('services.ask_short')}
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/assistenza/nuova" search={{ service: 'sape' }} className="btn btn-primary">
        {t('services.ask')}
      </Link>
    </>
  );
}

interface Draft {
  categoryId: string;
  title: string;
  description: string;
  serviceLevel: string;
  conventionId: string;
  published: boolean;
  position: string;
}
const emptyDraft: Draft = { categoryId: '', title: '', description: '', serviceLevel: '', conventionId: '', published: true, position: '0' };
const draftOf = (s: SapeService): Draft => ({
  categoryId: s.category.id,
  title: s.title,
  description: s.description,
  serviceLevel: s.serviceLevel,
  conventionId: s.convention?.id ?? '',
  published: s.published,
  position: String(s.position),
});

/** The form of one service of the SAPE office (new or edited). */
function ServiceForm({ provinciaId, admin, editing, onDone }: { provinciaId: string; admin: SapeServiceAdmin; editing: SapeService | null; onDone: () => void }) {
  const { t } = useEuFundingTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState<Draft>(editing ? draftOf(editing) : emptyDraft);
  const save = useMutation({
    mutationFn: () => {
      const body = { categoryId: f.categoryId, title: f.title, description: f.description, serviceLevel: f.serviceLevel, conventionId: f.conventionId || null, published: f.published, position: Number(f.position) || 0 };
      return editing ? euApi.updateService(provinciaId, editing.id, { ...body, version: editing.version }) : euApi.createService(provinciaId, body);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ek.all });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const idp = editing ? `service-${editing.id}` : 'service-new';
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${idp}-title`} className="mb-4">
      <h3 id={`${idp}-title`} className="h5">
        {editing ? t('services.edit_title') : t('services.new')}
      </h3>
      <div className="row g-3">
        <SelectField id={`${idp}-kind`} label={t('services.kind')} className="col-md-6" value={f.categoryId} onChange={(e) => setF({ ...f, categoryId: e.target.value })}>
          <option value="">{t('services.choose')}</option>
          {admin.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <TextField id={`${idp}-name`} label={t('services.title')} className="col-md-6" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} required />
        <div className="col-12">
          <TextAreaField id={`${idp}-description`} label={t('services.description')} rows={3} registration={{ value: f.description, onChange: (e: { target: { value: string } }) => setF({ ...f, description: e.target.value }) }} required />
        </div>
        <div className="col-12">
          <TextAreaField id={`${idp}-level`} label={t('services.service_level')} rows={2} registration={{ value: f.serviceLevel, onChange: (e: { target: { value: string } }) => setF({ ...f, serviceLevel: e.target.value }) }} required />
        </div>
        <SelectField id={`${idp}-convention`} label={t('services.convention')} className="col-md-6" value={f.conventionId} onChange={(e) => setF({ ...f, conventionId: e.target.value })}>
          <option value="">{t('services.no_convention')}</option>
          {admin.conventions.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
              {!c.inForce && ` ${t('services.not_in_force')}`}
            </option>
          ))}
        </SelectField>
        <TextField id={`${idp}-position`} type="number" min="0" max="1000" label={t('services.position')} className="col-md-2" value={f.position} onChange={(e) => setF({ ...f, position: e.target.value })} />
        <div className="col-md-4">
          <CheckboxField id={`${idp}-published`} label={t('services.publish')} checked={f.published} onChange={(e) => setF({ ...f, published: e.target.checked })} />
        </div>
      </div>
      {save.error && <ApiErrorAlert error={save.error} />}
      <div className="d-flex gap-3">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('services.save')}
        </button>
        <button type="button" className="btn btn-outline-primary" onClick={onDone}>
          {t('services.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The Province's SAPE officer publishes and edits the services of the office. */
function OfficeServices({ provinciaId, lang }: { provinciaId: string; lang: 'it' | 'en' }) {
  const { t } = useEuFundingTranslation();
  const query = useQuery({ queryKey: ek.adminServices(provinciaId, lang), queryFn: () => euApi.adminServices(provinciaId, lang) });
  const [editing, setEditing] = useState<SapeService | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  const d = query.data;
  if (query.error) return <ApiErrorAlert error={query.error} />;
  if (!d) return <Loading />;
  return (
    <section aria-labelledby="office-services-title" className="mb-5">
      <h2 id="office-services-title" className="h4">
        {t('services.admin_title', { provincia: d.provincia.name })}
      </h2>
      <p>{t('services.admin_intro')}</p>
      {saved && <p role="status">{t('services.saved')}</p>}
      {d.items.length === 0 ? (
        <p>{t('services.admin_empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption>{t('services.admin_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.title')}</th>
                <th scope="col">{t('services.kind')}</th>
                <th scope="col">{t('services.convention')}</th>
                <th scope="col">{t('services.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('services.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.title}</th>
                  <td>{s.category.name}</td>
                  <td>{s.convention ? `${s.convention.title}${s.convention.inForce ? '' : ` ${t('services.not_in_force')}`}` : t('services.open_to_all')}</td>
                  <td>{t(s.published ? 'services.published' : 'services.draft')}</td>
                  <td>
                    <button type="button" className="btn btn-link btn-sm" onClick={() => { setSaved(false); setEditing(s); }}>
                      {t('services.edit', { title: s.title })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <ServiceForm
          key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
          provinciaId={provinciaId}
          admin={d}
          editing={editing === 'new' ? null : editing}
          onDone={() => {
            setSaved(true);
            setEditing(null);
          }}
        />
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => { setSaved(false); setEditing('new'); }}>
          {t('services.new')}
        </button>
      )}
    </section>
  );
}

/** `/fondi-ue/servizi`: what the Province's SAPE offers my Comune; for its SAPE officer, the list to publish. */
export function ServicesPage() {
  const { t, i18n } = useEuFundingTranslation();
  usePageTitle(t('services.page_title'));
  const a = useEuFundingAccess();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const [chosen, setChosen] = useState('');
  const provinciaId = chosen || a.sapeOf[0]?.enteId;
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('services.page_title')}</h1>
        <EuFundingNav />
        {a.sapeOf.length > 1 && (
          <SelectField id="services-provincia" label={t('territory.provincia')} value={provinciaId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {a.sapeOf.map((m) => (
              <option key={m.enteId} value={m.enteId}>
                {m.enteName}
              </option>
            ))}
          </SelectField>
        )}
        {provinciaId && <OfficeServices provinciaId={provinciaId} lang={lang} />}
        {a.comuni.length > 0 && <ComuneServices lang={lang} />}
      </div>
    </RequireLogin>
  );
}
