// 任务: the inbox on the left, the chosen task (/tasks/:key) on the right.
import { useCallback, useState } from 'react';
import { useMatch } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { useSession } from '../session.js';
import { useAutoRefresh } from '../supervision/use-auto-refresh.js';
import { Inbox } from './Inbox.js';
import { TaskView } from './TaskView.js';
import './tasks.css';

export function TasksPage() {
  const { state } = useSession();
  const match = useMatch('/tasks/:key');
  const key = match?.params.key;
  const [reload, setReload] = useState(0);
  const changed = useCallback(() => setReload((n) => n + 1), []);
  // Only the inbox reloads on its own: the open task (and what is typed into its form) is left alone.
  useAutoRefresh(changed);
  if (state.kind !== 'signed-in') return null;
  return (
    <div className="tasks-page">
      <Inbox selected={key} reload={reload} />
      <section className="task-pane">
        {key ? (
          <TaskView key={key} taskKey={key} username={state.staff.username} supervisor={state.staff.roles.includes('supervisor')} onChanged={changed} />
        ) : (
          <p className="muted pad">{t.tasks.pickTask}</p>
        )}
      </section>
    </div>
  );
}
