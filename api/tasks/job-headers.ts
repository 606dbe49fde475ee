// What a user-task job says about its task, read from the custom headers Zeebe puts on it
// (architecture.md; docs.camunda.io "User tasks", job-based implementation):
// io.camunda.zeebe:candidateGroups / candidateUsers as JSON array strings, io.camunda.zeebe:assignee,
// io.camunda.zeebe:dueDate / followUpDate as ISO date-times, io.camunda.zeebe:formKey.

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export interface TaskHeaders {
  readonly candidateGroups: string[];
  readonly candidateUsers: string[];
  readonly assignee: string | null;
  readonly dueAt: Date | null;
  readonly followUpAt: Date | null;
  readonly formKey: string | null;
}

const H = 'io.camunda.zeebe:';

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * A list header. Zeebe writes a JSON array string (`["front-desk"]`); a model written by hand
 * with a plain `a,b` is read as a comma list rather than dropped, so nobody loses a task to a typo.
 */
export function listHeader(value: unknown): string[] {
  const t = text(value);
  if (t === null) return [];
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    } catch {
      // fall through to the comma list
    }
  }
  return t.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function dateHeader(value: unknown): Date | null {
  const t = text(value);
  if (t === null) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function taskHeaders(headers: Readonly<Record<string, unknown>>): TaskHeaders {
  return {
    candidateGroups: listHeader(headers[`${H}candidateGroups`]),
    candidateUsers: listHeader(headers[`${H}candidateUsers`]),
    assignee: text(headers[`${H}assignee`]),
    dueAt: dateHeader(headers[`${H}dueDate`]),
    followUpAt: dateHeader(headers[`${H}followUpDate`]),
    formKey: text(headers[`${H}formKey`]),
  };
}
