import { zodResolver } from '@hookform/resolvers/zod';
import { PasswordForgotSchema } from '@app/contracts';
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

export function ForgotPasswordPage() {
  const { t } = useTranslation('identity');
  usePageTitle(t('forgot.title'));
  const forgot = useMutation({ mutationFn: identityApi.forgotPassword });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitted },
  } = useForm({ resolver: zodResolver(PasswordForgotSchema, zodOptions), defaultValues: { email: '' } });

  return (
    <section className="pc-narrow">
      <h1>{t('forgot.title')}</h1>
      {forgot.isSuccess ? (
        <>
          <SuccessAlert>{t('forgot.done')}</SuccessAlert>
          <Link to="/login">{t('forgot.back_to_login')}</Link>
        </>
      ) : (
        <>
          <p>{t('forgot.intro')}</p>
          {isSubmitted && <ErrorSummary errors={errors} fields={[['email', 'forgot-email', t('forgot.email')]]} />}
          {forgot.isError && <ApiErrorAlert error={forgot.error} />}
          <form onSubmit={handleSubmit((v) => forgot.mutate(v.email))} noValidate className="pc-form">
            <TextField
              id="forgot-email"
              label={t('forgot.email')}
              type="email"
              autoComplete="email"
              required
              error={errors.email?.message}
              registration={register('email')}
            />
            <div className="d-flex flex-wrap align-items-center gap-3">
              <button type="submit" className="btn btn-primary" disabled={forgot.isPending}>
                {t('forgot.submit')}
              </button>
              <Link to="/login">{t('forgot.back_to_login')}</Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
