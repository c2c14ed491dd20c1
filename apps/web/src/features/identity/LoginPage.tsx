import { zodResolver } from '@hookform/resolvers/zod';
import { LoginSchema } from '@app/contracts';
import { Link, useRouter } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { OIDC_LOGIN_URL } from './api';
import { useLogin, useProviders } from './session';

/** Only same-origin relative paths are accepted as post-login destinations. */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    {return '/';}
  if (value.startsWith('/login')) return '/';
  return value;
}

export function LoginPage({ redirect }: { redirect?: string }) {
  const { t } = useTranslation('identity');
  usePageTitle(t('login.title'));
  const router = useRouter();
  const login = useLogin();
  const providers = useProviders();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitted },
  } = useForm({ resolver: zodResolver(LoginSchema, zodOptions), defaultValues: { email: '', password: '' } });

  const onSubmit = handleSubmit((values) => {
    login.mutate(values, {
      onSuccess: () => {
        router.history.push(safeRedirect(redirect));
      },
    });
  });

  const oidc = providers.data?.oidc;
  const oidcLabel = providers.data?.oidcLabel || t('login.oidc');

  return (
    <section className="pc-narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['email', 'login-email', t('login.email')],
            ['password', 'login-password', t('login.password')],
          ]}
        />
      )}
      {login.isError && <ApiErrorAlert error={login.error} />}
      <form onSubmit={onSubmit} noValidate className="pc-form">
        <TextField
          id="login-email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          error={errors.email?.message}
          registration={register('email')}
        />
        <TextField
          id="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          error={errors.password?.message}
          registration={register('password')}
        />
        <div className="d-flex flex-wrap align-items-center gap-3">
          <button type="submit" className="btn btn-primary" disabled={login.isPending}>
            {t('login.submit')}
          </button>
          <Link to="/password/forgot">{t('login.forgot_link')}</Link>
        </div>
      </form>
      {oidc && (
        <div className="mt-4 pt-4 border-top">
          <p className="text-uppercase small fw-semibold">{t('login.or')}</p>
          <a className="btn btn-outline-primary" href={OIDC_LOGIN_URL}>
            {oidcLabel}
          </a>
        </div>
      )}
    </section>
  );
}
