import { ApplicantTypes, Themes, type ApplicantType, type Theme } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi } from './api';
import { CallStatusText, EuFundingNav, formatEuro, formatMoment, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

/** A date and a time read in Europe/Rome, as an ISO instant with the Rome offset of that day. */
export function romeInstant(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', timeZoneName: 'longOffset' }).formatToParts(guess);
  const off = parts.find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
  return `${date}T${time}:00${off}`;
}

/** `/fondi-ue/bandi/nuovo`: a SAPE officer adds a call. */
export function CallNewPage() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('new_call.page_title'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState({
    identifier: '',
    programme: '',
    title: '',
    opensOn: '',
    closesOn: '',
    closesAt: '17:00',
    budget: '',
    rate: '',
    minPopulation: '',
    maxPopulation: '',
  });
  const [programmeCode, setProgrammeCode] = useState('');
  const programmes = useQuery({ queryKey: ek.programmes, queryFn: () => euApi.programmes() });
  const [types, setTypes] = useState<ApplicantType[]>(['comune']);
  const [topics, setTopics] = useState<Theme[]>([]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      euApi.createCall({
        identifier: f.identifier,
        programme: f.programme,
        programmeCode: programmeCode || null,
        title: f.title,
        deadlineModel: 'single-stage',
        opensAt: romeInstant(f.opensOn, '00:00'),
        deadlines: [romeInstant(f.closesOn, f.closesAt)],
        budget: f.budget ? Number(f.budget) : null,
        cofinancingRate: f.rate ? Number(f.rate) : null,
        eligibility: {
          enteTypes: types,
          ...(f.minPopulation ? { minPopulation: Number(f.minPopulation) } : {}),
          ...(f.maxPopulation ? { maxPopulation: Number(f.maxPopulation) } : {}),
        },
        topics,
        territory: [],
        links: [],
      }),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ek.all });
      await navigate({ to: '/fondi-ue/bandi/$callId', params: { callId: c.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('new_call.page_title')}</h1>
        <EuFundingNav />
        {!a.keepsCalls ? (
          <p>{t('new_call.not_allowed')}</p>
        ) : (
          <form onSubmit={submit} noValidate>
            <div className="row g-3">
              <TextField id="call-identifier" label={t('new_call.identifier')} className="col-md-4" value={f.identifier} onChange={set('identifier')} required />
              <SelectField
                id="call-programme-code"
                label={t('new_call.catalogue')}
                className="col-md-8"
                value={programmeCode}
                onChange={(e) => {
                  setProgrammeCode(e.target.value);
                  const p = programmes.data?.items.find((x) => x.code === e.target.value);
                  if (p) setF({ ...f, programme: p.name });
                }}
              >
                <option value="">{t('new_call.not_in_catalogue')}</option>
                {programmes.data?.items.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              <TextField id="call-programme" label={t('new_call.programme')} className="col-12" value={f.programme} onChange={set('programme')} required />
              <TextField id="call-title" label={t('new_call.title')} className="col-12" value={f.title} onChange={set('title')} required />
              <TextField id="call-opens" type="date" label={t('new_call.opens_on')} className="col-md-4" value={f.opensOn} onChange={set('opensOn')} required />
              <TextField id="call-closes" type="date" label={t('new_call.closes_on')} className="col-md-4" value={f.closesOn} onChange={set('closesOn')} required />
              <TextField id="call-closes-time" type="time" label={t('new_call.closes_at')} className="col-md-4" value={f.closesAt} onChange={set('closesAt')} required />
              <TextField id="call-budget" type="number" step="0.01" min="0" label={t('new_call.budget')} className="col-md-4" value={f.budget} onChange={set('budget')} />
              <TextField id="call-rate" type="number" step="0.01" min="0" max="100" label={t('new_call.rate')} className="col-md-4" value={f.rate} onChange={set('rate')} />
              <div className="col-md-4" />
              <TextField id="call-min-pop" type="number" min="0" label={t('new_call.min_population')} className="col-md-4" value={f.minPopulation} onChange={set('minPopulation')} />
              <TextField id="call-max-pop" type="number" min="1" label={t('new_call.max_population')} className="col-md-4" value={f.maxPopulation} onChange={set('maxPopulation')} />
            </div>
            <fieldset className="mt-3">
              <legend className="h5">{t('new_call.applicants')}</legend>
              <div className="row">
                {ApplicantTypes.map((x) => (
                  <div key={x} className="col-md-3">
                    <CheckboxField id={`type-${x}`} label={t(`applicants.${x}`)} checked={types.includes(x)} onChange={(e) => setTypes(e.target.checked ? [...types, x] : types.filter((y) => y !== x))} />
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset className="mt-3">
              <legend className="h5">{t('new_call.topics')}</legend>
              <div className="row">
                {Themes.map((x) => (
                  <div key={x} className="col-md-3">
                    <CheckboxField id={`topic-${x}`} label={t(`themes.${x}`)} checked={topics.includes(x)} onChange={(e) => setTopics(e.target.checked ? [...topics, x] : topics.filter((y) => y !== x))} />
                  </div>
                ))}
              </div>
            </fieldset>
            {create.error && <ApiErrorAlert error={create.error} />}
            <button type="submit" className="btn btn-primary mt-3" disabled={create.isPending}>
              {t('new_call.submit')}
            </button>
          </form>
        )}
      </div>
    </RequireLogin>
  );
}

/** `/fondi-ue/bandi/:id`: one call, to follow and to start a project from. */
export function CallDetailPage({ callId }: { callId: string }) {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ek.call(callId), queryFn: () => euApi.call(callId) });
  usePageTitle(query.data?.title ?? t('call.page_title'));
  const follow = useMutation({
    mutationFn: (on: boolean) => euApi.follow(callId, on),
    onSuccess: async (c) => {
      qc.setQueryData(ek.call(callId), c);
      await qc.invalidateQueries({ queryKey: ek.all });
    },
  });
  if (query.error) return <div className="container my-4"><ApiErrorAlert error={query.error} /></div>;
  const c = query.data;
  if (!c) return <Loading />;
  return (
    <div className="container my-4">
      <h1>{c.title}</h1>
      <EuFundingNav />
      <dl className="row">
        <dt className="col-md-3">{t('calls.identifier')}</dt>
        <dd className="col-md-9">{c.identifier}</dd>
        <dt className="col-md-3">{t('calls.programme')}</dt>
        <dd className="col-md-9">{c.programme}</dd>
        <dt className="col-md-3">{t('calls.status')}</dt>
        <dd className="col-md-9">
          <CallStatusText status={c.status} />
        </dd>
        <dt className="col-md-3">{t('calls.opens')}</dt>
        <dd className="col-md-9">{formatMoment(c.opensAt)}</dd>
        <dt className="col-md-3">{t('calls.deadlines')}</dt>
        <dd className="col-md-9">{c.deadlines.map((d) => formatMoment(d)).join(' · ')}</dd>
        <dt className="col-md-3">{t('calls.budget')}</dt>
        <dd className="col-md-9">{formatEuro(c.budget)}</dd>
        <dt className="col-md-3">{t('calls.rate')}</dt>
        <dd className="col-md-9">{c.cofinancingRate === null ? t('calls.not_applicable') : `${c.cofinancingRate.toFixed(2)}%`}</dd>
        <dt className="col-md-3">{t('calls.applicants')}</dt>
        <dd className="col-md-9">
          {c.eligibility.enteTypes.map((x) => t(`applicants.${x}`)).join(', ')}
          {c.eligibility.minPopulation !== undefined && ` · ${t('calls.min_population', { n: c.eligibility.minPopulation })}`}
          {c.eligibility.maxPopulation !== undefined && ` · ${t('calls.max_population', { n: c.eligibility.maxPopulation })}`}
        </dd>
        <dt className="col-md-3">{t('calls.theme')}</dt>
        <dd className="col-md-9">{c.topics.map((x) => t(`themes.${x}`)).join(', ') || '—'}</dd>
      </dl>
      {c.links.length > 0 && (
        <ul>
          {c.links.map((l) => (
            <li key={l.url}>
              <a href={l.url}>{l.label}</a>
            </li>
          ))}
        </ul>
      )}
      <div className="d-flex gap-2 flex-wrap">
        {a.isLoggedIn && (
          <button type="button" className="btn btn-outline-primary" onClick={() => follow.mutate(!c.followed)} disabled={follow.isPending}>
            {c.followed ? t('call.unfollow') : t('call.follow')}
          </button>
        )}
        {a.speakerComuni.length > 0 && (
          <Link to="/fondi-ue/progetti/nuovo" search={{ callId: c.id }} className="btn btn-primary">
            {t('call.new_project')}
          </Link>
        )}
      </div>
      {c.followed && <p className="mt-2">{t('call.followed_note')}</p>}
      {follow.error && <ApiErrorAlert error={follow.error} />}
    </div>
  );
}
