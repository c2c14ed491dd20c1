import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { EmailModes, type EmailMode, type NotificationPreference } from '@app/contracts';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { notificationsApi, notificationsKeys } from './api';
import { useNotificationsTranslation } from './i18n';
import { RequireSignedIn } from './RequireSignedIn';

type Choice = { inApp: boolean; email: EmailMode };

/** Event types grouped by module, in the order the API gives them. */
export function groupByModule(items: NotificationPreference[]): { module: string; label: string; items: NotificationPreference[] }[] {
  const groups = new Map<string, { module: string; label: string; items: NotificationPreference[] }>();
  for (const item of items) {
    let g = groups.get(item.module);
    if (!g) groups.set(item.module, (g = { module: item.module, label: item.moduleLabel, items: [] }));
    g.items.push(item);
  }
  return [...groups.values()];
}

function PreferencesForm() {
  const { t } = useNotificationsTranslation();
  usePageTitle(t('preferences.title'));
  const qc = useQueryClient();
  const query = useQuery({ queryKey: notificationsKeys.preferences, queryFn: ({ signal }) => notificationsApi.preferences(signal) });
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data) setChoices(Object.fromEntries(query.data.items.map((p) => [p.type, { inApp: p.inApp, email: p.email }])));
  }, [query.data]);
  const save = useMutation({
    mutationFn: notificationsApi.savePreferences,
    onSuccess: (data) => {
      qc.setQueryData(notificationsKeys.preferences, data);
      setSaved(true);
    },
  });
  const groups = useMemo(() => groupByModule(query.data?.items ?? []), [query.data]);

  const change = (type: string, patch: Partial<Choice>) => {
    setSaved(false);
    setChoices((c) => ({ ...c, [type]: { ...c[type]!, ...patch } }));
  };
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ items: Object.entries(choices).map(([type, c]) => ({ type, ...c })) });
  }

  return (
    <>
      <h1>{t('preferences.title')}</h1>
      <p className="lead">{t('preferences.intro')}</p>
      <p>
        <Link to="/notifiche">{t('preferences.back')}</Link>
      </p>
      {query.isPending && <Loading />}
      {query.isError && <ApiErrorAlert error={query.error} />}
      {query.data && groups.length === 0 && <p>{t('preferences.empty')}</p>}
      {groups.length > 0 && (
        <form onSubmit={onSubmit} noValidate>
          {groups.map((g) => (
            <section key={g.module} className="mb-4" aria-labelledby={`prefs-${g.module}`}>
              <h2 id={`prefs-${g.module}`} className="h4">
                {g.label}
              </h2>
              <div className="table-responsive">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('preferences.event')}</th>
                      <th scope="col">{t('preferences.in_app')}</th>
                      <th scope="col">{t('preferences.email')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.items.map((p) => {
                      const c = choices[p.type] ?? { inApp: p.inApp, email: p.email };
                      const id = p.type.replace(/[^a-zA-Z0-9_-]/g, '-');
                      return (
                        <tr key={p.type}>
                          <th scope="row" className="fw-normal">
                            {p.label}
                            {p.isDefault && <span className="text-muted small"> ({t('preferences.default')})</span>}
                          </th>
                          <td>
                            <input
                              id={`inapp-${id}`}
                              type="checkbox"
                              className="form-check-input position-static ms-0"
                              aria-label={t('preferences.in_app_of', { label: p.label })}
                              checked={c.inApp}
                              onChange={(e) => change(p.type, { inApp: e.target.checked })}
                            />
                          </td>
                          <td>
                            <select
                              id={`email-${id}`}
                              className="form-select"
                              aria-label={t('preferences.email_of', { label: p.label })}
                              value={c.email}
                              onChange={(e) => change(p.type, { email: e.target.value as EmailMode })}
                            >
                              {EmailModes.map((m) => (
                                <option key={m} value={m}>
                                  {t(`preferences.modes.${m}`)}
                                </option>
                              ))}
                            </select>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <p className="small">{t('preferences.digest_note')}</p>
          {saved && <SuccessAlert>{t('preferences.saved')}</SuccessAlert>}
          <ApiErrorAlert error={save.error} />
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('preferences.save')}
          </button>
        </form>
      )}
    </>
  );
}

export function PreferencesPage() {
  return (
    <RequireSignedIn>
      <PreferencesForm />
    </RequireSignedIn>
  );
}
