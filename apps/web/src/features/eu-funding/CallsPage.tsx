import { Themes, type Theme } from '@app/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api-client';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { ek, euApi, type CallList } from './api';
import { CallStatusText, EuFundingNav, formatEuro, formatMoment, useEuFundingAccess } from './components';
import { useEuFundingTranslation } from './i18n';

function CallsTable({ data, caption }: { data: CallList; caption: string }) {
  const { t } = useEuFundingTranslation();
  if (data.items.length === 0) return <p>{t('calls.empty')}</p>;
  return (
    <div className="table-responsive">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calls.title')}</th>
            <th scope="col">{t('calls.programme')}</th>
            <th scope="col">{t('calls.status')}</th>
            <th scope="col">{t('calls.closes')}</th>
            <th scope="col" className="text-end">
              {t('calls.budget')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to="/fondi-ue/bandi/$callId" params={{ callId: c.id }}>
                  {c.title}
                </Link>
                <div className="small">{c.identifier}</div>
              </th>
              <td>{c.programme}</td>
              <td>
                <CallStatusText status={c.status} />
                {c.followed && <div className="small">{t('calls.followed')}</div>}
              </td>
              <td>{formatMoment(c.closesAt)}</td>
              <td className="text-end">{formatEuro(c.budget)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{t('calls.total', { count: data.total })}</p>
    </div>
  );
}

/** `/fondi-ue`: the calls, with filters (open now, closing in 30 days, theme, eligibility of my Comune). */
export function CallsPage() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('calls.page_title'));
  const [status, setStatus] = useState('open');
  const [theme, setTheme] = useState('');
  const [closingSoon, setClosingSoon] = useState(false);
  const [mine, setMine] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim() || undefined, 300);
  const comuneId = a.comuni[0]?.enteId;
  const ente = useQuery({ queryKey: ['enti', comuneId], queryFn: () => api.get<{ istatCode: string | null }>(`/enti/${comuneId}`), enabled: !!comuneId });
  const istat = ente.data?.istatCode ?? undefined;
  const filters = { status: status || undefined, theme: theme || undefined, closingWithinDays: closingSoon ? 30 : undefined, eligibleFor: mine ? istat : undefined, q, pageSize: 50 };
  const query = useQuery({ queryKey: ek.calls(filters), queryFn: ({ signal }) => euApi.calls(filters, signal), placeholderData: keepPreviousData });
  return (
    <div className="container my-4">
      <h1>{t('calls.page_title')}</h1>
      <p className="lead">{t('calls.intro')}</p>
      <EuFundingNav />
      <form className="row g-3 mb-3" aria-label={t('calls.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField id="filter-status" label={t('calls.status')} className="col-md-3" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('calls.all')}</option>
          {(['forthcoming', 'open', 'closed'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-theme" label={t('calls.theme')} className="col-md-3" value={theme} onChange={(e) => setTheme(e.target.value)}>
          <option value="">{t('calls.all')}</option>
          {Themes.map((x) => (
            <option key={x} value={x}>
              {t(`themes.${x}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="filter-q" type="search" label={t('calls.search')} className="col-md-3" value={text} onChange={(e) => setText(e.target.value)} />
        <div className="col-md-3">
          <CheckboxField id="filter-closing" label={t('calls.closing_soon')} checked={closingSoon} onChange={(e) => setClosingSoon(e.target.checked)} />
          {istat && <CheckboxField id="filter-mine" label={t('calls.eligible_mine')} checked={mine} onChange={(e) => setMine(e.target.checked)} />}
        </div>
      </form>
      {query.error ? <ApiErrorAlert error={query.error} /> : query.data ? <CallsTable data={query.data} caption={t('calls.caption')} /> : <Loading />}
      <p>
        <a href={euApi.openDataUrl()}>{t('calls.open_data')}</a>
      </p>
    </div>
  );
}

/** `/fondi-ue/per-te`: open calls my Comune may apply to that match its declared interests. */
export function ForMePage() {
  const { t } = useEuFundingTranslation();
  const a = useEuFundingAccess();
  usePageTitle(t('for_me.page_title'));
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ek.forMe, queryFn: () => euApi.forMe(), enabled: a.comuni.length > 0 });
  const [topics, setTopics] = useState<Theme[] | null>(null);
  const chosen = topics ?? query.data?.interests ?? [];
  const canEdit = a.speakerComuni.some((m) => m.enteId === query.data?.enteId);
  const save = useMutation({
    mutationFn: () => euApi.setInterests(query.data!.enteId, chosen),
    onSuccess: async () => {
      setTopics(null);
      await qc.invalidateQueries({ queryKey: ek.all });
    },
  });
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('for_me.page_title')}</h1>
        <p className="lead">{t('for_me.intro')}</p>
        <EuFundingNav />
        {query.error && <ApiErrorAlert error={query.error} />}
        {!query.data ? (
          !query.error && <Loading />
        ) : (
          <>
            {canEdit && (
              <form
                className="mb-4"
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate();
                }}
              >
                <fieldset>
                  <legend className="h5">{t('for_me.interests')}</legend>
                  <div className="row">
                    {Themes.map((x) => (
                      <div key={x} className="col-md-3">
                        <CheckboxField
                          id={`interest-${x}`}
                          label={t(`themes.${x}`)}
                          checked={chosen.includes(x)}
                          onChange={(e) => setTopics(e.target.checked ? [...chosen, x] : chosen.filter((y) => y !== x))}
                        />
                      </div>
                    ))}
                  </div>
                </fieldset>
                <button type="submit" className="btn btn-outline-primary" disabled={save.isPending}>
                  {t('for_me.save')}
                </button>
                {save.isSuccess && <SuccessAlert>{t('for_me.saved')}</SuccessAlert>}
                {save.error && <ApiErrorAlert error={save.error} />}
              </form>
            )}
            <CallsTable data={query.data} caption={t('for_me.caption')} />
          </>
        )}
      </div>
    </RequireLogin>
  );
}
