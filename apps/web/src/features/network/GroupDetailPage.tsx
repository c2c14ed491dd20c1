import { zodResolver } from '@hookform/resolvers/zod';
import { GroupMemberInputSchema, GroupMemberLeaveSchema } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { zodOptions } from '../../lib/validation';
import { networkApi, nk, type WorkingGroup } from './api';
import { useNetworkAccess } from './access';
import {
  ActionPanel,
  NotSet,
  applyServerIssues,
  focusById,
  formatDay,
  todayIso,
  useProgrammeProvinces,
} from './components';
import { MeetingsSection } from './meetings';
import { FormButtons } from './components/FormButtons';
import { useNetworkTranslation } from './i18n';

type Member = WorkingGroup['members'][number];

function AddMemberForm({
  group,
  onDone,
  onCancel,
}: {
  group: WorkingGroup;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const provinces = useProgrammeProvinces();
  const current = new Set(group.members.filter((m) => !m.leftOn).map((m) => m.ente.id));
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(GroupMemberInputSchema, zodOptions),
    defaultValues: { enteId: '', isLead: false, joinedOn: todayIso() },
  });
  const add = useMutation({
    mutationFn: (v: { enteId: string; isLead?: boolean; joinedOn: string }) =>
      networkApi.addGroupMember(group.id, { ...v, isLead: v.isLead ?? false }),
    onSuccess: (_r, v) =>
      onDone(t('groups.member_added', { name: provinces.data?.find((p) => p.id === v.enteId)?.name ?? '' })),
    onError: (err) => applyServerIssues(err, setError, ['enteId', 'isLead', 'joinedOn']),
  });
  const { errors, isSubmitted } = formState;
  return (
    <ActionPanel id="group-member-panel" title={t('groups.add_member')}>
      {isSubmitted && (
        <ErrorSummary
          errors={errors}
          fields={[
            ['enteId', 'group-member-ente', t('common.ente')],
            ['joinedOn', 'group-member-joined', t('groups.joined_on')],
          ]}
        />
      )}
      {add.isError && <ApiErrorAlert error={add.error} />}
      <form noValidate className="pc-form" onSubmit={handleSubmit((v) => add.mutate(v))}>
        <SelectField
          id="group-member-ente"
          label={t('common.ente')}
          required
          error={errors.enteId?.message}
          registration={register('enteId')}
        >
          <option value="">{t('common.choose_provincia')}</option>
          {provinces.data
            ?.filter((p) => !current.has(p.id))
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </SelectField>
        <CheckboxField id="group-member-lead" label={t('groups.is_lead')} {...register('isLead')} />
        <TextField
          id="group-member-joined"
          label={t('groups.joined_on')}
          type="date"
          required
          error={errors.joinedOn?.message}
          registration={register('joinedOn')}
        />
        <FormButtons confirmLabel={t('groups.add_member')} pending={add.isPending} onCancel={onCancel} />
      </form>
    </ActionPanel>
  );
}

