// The task inbox's side of the gateway: a zeebe-node worker that activates every
// `io.camunda.zeebe:userTask` job with a long timeout and keeps it as a task in app.tasks, and a
// reconciliation that notices jobs the engine took back.
//
// Activation. The worker's handler records the task and calls job.forward(): the job stays
// activated on the engine (nobody else gets it) while the worker's capacity is freed. The timeout is
// a day: a task still open after it is simply activated again by this worker, keeps its row (same
// job key) and gets a fresh deadline, so completing keeps working; and a job the api activated but
// could not record (a crash in between) comes back within a day instead of staying hidden. A job that could not
// be recorded is failed back with its retries unchanged and a short backoff, so it returns.
//
// Reconciliation. A job disappears without telling its worker: the instance is canceled, an
// interrupting boundary timer fires, a 或签's completion condition withdraws the other signatures,
// a supervisor modifies the instance. The gateway has no job lookup, so the inbox asks about each
// open task with a no-op UpdateJobRetries (engine-calls.ts jobExists): NOT_FOUND means gone, and
// the task leaves the inbox as canceled ('withdrawn'). It asks
//  - about the other open tasks of an instance whenever something happened in it that can end
//    them: a new task was activated there, or a task of it was completed (again a moment later,
//    for an engine that processes the follow-ups after answering);
//  - about one task whenever someone opens or acts on it (routes.ts);
//  - about every open task not asked about for `recheckAfterMs`, in a sweep every `sweepEveryMs`
//    (boundary timers and cancellations from elsewhere, with nobody looking).
// Completing a job that is gone answers NOT_FOUND too; routes.ts turns that into a canceled task
// and a 409 for the person.
import type { Sql } from 'postgres';
import type { ApiContext } from '../context.js';
import type { ZBClient, ZBWorker, IInputVariables, ICustomHeaders, IOutputVariables, ZeebeJob } from 'zeebe-node';
import { audit } from '../audit.js';
import { PROCESSES_DIR } from '../flows.js';
import { elementName, rememberFolderNames } from './element-names.js';
import { jobExists } from './engine-calls.js';
import { taskHeaders, USER_TASK_JOB_TYPE } from './job-headers.js';
import { markChecked, markWithdrawn, openTasksOfInstance, recordActivation, tasksToCheck } from './task-store.js';

export const TASK_JOB_TIMEOUT_MS = 24 * 3600_000;
export const INBOX_WORKER_NAME = 'onewindow-task-inbox';

export interface TaskInboxOptions {
  readonly sql: Sql;
  readonly zbc: ZBClient;
  readonly now: () => Date;
  /** How often the sweep runs (default 60 s). */
  readonly sweepEveryMs?: number;
  /** How long an open task goes unchecked before the sweep asks about it (default 10 min). */
  readonly recheckAfterMs?: number;
  /** How long after a completion its instance's other tasks are asked about again (default 1 s). */
  readonly recheckInstanceAfterMs?: number;
}

export interface TaskInbox {
  /** Asks the engine about the open tasks of an instance now (and once more shortly after). */
  reconcileInstance(processInstanceKey: string, except?: string): Promise<void>;
  /** Asks about one task; false if it is gone (and now canceled). */
  reconcileTask(jobKey: string, retries: number): Promise<boolean>;
  /** One sweep over the tasks not checked for a while; returns how many were withdrawn. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

type UserTaskJob = Readonly<ZeebeJob<IInputVariables, ICustomHeaders, IOutputVariables>>;

function definitionKeyOf(job: UserTaskJob): string {
  // zeebe-node 8.3 names it processKey in its types; the wire message calls it processDefinitionKey.
  const raw = job as unknown as Record<string, unknown>;
  return String(raw['processDefinitionKey'] ?? raw['processKey'] ?? '');
}

function deadlineOf(job: UserTaskJob): Date | null {
  const ms = Number(job.deadline);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
}

/** Asks the engine whether one task's job still exists; a gone job's task is canceled. False if gone. */
export async function reconcileOneTask(sql: Sql, zbc: ZBClient, at: Date, jobKey: string, retries: number): Promise<boolean> {
  if (await jobExists(zbc, jobKey, retries)) {
    await markChecked(sql, [jobKey], at);
    return true;
  }
  await markWithdrawn(sql, jobKey, at, WITHDRAWN_REASON);
  return false;
}

export const WITHDRAWN_REASON = '流程引擎中已无此任务（流程已取消、已转到其他环节或或签已完成）';

export function startTaskInbox(options: TaskInboxOptions): TaskInbox {
  const { sql, zbc, now } = options;
  const recheckAfterMs = options.recheckAfterMs ?? 10 * 60_000;
  const recheckInstanceAfterMs = options.recheckInstanceAfterMs ?? 1_000;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => Promise<unknown>): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run().catch((error: unknown) => console.error('task inbox:', error));
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const reconcileTask = (jobKey: string, retries: number): Promise<boolean> => reconcileOneTask(sql, zbc, now(), jobKey, retries);

