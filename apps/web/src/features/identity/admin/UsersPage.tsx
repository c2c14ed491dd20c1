import { zodResolver } from '@hookform/resolvers/zod';
import { Locales, UserCreateSchema } from '@app/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../../components/ApiErrorAlert';
import { ErrorSummary } from '../../../components/forms/ErrorSummary';
import { SelectField, TextField } from '../../../components/forms/fields';
import { PagedTable } from '../../../components/PagedTable';
import { useDebounced } from '../../../lib/use-debounced';
import { usePageTitle } from '../../../lib/use-page-title';
import { zodOptions } from '../../../lib/validation';
import { identityApi } from '../api';
import { RequireAdmin } from './RequireAdmin';

const PAGE_SIZE = 25;

function NewUserForm({ onCreated, onCancel }: { onCreated: (name: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: identityApi.createUser,
    onSuccess: (user) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      onCreated(user.displayName);
    },
  });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitted },
  } = useForm({
    resolver: zodResolver(UserCreateSchema, zodOptions),
    defaultValues: {
      displayName: '',
      email: '',
      password: undefined,
      locale: 'it' as const,
    },
  });
  const optionalString = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

  return (
    <section className="pc-panel mb-5" aria-labelledby="new-user-title">
      <h2 id="new-user-title" className="h4">
        {t('user_form.title')}
      </h2>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['displayName', 'new-user-name', t('user_form.display_name')],
            ['email', 'new-user-email', t('user_form.email')],
            ['password', 'new-user-password', t('user_form.password')],
            ['locale', 'new-user-locale', t('user_form.locale')],
          ]}
        />
      )}
      {create.isError && <ApiErrorAlert error={create.error} />}
      <form onSubmit={handleSubmit((v) => create.mutate(v))} noValidate className="pc-form">
        <TextField
          id="new-user-name"
          label={t('user_form.display_name')}
          autoComplete="off"
          required
          error={errors.displayName?.message}
          registration={register('displayName')}
        />
        <TextField
          id="new-user-email"
          label={t('user_form.email')}
          type="email"
          autoComplete="off"
          required
          error={errors.email?.message}
          registration={register('email')}
        />
        <TextField
          id="new-user-password"
          label={t('user_form.password')}
          hint={t('user_form.password_hint')}
          type="password"
          autoComplete="new-password"
          error={errors.password?.message}
          registration={register('password', { setValueAs: optionalString })}
        />
        <SelectField
          id="new-user-locale"
          label={t('user_form.locale')}
          error={errors.locale?.message}
          registration={register('locale')}
        >
          {Locales.map((l) => (
            <option key={l} value={l}>
              {t(`locales.${l}`)}
            </option>
          ))}
        </SelectField>
        <div className="d-flex gap-3">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('user_form.submit')}
          </button>
          <button type="button" className="btn btn-outline-primary" onClick={onCancel}>
            {t('user_form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function UsersList() {
  const { t } = useTranslation('identity');
  const tc = useTranslation('common').t;
  usePageTitle(t('users.title'));
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [showForm, setShowForm] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const debouncedQ = useDebounced(q.trim(), 300);
  const params = { q: debouncedQ || undefined, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: ['users', params],
    queryFn: () => identityApi.listUsers(params),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <h1>{t('users.title')}</h1>
      <p className="lead">{t('users.intro')}</p>
      {created && <SuccessAlert>{t('users.created', { name: created })}</SuccessAlert>}
      <div className="d-flex flex-wrap align-items-end justify-content-between gap-3 mb-3">
        <form role="search" onSubmit={(e) => e.preventDefault()} className="flex-grow-1 pc-search">
          <TextField
            id="users-q"
            label={t('users.search')}
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
          />
        </form>
        {!showForm && (
          <button
            ref={newButton}
            type="button"
            className="btn btn-primary mb-4"
            onClick={() => {
              setCreated(null);
              setShowForm(true);
              window.setTimeout(() => document.getElementById('new-user-name')?.focus(), 0);
            }}
          >
            {t('users.new_user')}
          </button>
        )}
      </div>
      {showForm && (
        <NewUserForm
          onCreated={(name) => {
            setCreated(name);
            setShowForm(false);
          }}
          onCancel={() => {
            setShowForm(false);
            window.setTimeout(() => newButton.current?.focus(), 0);
          }}
        />
      )}
      <PagedTable
        query={query}
        caption={t('users.caption')}
        emptyText={t('users.no_results')}
        columns={[
          { label: t('users.name') },
          { label: t('users.email') },
          { label: t('users.status') },
          { label: t('users.memberships') },
        ]}
        rowKey={(u) => u.id}
        renderCells={(u) => (
          <>
            <th scope="row" className="fw-normal">
              <Link to="/admin/users/$userId" params={{ userId: u.id }}>
                {u.displayName}
              </Link>
            </th>
            <td>{u.email}</td>
            <td>
              <span className={u.active ? 'pc-badge-ok' : 'pc-badge-off'}>
                {u.active ? t('users.active') : t('users.inactive')}
              </span>
            </td>
            <td>
              {u.memberships.length === 0 ? (
                t('users.no_memberships')
              ) : (
                <ul className="list-unstyled mb-0">
                  {u.memberships.map((m) => (
                    <li key={m.id}>
                      {m.enteName} – {tc(`roles.${m.role}`)}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}

export function UsersPage() {
  return (
    <RequireAdmin>
      <UsersList />
    </RequireAdmin>
  );
}