function LeaveForm({
  member,
  onDone,
  onCancel,
}: {
  member: Member;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useNetworkTranslation();
  const { register, handleSubmit, setError, formState } = useForm({
    resolver: zodResolver(GroupMemberLeaveSchema, zodOptions),
    defaultValues: { leftOn: todayIso() },
  });
  const leave = useMutation({
    mutationFn: (v: { leftOn: string }) => networkApi.leaveGroup(member.id, v),
    onSuccess: () => onDone(t('groups.member_left', { name: member.ente.name })),
    onError: (err) => applyServerIssues(err, setError, ['leftOn']),
  });
  return (
    <ActionPanel id="group-leave-panel" title={t('groups.leave_title', { name: member.ente.name })}>
      {leave.isError && <ApiErrorAlert error={leave.error} />}
      <form noValidate onSubmit={handleSubmit((v) => leave.mutate(v))}>
        <TextField
          id="group-leave-date"
          label={t('groups.left_on')}
          type="date"
          required
          error={formState.errors.leftOn?.message}
          registration={register('leftOn')}
        />
        <FormButtons confirmLabel={t('groups.confirm_leave')} pending={leave.isPending} onCancel={onCancel} danger />
      </form>
    </ActionPanel>
  );
}

function RoleText({ isLead }: { isLead: boolean }) {
  const { t } = useNetworkTranslation();
  return <>{isLead ? t('groups.role_lead') : t('groups.role_member')}</>;
}

function Members({ group, canEdit }: { group: WorkingGroup; canEdit: boolean }) {
  const { t } = useNetworkTranslation();
  const qc = useQueryClient();
  const [panel, setPanel] = useState<{ kind: 'add' } | { kind: 'leave'; member: Member } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const current = group.members.filter((m) => !m.leftOn);
  const past = group.members.filter((m) => m.leftOn);
  const done = async (message: string) => {
    await qc.invalidateQueries({ queryKey: nk.group(group.id) });
    void qc.invalidateQueries({ queryKey: nk.all });
    setPanel(null);
    setNotice(message);
    focusById('group-members-title');
  };
  const cancel = () => {
    const was = panel;
    setPanel(null);
    focusById(was?.kind === 'leave' ? `group-leave-${was.member.id}` : 'group-member-add');
  };

  return (
    <section className="mb-5" aria-labelledby="group-members-title">
      <h2 id="group-members-title" className="h4" tabIndex={-1}>
        {t('groups.members')}
      </h2>
      {notice && <SuccessAlert>{notice}</SuccessAlert>}
      {canEdit && (
        <p>
          <button
            id="group-member-add"
            type="button"
            className="btn btn-primary"
            aria-expanded={panel?.kind === 'add'}
            onClick={() => {
              setNotice(null);
              setPanel({ kind: 'add' });
              focusById('group-member-panel-title');
            }}
          >
            {t('groups.add_member')}
          </button>
        </p>
      )}
      {panel?.kind === 'add' && <AddMemberForm group={group} onDone={(m) => void done(m)} onCancel={cancel} />}
      {panel?.kind === 'leave' && <LeaveForm member={panel.member} onDone={(m) => void done(m)} onCancel={cancel} />}
      {current.length === 0 ? (
        <p>{t('groups.no_members')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('groups.members_caption', { name: group.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.ente')}</th>
                <th scope="col">{t('groups.role')}</th>
                <th scope="col">{t('groups.joined_on')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {current.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="fw-normal">
                    <Link to="/enti/$enteId" params={{ enteId: m.ente.id }}>
                      {m.ente.name}
                    </Link>
                  </th>
                  <td>
                    {m.isLead ? (
                      <span className="pc-tag">
                        <RoleText isLead />
                      </span>
                    ) : (
                      <RoleText isLead={false} />
                    )}
                  </td>
                  <td>{formatDay(m.joinedOn)}</td>
                  {canEdit && (
                    <td>
                      <button
                        id={`group-leave-${m.id}`}
                        type="button"
                        className="btn btn-outline-danger btn-sm"
                        onClick={() => {
                          setNotice(null);
                          setPanel({ kind: 'leave', member: m });
                          focusById('group-leave-panel-title');
                        }}
                      >
                        {t('groups.leave')}
                        <span className="visually-hidden"> {m.ente.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="h5">{t('groups.history')}</h3>
      {past.length === 0 ? (
        <p>{t('groups.no_history')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table pc-table">
            <caption>{t('groups.history_caption', { name: group.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.ente')}</th>
                <th scope="col">{t('groups.role')}</th>
                <th scope="col">{t('groups.joined_on')}</th>
                <th scope="col">{t('groups.left_on')}</th>
              </tr>
            </thead>
            <tbody>
              {past.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="fw-normal">
                    {m.ente.name}
                  </th>
                  <td>
                    <RoleText isLead={m.isLead} />
                  </td>
                  <td>{formatDay(m.joinedOn)}</td>
                  <td>{m.leftOn ? formatDay(m.leftOn) : <NotSet />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function GroupDetailPage({ groupId }: { groupId: string }) {
  const { t } = useNetworkTranslation();
  const { isUpi } = useNetworkAccess();
  const query = useQuery({ queryKey: nk.group(groupId), queryFn: () => networkApi.group(groupId) });
  const group = query.data;
  usePageTitle(group?.name ?? t('groups.title'));
  if (query.isPending) return <Loading />;
  if (query.isError || !group) {
    return (
      <>
        <h1>{t('groups.title')}</h1>
        <ApiErrorAlert error={query.error} />
        <Link to="/rete/gruppi">{t('groups.back')}</Link>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="/rete/gruppi">{t('groups.back')}</Link>
      </p>
      <h1>{group.name}</h1>
      {group.description && <p className="lead">{group.description}</p>}
      <dl className="pc-dl mb-5">
        <dt>{t('groups.area')}</dt>
        <dd>{t(`services_long.${group.area}`)}</dd>
        <dt>{t('groups.lead')}</dt>
        <dd>
          {group.lead ? (
            <Link to="/enti/$enteId" params={{ enteId: group.lead.id }}>
              {group.lead.name}
            </Link>
          ) : (
            <NotSet />
          )}
        </dd>
      </dl>
      <Members group={group} canEdit={isUpi} />
      <MeetingsSection
        meetings={group.meetings}
        canEdit={isUpi}
        onCreate={(input) => networkApi.addGroupMeeting(group.id, input)}
        invalidateKey={nk.group(group.id)}
      />
    </>
  );
}
