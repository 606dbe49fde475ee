// What every job worker is: a job type, and a handler from the job's variables and headers to
// the variables it completes with. The harness turns the two kinds of "no" into Zeebe's terms
// (architecture.md, style.md on Temporal's failure split):
// - a business "no" (BusinessRuleError) is a BPMN error the flow handles (ThrowError);
// - anything else is a technical fault: the job fails, is retried after a backoff, and with no
//   retries left becomes an incident a supervisor sees.
import type { IInputVariables, ICustomHeaders, IOutputVariables, ZBClient, ZBWorker } from 'zeebe-node';
import type { WorkerContext } from './context.js';

export type AnyWorker = ZBWorker<IInputVariables, ICustomHeaders, IOutputVariables>;

export type Variables = Record<string, unknown>;

export interface JobInput {
  readonly variables: Readonly<Variables>;
  readonly headers: Readonly<Record<string, string>>;
  readonly jobKey: string;
  readonly processInstanceKey: string;
  /** The BPMN element the job belongs to (e.g. `concludeWithdrawn`). */
  readonly elementId: string;
}

export interface WorkerDefinition {
  /** The job type in the BPMN (`zeebe:taskDefinition type`). */
  readonly taskType: string;
  /** The name staff see, e.g. in element templates (Chinese). */
  readonly title: string;
  handle(input: JobInput, ctx: WorkerContext): Promise<Variables> | Variables;
}

/** A business "no": thrown as the BPMN error `errorCode`, caught by the flow's boundary event. */
export class BusinessRuleError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly variables: Variables = {},
  ) {
    super(message);
    this.name = 'BusinessRuleError';
  }
}

export interface WorkerOptions {
  /** Backoff before a failed job is retried (ms). */
  readonly retryBackOffMs?: number;
  /** How often an idle worker asks for jobs; zeebe-node's 300 ms default adds that to every step. */
  readonly pollIntervalMs?: number;
}

export function startWorker(zbc: ZBClient, def: WorkerDefinition, ctx: WorkerContext, options: WorkerOptions = {}): AnyWorker {
  return zbc.createWorker({
    taskType: def.taskType,
    pollInterval: options.pollIntervalMs ?? 10,
    loglevel: 'NONE',
    taskHandler: async (job) => {
      try {
        const out = await def.handle({
          variables: job.variables as Variables,
          headers: job.customHeaders as Record<string, string>,
          jobKey: job.key,
          processInstanceKey: job.processInstanceKey,
          elementId: job.elementId,
        }, ctx);
        return await job.complete(out as Parameters<typeof job.complete>[0]);
      } catch (error) {
        if (error instanceof BusinessRuleError) {
          return await job.error({ errorCode: error.errorCode, errorMessage: error.message, variables: error.variables as Parameters<typeof job.complete>[0] & object });
        }
        return await job.fail({
          errorMessage: `${def.title}（${def.taskType}）处理失败: ${error instanceof Error ? error.message : String(error)}`,
          retries: Math.max(job.retries - 1, 0),
          retryBackOff: options.retryBackOffMs ?? 5_000,
        });
      }
    },
  });
}
