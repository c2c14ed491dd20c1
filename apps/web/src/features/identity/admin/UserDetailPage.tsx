import { Roles, type EnteSummary, type Role, type User } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../../components/ApiErrorAlert';
import { SelectField } from '../../../components/forms/fields';
import { Loading } from '../../../components/Loading';
import { formatDateRome } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { translateFieldError } from '../../../lib/validation';
import { identityApi } from '../api';
import { EnteCombobox, resolveEnte, searchEnti } from './EnteCombobox';
import { RequireAdmin } from './RequireAdmin';

function AddMembershipForm({ user }: { user: User }) {
  const { t } = useTranslation('identity');
  const tc = useTranslation('common').t;
  const tr = useTranslation('registry').t;
  const qc = useQueryClient();
  const [enteText, setEnteText] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [errors, setErrors] = useState<{ ente?: string; role?: string }>({});
  const [resolving, setResolving] = useState(false);
  const [added, setAdded] = useState(false);

  const add = useMutation({
    mutationFn: (body: { enteId: string; role: Role }) => identityApi.addMembership(user.id, body),
    onSuccess: (updated) => {
      qc.setQueryData(['users', 'detail', user.id], updated);
      void qc.invalidateQueries({ queryKey: ['users'] });
      setEnteText('');
      setRole('');
      setAdded(true);
    },
  });

  const typeLabel = (e: EnteSummary) => tr(`types.${e.type}`);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setAdded(false);
    const next: { ente?: string; role?: string } = {};
    let ente: EnteSummary | undefined;
    const text = enteText.trim();
    if (!text) next.ente = 'validation.required';
    else {
      setResolving(true);
      try {
        const q = text.replace(/\s*\([^)]*\)\s*$/, '');
        const res = await qc.fetchQuery({ queryKey: ['enti', 'search', q], queryFn: () => searchEnti(q), staleTime: 60_000 });
        ente = resolveEnte(text, res.items, typeLabel);
      } catch {
        ente = undefined;
      } finally {
        setResolving(false);
      }
      if (!ente) next.ente = 'validation.ente_not_found';
    }
    if (!role) next.role = 'validation.required';
    setErrors(next);
    if (next.ente || next.role || !ente || !role) {
      window.setTimeout(() => document.getElementById(next.ente ? 'membership-ente' : 'membership-role')?.focus(), 0);
      return;
    }
    add.mutate({ enteId: ente.id, role });
  }

  const summary = [
    errors.ente ? (['membership-ente', t('user_detail.ente'), errors.ente] as const) : null,
    errors.role ? (['membership-role', t('user_detail.role'), errors.role] as const) : null,
  ].filter((x) => x !== null);

  return (
    <section className="pc-panel" aria-labelledby="add-membership-title">
      <h2 id="add-membership-title" className="h4">
        {t('user_detail.add_title')}
      </h2>
      {summary.length > 0 && (
        <div className="alert alert-danger" role="alert" aria-labelledby="membership-errors-title">
          <h3 id="membership-errors-title" className="h5">
            {tc('form.error_summary_title')}
          </h3>
          <ul className="mb-0">
            {summary.map(([id, label, msg]) => (
              <li key={id}>
                <a href={`#${id}`}>
                  {label}: {translateFieldError(tc, msg)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {add.isError && <ApiErrorAlert error={add.error} />}
      {added && <SuccessAlert>{t('user_detail.added')}</SuccessAlert>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="pc-form">
        <EnteCombobox id="membership-ente" value={enteText} onChange={setEnteText} error={errors.ente} />
        <SelectField
          id="membership-role"
          label={t('user_detail.role')}
          value={role}
          error={errors.role}
          onChange={(e) => setRole(e.target.value as Role | '')}
        >
          <option value="">{t('user_detail.choose_role')}</option>
          {Roles.map((r) => (
            <option key={r} value={r}>
              {tc(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="btn btn-primary" disabled={add.isPending || resolving}>
          {t('user_detail.submit')}
        </button>
      </form>
    </section>
  );
}

function UserDetail({ userId }: { userId: string }) {
  const { t } = useTranslation('identity');
  const tc = useTranslation('common').t;
  const qc = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({ queryKey: ['users', 'detail', userId], queryFn: () => identityApi.getUser(userId) });
  const user = query.data;
  usePageTitle(user?.displayName ?? t('users.title'));

  const setUser = (u: User) => {
    qc.setQueryData(['users', 'detail', userId], u);
    void qc.invalidateQueries({ queryKey: ['users'], predicate: (q) => q.queryKey[1] !== 'detail' });
  };

  const toggle = useMutation({
    mutationFn: (u: User) => identityApi.updateUser(u.id, { active: !u.active, version: u.version }),
    onSuccess: (u) => {
      setUser(u);
      setNotice(u.active ? t('user_detail.activated') : t('user_detail.deactivated'));
    },
    onError: () => {
      void query.refetch();
    },
  });
  const remove = useMutation({
    mutationFn: (membershipId: string) => identityApi.removeMembership(userId, membershipId),
    onSuccess: async () => {
      await query.refetch();
      void qc.invalidateQueries({ queryKey: ['users'] });
      setNotice(t('user_detail.removed'));
      document.getElementById('memberships-title')?.focus();
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError || !user) {
    return (
      <>
        <h1>{t('users.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/admin/users">{t('user_detail.back')}</Link>
      </>
    );
  }

  return (
    <>
      <p>
        <Link to="/admin/users">{t('user_detail.back')}</Link>
      </p>
      <h1>{user.displayName}</h1>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}
      {toggle.isError && <ApiErrorAlert error={toggle.error} />}
      {remove.isError && <ApiErrorAlert error={remove.error} />}

      <section className="mb-5" aria-labelledby="profile-title">
        <h2 id="profile-title" className="h4">
          {t('user_detail.profile')}
        </h2>
        <dl className="pc-dl">
          <dt>{t('user_detail.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('user_detail.locale')}</dt>
          <dd>{t(`locales.${user.locale}`)}</dd>
          <dt>{t('user_detail.status')}</dt>
          <dd>
            {user.active ? t('users.active') : t('users.inactive')}
            {user.isDemo ? ` · ${t('user_detail.demo')}` : ''}
          </dd>
          <dt>{t('user_detail.created_at')}</dt>
          <dd>{formatDateRome(user.createdAt)}</dd>
        </dl>
        <button
          type="button"
          className={user.active ? 'btn btn-outline-danger' : 'btn btn-outline-primary'}
          disabled={toggle.isPending}
          onClick={() => {
            setNotice(null);
            toggle.mutate(user);
          }}
        >
          {user.active ? t('user_detail.deactivate') : t('user_detail.activate')}
        </button>
      </section>

      <section className="mb-5" aria-labelledby="memberships-title">
        <h2 id="memberships-title" className="h4" tabIndex={-1}>
          {t('user_detail.memberships_title')}
        </h2>
        {user.memberships.length === 0 ? (
          <p>{t('user_detail.no_memberships')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table pc-table">
              <caption className="visually-hidden">{t('user_detail.memberships_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('user_detail.ente_column')}</th>
                  <th scope="col">{t('user_detail.role_column')}</th>
                  <th scope="col">{t('user_detail.actions_column')}</th>
                </tr>
              </thead>
              <tbody>
                {user.memberships.map((m) => (
                  <tr key={m.id}>
                    <td>{m.enteName}</td>
                    <td>{tc(`roles.${m.role}`)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-outline-danger btn-sm"
                        disabled={remove.isPending}
                        onClick={() => {
                          setNotice(null);
                          remove.mutate(m.id);
                        }}
                      >
                        {t('user_detail.remove')}
                        <span className="visually-hidden">
                          {' '}
                          {t('user_detail.remove_detail', { role: tc(`roles.${m.role}`), ente: m.enteName })}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <AddMembershipForm user={user} />
    </>
  );
}

export function UserDetailPage({ userId }: { userId: string }) {
  return (
    <RequireAdmin>
      <UserDetail userId={userId} />
    </RequireAdmin>
  );
}
