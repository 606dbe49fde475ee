// Watching an engine from the outside in engine suites: its record log (engine.records, read-only,
// the supervisor's view), jobs taken the way a worker takes them, and the gRPC status a client sees.
import postgres, { type Sql } from 'postgres';
import type { Job, ZBClient } from 'zeebe-node';

export interface EngineRecord {
  readonly position: string;
  readonly key: string;
  readonly timestamp: number;
  readonly recordType: string;
  readonly valueType: string;
  readonly intent: string;
  readonly processInstanceKey: string | null;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface RecordFilter {
  readonly processInstanceKey?: string;
  readonly valueType?: string;
  readonly intent?: string;
  /** Records whose key is this (e.g. a message key from PublishMessage). */
  readonly key?: string;
}

/** Read-only access to engine.records of a test engine's database. */
export class RecordLog {
  private readonly sql: Sql;

  constructor(databaseUrl: string) {
    this.sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  }

  async find(filter: RecordFilter = {}): Promise<EngineRecord[]> {
    const sql = this.sql;
    const rows = await sql`
      select position, key, timestamp, record_type, value_type, intent, process_instance_key, value
      from engine.records
      where true
        ${filter.processInstanceKey !== undefined ? sql`and process_instance_key = ${filter.processInstanceKey}` : sql``}
        ${filter.valueType !== undefined ? sql`and value_type = ${filter.valueType}` : sql``}
        ${filter.intent !== undefined ? sql`and intent = ${filter.intent}` : sql``}
        ${filter.key !== undefined ? sql`and key = ${filter.key}` : sql``}
      order by position`;
    return rows.map((r) => ({
      position: String(r['position']),
      key: String(r['key']),
      timestamp: Number(r['timestamp']),
      recordType: String(r['record_type']),
      valueType: String(r['value_type']),
      intent: String(r['intent']),
      processInstanceKey: r['process_instance_key'] === null ? null : String(r['process_instance_key']),
      value: (r['value'] ?? {}) as Record<string, unknown>,
    }));
  }

  /** Every record of one process instance, in log order. */
  instance(processInstanceKey: string): Promise<EngineRecord[]> {
    return this.find({ processInstanceKey });
  }

  /** A variable's value in one scope (the process instance key is the root scope), from engine.variables. */
  async variable(scopeKey: string, name: string): Promise<unknown> {
    const rows = await this.sql`select value from engine.variables where scope_key = ${scopeKey} and name = ${name}`;
    return rows[0]?.['value'];
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 2 });
  }
}

/** PROCESS_INSTANCE records of `elementId` with `intent` (e.g. ELEMENT_ACTIVATED). */
export function elementRecords(records: readonly EngineRecord[], elementId: string, intent: string): EngineRecord[] {
  return records.filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === intent && r.value['elementId'] === elementId);
}

/** The element ids that reached `intent`, in order (flows and the process itself included). */
export function elementIds(records: readonly EngineRecord[], intent: string): string[] {
  return records.filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === intent).map((r) => String(r.value['elementId']));
}

/** Has the process instance (the PROCESS element) completed? */
export function instanceCompleted(records: readonly EngineRecord[]): boolean {
  return records.some((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_COMPLETED' && r.value['bpmnElementType'] === 'PROCESS');
}

/**
 * Activates jobs of `type` as a worker would (long polling up to `waitMs`) until `count` are in
 * hand; fails if they don't all come in time. Job timeout is long, so the test decides what happens.
 */
export async function takeJobs(zbc: ZBClient, type: string, count = 1, waitMs = 5_000): Promise<Job[]> {
  const jobs: Job[] = [];
  const until = Date.now() + waitMs;
  while (jobs.length < count) {
    const left = until - Date.now();
    if (left <= 0) throw new Error(`Expected ${count} job(s) of type '${type}', got ${jobs.length} within ${waitMs} ms`);
    // With no job, the stream ends without a response and zeebe-node's promise never settles.
    const got = await Promise.race([
      zbc.activateJobs({ type, worker: 'engine-test', maxJobsToActivate: count - jobs.length, timeout: 60_000, requestTimeout: left }),
      new Promise<Job[]>((resolve) => setTimeout(() => resolve([]), left + 1_000)),
    ]);
    jobs.push(...got);
  }
  return jobs;
}

export async function takeJob(zbc: ZBClient, type: string, waitMs = 5_000): Promise<Job> {
  const [job] = await takeJobs(zbc, type, 1, waitMs);
  if (!job) throw new Error(`no job of type '${type}'`);
  return job;
}

export interface GrpcFailure {
  readonly code: number;
  readonly details: string;
}

/** The gRPC status a call failed with; fails the test if the call succeeded. */
export async function grpcFailure(call: Promise<unknown>): Promise<GrpcFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: unknown; details?: unknown; message?: unknown };
    return { code: typeof e.code === 'number' ? e.code : -1, details: String(e.details ?? e.message ?? '') };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** A short pause for "nothing else happens" checks (Zeebe processes commands asynchronously). */
export const quiet = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));
