import { zodResolver } from '@hookform/resolvers/zod';
import { LoginSchema, PasswordResetSchema } from '@app/contracts';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { identityApi } from './api';

const ResetFormSchema = PasswordResetSchema.pick({ password: true })
  .extend({ confirm: LoginSchema.shape.password })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], params: { i18n: 'passwords_mismatch' } });

export function ResetPasswordPage({ token }: { token?: string }) {
  const { t } = useTranslation('identity');
  usePageTitle(t('reset.title'));
  const reset = useMutation({ mutationFn: (password: string) => identityApi.resetPassword(token ?? '', password) });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitted },
  } = useForm({ resolver: zodResolver(ResetFormSchema, zodOptions), defaultValues: { password: '', confirm: '' } });

  if (!token) {
    return (
      <section className="pc-narrow">
        <h1>{t('reset.title')}</h1>
        <div className="alert alert-danger" role="alert">
          {t('reset.missing_token')}
        </div>
        <Link to="/password/forgot">{t('reset.request_new')}</Link>
      </section>
    );
  }

  return (
    <section className="pc-narrow">
      <h1>{t('reset.title')}</h1>
      {reset.isSuccess ? (
        <>
          <SuccessAlert>{t('reset.success')}</SuccessAlert>
          <Link to="/login" className="btn btn-primary">
            {t('reset.login_link')}
          </Link>
        </>
      ) : (
        <>
          <p>{t('reset.intro')}</p>
          {isSubmitted && (
            <ErrorSummary
              errors={errors}
              fields={[
                ['password', 'reset-password', t('reset.new_password')],
                ['confirm', 'reset-confirm', t('reset.confirm_password')],
              ]}
            />
          )}
          {reset.isError && (
            <>
              <ApiErrorAlert error={reset.error} />
              <p>
                <Link to="/password/forgot">{t('reset.request_new')}</Link>
              </p>
            </>
          )}
          <form onSubmit={handleSubmit((v) => reset.mutate(v.password))} noValidate className="pc-form">
            <TextField
              id="reset-password"
              label={t('reset.new_password')}
              hint={t('reset.password_hint')}
              type="password"
              autoComplete="new-password"
              required
              error={errors.password?.message}
              registration={register('password')}
            />
            <TextField
              id="reset-confirm"
              label={t('reset.confirm_password')}
              type="password"
              autoComplete="new-password"
              required
              error={errors.confirm?.message}
              registration={register('confirm')}
            />
            <button type="submit" className="btn btn-primary" disabled={reset.isPending}>
              {t('reset.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
