import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLogout, useSession, useSwitchMembership } from '../../features/identity/session';
import { NotificationBell } from '../../features/notifications/NotificationBell';

export function UserArea() {
  const { t } = useTranslation('common');
  const { me, isLoading } = useSession();
  const logout = useLogout();
  const switchMembership = useSwitchMembership();

  if (isLoading) return null;
  if (!me) {
    return (
      <Link to="/login" className="pc-header-btn pc-header-login">
        {t('user_menu.login')}
      </Link>
    );
  }
  const { user } = me;
  return (
    <div className="pc-user-area">
      <NotificationBell />
      <span className="pc-user-name">
        <span className="visually-hidden">{t('user_menu.signed_in_as')}: </span>
        {user.displayName}
      </span>
      {user.memberships.length > 1 && (
        <span className="pc-membership-switch">
          <label htmlFor="active-membership" className="visually-hidden">
            {t('user_menu.active_membership')}
          </label>
          <select
            id="active-membership"
            className="pc-header-select"
            value={me.activeMembershipId ?? ''}
            disabled={switchMembership.isPending}
            onChange={(e) => {
              if (e.target.value) switchMembership.mutate(e.target.value);
            }}
          >
            {!me.activeMembershipId && <option value="">—</option>}
            {user.memberships.map((m) => (
              <option key={m.id} value={m.id}>
                {t('user_menu.membership_option', { ente: m.enteName, role: t(`roles.${m.role}`) })}
              </option>
            ))}
          </select>
        </span>
      )}
      <button
        type="button"
        className="pc-header-btn"
        disabled={logout.isPending}
        onClick={() => logout.mutate()}
      >
        {t('user_menu.logout')}
      </button>
    </div>
  );
}
