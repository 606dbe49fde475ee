// An engine's record log as engine suites read it from the outside (engine.record_log: the records
// with their values in Zeebe's full form, read-only, the supervisor's view), and filters over them.
import postgres, { type Sql } from 'postgres';

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

/** Read-only access to the record log of a test engine's database. */
export class RecordLog {
  private readonly sql: Sql;

  constructor(databaseUrl: string) {
    this.sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  }

  async find(filter: RecordFilter = {}): Promise<EngineRecord[]> {
    const sql = this.sql;
    const rows = await sql`
      select position, key, timestamp, record_type, value_type, intent, process_instance_key, value
      from engine.record_log
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

/** Was the job `jobKey` CANCELED (e.g. by an interrupting event)? */
export function jobCanceled(records: readonly EngineRecord[], jobKey: string): boolean {
  return records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === jobKey);
}
