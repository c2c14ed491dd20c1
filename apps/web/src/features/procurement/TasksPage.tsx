import { Link } from '@tanstack/react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin } from '../network/components';
import { useTasks } from './api';
import { ProcedureStateBadge, ProcurementNav } from './components';
import { formatMoment } from './format';
import { useProcurementTranslation } from './i18n';

function Tasks() {
  const { t, i18n } = useProcurementTranslation();
  const query = useTasks();
  if (query.isError) return <ApiErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  const items = query.data.items;
  if (items.length === 0) return <p role="status">{t('tasks.empty')}</p>;
  const en = i18n.language.startsWith('en');
  return (
    <ul className="list-unstyled">
      {items.map((task, i) => (
        <li key={`${task.procedure.id}-${task.kind}-${i}`} className="pc-panel mb-3" data-kind={task.kind}>
          <p className="mb-1">
            <strong>{en ? task.labelEn : task.labelIt}</strong>
          </p>
          <p className="mb-1">
            <Link to="/appalti/$procedureId" params={{ procedureId: task.procedure.id }}>
              {task.procedure.number} — {task.procedure.title}
            </Link>{' '}
            <ProcedureStateBadge state={task.procedure.state} />
          </p>
          {task.due && <p className="mb-0 small">{t('tasks.due', { date: formatMoment(task.due) })}</p>}
        </li>
      ))}
    </ul>
  );
}

/** `/appalti/attivita`: what the procurement procedures need from me now. */
export function TasksPage() {
  const { t } = useProcurementTranslation();
  usePageTitle(t('tasks.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('tasks.title')}</h1>
        <ProcurementNav />
        <Tasks />
      </div>
    </RequireLogin>
  );
}
