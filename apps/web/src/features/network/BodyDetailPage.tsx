import { zodResolver } from '@hookform/resolvers/zod';
import { BodyMemberInputSchema } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk, type Body } from './api';
import { useNetworkAccess } from './access';
import { ActionPanel, NotSet, applyServerIssues, emptyToNull, focusById, formatDay } from './components';
import { MeetingsSection } from './meetings';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

function MemberForm({
  bodyId,
  onDone,
  onCancel,
}: {
  bodyId: string;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(BodyMemberInputSchema, zodOptions),
    defaultValues: { fullName: '', organisation: '', role: '', fromOn: null, toOn: null },
  });
  const add = useMutation({
    mutationFn: (v: Parameters<typeof networkApi.addBodyMember>[1]) => networkApi.addBodyMember(bodyId, v),
    onSuccess: (_r, v) => onDone(t('bodies.member_added', { name: v.fullName })),
    onError: (err) => applyServerIssues(err, setError, ['fullName', 'organisation', 'role', 'fromOn', 'toOn']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <ActionPanel id="body-member-panel" title={t('bodies.add_member')}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['fullName', 'body-member-name', t('bodies.member_name')],
            ['organisation', 'body-member-org', t('bodies.organisation')],
            ['role', 'body-member-role', t('bodies.role')],
            ['fromOn', 'body-member-from', t('bodies.from')],
            ['toOn', 'body-member-to', t('bodies.to')],
          ]}
        />
      )}
      {add.isError && <ApiErrorAlert error={add.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => add.mutate(v))}>
        <div className="row">
          <div className="col-md-6">
            <TextField
              id="body-member-name"
              label={t('bodies.member_name')}
              required
              error={errors.fullName?.message}
              registration={register('fullName')}
            />
          </div>
          <div className="col-md-6">
            <TextField
              id="body-member-org"
              label={t('bodies.organisation')}
              required
              error={errors.organisation?.message}
              registration={register('organisation')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="body-member-role"
              label={t('bodies.role')}
              required
              error={errors.role?.message}
              registration={register('role')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="body-member-from"
              label={t('bodies.from')}
              hint={t('common.optional')}
              type="date"
              error={errors.fromOn?.message}
              registration={register('fromOn', { setValueAs: emptyToNull })}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="body-member-to"
              label={t('bodies.to')}
              hint={t('common.optional')}
              type="date"
              error={errors.toOn?.message}
              registration={register('toOn', { setValueAs: emptyToNull })}
            />
          </div>
        </div>
        <FormButtons confirmLabel={t('bodies.add_member')} pending={add.isPending} onCancel={onCancel} />
      </form>
    </ActionPanel>
  );
}

function Members({ body, canEdit }: { body: Body; canEdit: boolean }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = async (message: string) => {
    await qc.invalidateQueries({ queryKey: nk.body(body.id) });
    void qc.invalidateQueries({ queryKey: nk.bodies });
    setAdding(false);
    setNotice(message);
    focusById('body-members-title');
  };
  const remove = useMutation({
    mutationFn: (m: Body['members'][number]) => networkApi.removeBodyMember(m.id),
    onSuccess: (_r, m) => void refresh(t('bodies.member_removed', { name: m.fullName })),
  });
  return (
    <section className="mb-5" aria-labelledby="body-members-title">
      <h2 id="body-members-title" className="h4" tabIndex={-1}>
        {t('bodies.members')}
      </h2>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}
      {remove.isError && <ApiErrorAlert error={remove.error} />}
      {canEdit && !adding && (
        <p>
          <button
            id="body-member-add"
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice(null);
              setAdding(true);
              focusById('body-member-panel-title');
            }}
          >
            {t('bodies.add_member')}
          </button>
        </p>
      )}
      {adding && (
        <MemberForm
          bodyId={body.id}
          onDone={(m) => void refresh(m)}
          onCancel={() => {
            setAdding(false);
            focusById('body-member-add');
          }}
        />
      )}
      {body.members.length === 0 ? (
        <p>{t('bodies.no_members')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('bodies.members_caption', { name: body.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bodies.member_name')}</th>
                <th scope="col">{t('bodies.organisation')}</th>
                <th scope="col">{t('bodies.role')}</th>
                <th scope="col">{t('bodies.from')}</th>
                <th scope="col">{t('bodies.to')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {body.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="fw-normal">
                    {m.fullName}
                  </th>
                  <td>{m.organisation}</td>
                  <td>{m.role}</td>
                  <td>{m.fromOn ? formatDay(m.fromOn) : <NotSet />}</td>
                  <td>{m.toOn ? formatDay(m.toOn) : <NotSet />}</td>
                  {canEdit && (
                    <td>
                      <button
                        type="button"
                        className="btn btn-outline-danger btn-sm"
                        disabled={remove.isPending}
                        onClick={() => {
                          setNotice(null);
                          remove.mutate(m);
                        }}
                      >
                        {t('bodies.remove_member')}
                        <span className="visually-hidden"> {m.fullName}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function BodyDetailPage({ bodyId }: { bodyId: string }) {
  const { t } = useNetworkTranslation();
  const { isUpi } = useNetworkAccess();
  const query = useQuery({ queryKey: nk.body(bodyId), queryFn: () => networkApi.body(bodyId) });
  const body = query.data;
  usePageTitle(body?.name ?? t('bodies.title'));
  if (query.isPending) return <Loading />;
  if (query.isError || !body) {
    return (
      <>
        <h1>{t('bodies.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/rete/organi">{t('bodies.back')}</Link>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="/rete/organi">{t('bodies.back')}</Link>
      </p>
      <h1>{body.name}</h1>
      {body.description && <p className="lead">{body.description}</p>}
      <p>
        <Link to="/rete/decisioni" search={{ body: body.id }}>
          {t('bodies.decisions_of', { name: body.name })}
        </Link>
      </p>
      <Members body={body} canEdit={isUpi} />
      <MeetingsSection
        meetings={body.meetings}
        canEdit={isUpi}
        onCreate={(input) => networkApi.addBodyMeeting(body.id, input)}
        invalidateKey={nk.body(body.id)}
      />
    </>
  );
}