  async function reconcileNow(processInstanceKey: string, except?: string): Promise<void> {
    for (const task of await openTasksOfInstance(sql, processInstanceKey, except)) {
      if (stopped) return;
      await reconcileTask(task.jobKey, task.retries);
    }
  }

  async function reconcileInstance(processInstanceKey: string, except?: string): Promise<void> {
    await reconcileNow(processInstanceKey, except);
    later(recheckInstanceAfterMs, () => reconcileNow(processInstanceKey, except));
  }

  async function handle(job: UserTaskJob): Promise<'JOB_ACTION_ACKNOWLEDGEMENT'> {
    try {
      const variables = { ...(job.variables as Record<string, unknown>) };
      const headers = taskHeaders(job.customHeaders as Record<string, unknown>);
      const inserted = await recordActivation(
        sql,
        {
          jobKey: job.key,
          processInstanceKey: job.processInstanceKey,
          elementInstanceKey: job.elementInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          processDefinitionKey: definitionKeyOf(job),
          elementId: job.elementId,
          name: await elementName(sql, job.bpmnProcessId, job.elementId),
          headers,
          variables,
          retries: job.retries,
          deadline: deadlineOf(job),
        },
        now(),
      );
      if (inserted) {
        await audit(sql, { actor: 'engine', action: 'task.created', subjectType: 'task', subjectId: job.key, detail: { elementId: job.elementId, caseNo: variables['caseNo'] ?? null } }, now());
        await onNewTask(job.elementId, variables);
        // Something moved in this instance: tasks it had before may be gone (boundary event, send-back, 或签).
        later(0, () => reconcileNow(job.processInstanceKey, job.key));
      }
      return job.forward();
    } catch (error) {
      console.error(`task inbox: could not record job ${job.key} (${job.elementId}); handing it back`, error);
      return job.fail({ errorMessage: `任务收件箱暂时无法登记此任务：${error instanceof Error ? error.message : String(error)}`, retries: job.retries, retryBackOff: 5_000 });
    }
  }

  /** db/app/case-status.ts: a case whose result is being handed out is 待出件 (also after a 会签 approval). */
  async function onNewTask(elementId: string, variables: Record<string, unknown>): Promise<void> {
    const caseNo = variables['caseNo'];
    if (elementId === 'pickup' && typeof caseNo === 'string') {
      await sql`update app.cases set status = 'issuing' where case_no = ${caseNo} and status in ('accepted', 'approving')`;
    }
  }

  async function sweep(): Promise<number> {
    let withdrawn = 0;
    const due = await tasksToCheck(sql, new Date(now().getTime() - recheckAfterMs), 200);
    for (const task of due) {
      if (stopped) break;
      if (!(await reconcileTask(task.jobKey, task.retries))) withdrawn += 1;
    }
    return withdrawn;
  }

  const worker: ZBWorker<IInputVariables, ICustomHeaders, IOutputVariables> = zbc.createWorker({
    id: INBOX_WORKER_NAME,
    taskType: USER_TASK_JOB_TYPE,
    timeout: TASK_JOB_TIMEOUT_MS,
    maxJobsToActivate: 32,
    pollInterval: 100,
    loglevel: 'NONE',
    taskHandler: handle,
  });

  const sweeper = setInterval(() => {
    sweep().catch((error: unknown) => console.error('task inbox: reconciliation sweep failed', error));
  }, options.sweepEveryMs ?? 60_000);
  sweeper.unref();

  return {
    reconcileInstance,
    reconcileTask,
    sweep,
    async stop() {
      stopped = true;
      clearInterval(sweeper);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await worker.close(2_000).catch(() => undefined);
    },
  };
}

const running = new WeakMap<ApiContext, TaskInbox>();

/** Starts the inbox of an api (api/start.ts); its routes find it through the api's context. */
export async function startTaskInboxFor(ctx: ApiContext, options: Partial<Omit<TaskInboxOptions, 'sql' | 'zbc' | 'now'>> = {}): Promise<TaskInbox> {
  // The hall's own flows name their steps before the first job is activated.
  await rememberFolderNames(ctx.sql, PROCESSES_DIR);
  const inbox = startTaskInbox({ ...options, sql: ctx.sql, zbc: ctx.zbc, now: () => ctx.now() });
  running.set(ctx, inbox);
  return inbox;
}

/** The running inbox of an api, if it was started (an api made without start.ts has none). */
export function taskInboxOf(ctx: ApiContext): TaskInbox | undefined {
  return running.get(ctx);
}
