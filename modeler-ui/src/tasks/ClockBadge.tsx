// The legal clock of a task: its colour (normal / yellow / red) and the working days left until
// the committed due date, as the api computed them (api/tasks/clock.ts).
import { t } from '../i18n/index.js';
import { date } from './format.js';
import type { ClockColour, TaskDetail } from './tasks-api.js';

export function ClockDot({ clock }: { readonly clock: ClockColour | null }) {
  if (clock === null) return null;
  return <span className={`clock-dot clock-${clock}`} title={t.tasks.clock[clock]} aria-label={t.tasks.clock[clock]} data-clock={clock} />;
}

export function ClockBadge({ clock }: { readonly clock: NonNullable<TaskDetail['legalClock']> }) {
  return (
    <div className={`clock-badge clock-${clock.clock}`} data-testid="legal-clock" data-clock={clock.clock}>
      <strong>{clock.suspended ? t.tasks.clockSuspended : t.tasks.clock[clock.clock]}</strong>
      {!clock.suspended && clock.workingDaysLeft !== null && <span>{t.tasks.clockLeft(clock.workingDaysLeft)}</span>}
      <span className="small">
        {t.tasks.committedDue} {date(clock.committedDueAt)}
        {clock.legalDueAt && ` · ${t.tasks.legalDue} ${date(clock.legalDueAt)}`}
      </span>
    </div>
  );
}
