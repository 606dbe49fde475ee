// One engine for one test file: `const t = engineSuite('label')` at the top of the file starts a test
// engine on a database of its own before the file's tests (beforeAll) and stops it after them
// (afterAll), with what the tests reach it through — a zeebe-node client, the raw gateway, the
// record log, SQL on the engine's tables — and the small steps many suites take: deploy a model,
// start an instance, wait until it completes or an element is reached, read its state or incident.
// The helpers don't use `this`, so a file may destructure them: `const { deploy, start } = t;`.
// Reading t.zbc, t.sql … before the engine runs (outside hooks and tests) throws.
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, expect } from 'vitest';
import type { JSONDoc, ZBClient } from 'zeebe-node';
import type { RunningEngine } from '../../engine/engine.js';
import { startTestEngine, type TestEngine, type TestEngineOptions } from './engine.js';
import { rawGateway, type RawGateway } from './gateway.js';
import { elementRecords, instanceCompleted, RecordLog, type EngineRecord } from './records.js';
import { eventually } from './wait.js';

/** A row of engine.process_instances as a supervisor lists it. */
export interface InstanceRow {
  readonly key: string;
  readonly version: number;
  readonly state: string;
  readonly startTime: number;
}

/** A row of engine.incidents as a supervisor's query sees it. */
export interface IncidentRow {
  readonly key: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly state: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly jobKey: string;
}

export interface EngineSuite {
  readonly engine: RunningEngine;
  readonly databaseUrl: string;
  readonly address: string;
  /** The file's zeebe-node client (made before the tests, so it is connected when they measure). */
  readonly zbc: ZBClient;
  /** Another zeebe-node client; closed with the engine. */
  client(): ZBClient;
  /** The raw gRPC gateway client (made on first use). */
  readonly raw: RawGateway;
  /** engine.records, read-only (made on first use). */
  readonly log: RecordLog;
  /** SQL on the engine's database, for what a supervisor reads (made on first use). */
  readonly sql: Sql;

  /** Deploys one BPMN model as `<processId>.bpmn`, checks it deployed `processId`, returns its definition key. */
  deploy(processId: string, xml: string): Promise<string>;
  /** Starts the latest version of `processId`; returns the process instance key. */
  start(processId: string, variables?: JSONDoc): Promise<string>;
  /** Completes a job with `variables`. */
  complete(job: { readonly key: string }, variables?: JSONDoc): Promise<void>;
  /** Waits (5 s) until the instance has completed; returns its records. */
  completed(processInstanceKey: string): Promise<EngineRecord[]>;
  /** Waits (5 s) until `elementId` has reached `intent` in the instance; returns its records. */
  reached(processInstanceKey: string, elementId: string, intent: string): Promise<EngineRecord[]>;
  /** Waits (5 s) until `elementId` is ACTIVATED in the instance (its subscriptions and timers are open). */
  activated(processInstanceKey: string, elementId: string): Promise<EngineRecord[]>;
  /** The instance's state in engine.process_instances (undefined when there is no such row). */
  instanceState(processInstanceKey: string): Promise<string | undefined>;
  /** The instances of a process, oldest first. */
  instancesOf(bpmnProcessId: string): Promise<InstanceRow[]>;
  /** The incidents of one instance, oldest first. */
  incidentsOf(processInstanceKey: string): Promise<IncidentRow[]>;
  /** Waits (5 s) until the instance has exactly one ACTIVE incident and returns it. */
  activeIncident(processInstanceKey: string): Promise<IncidentRow>;
}

/**
 * Registers beforeAll/afterAll for a test engine with its own database (`label` names it) and
 * returns the suite; call it once, at the top of a test file. The file's own beforeAll hooks run
 * after the engine started, its afterAll hooks before it stops.
 */
export function engineSuite(label: string, options: TestEngineOptions = {}): EngineSuite {
  let started: { readonly t: TestEngine; readonly zbc: ZBClient } | undefined;
  let raw: RawGateway | undefined;
  let log: RecordLog | undefined;
  let sql: Sql | undefined;

  beforeAll(async () => {
    const t = await startTestEngine(label, options);
    started = { t, zbc: t.client() };
  });
  afterAll(async () => {
    raw?.close();
    await sql?.end({ timeout: 2 });
    await log?.close();
    await started?.t.stop();
  });

  const current = (): { readonly t: TestEngine; readonly zbc: ZBClient } => {
    if (!started) throw new Error(`engineSuite('${label}'): the engine runs only inside the file's hooks and tests`);
    return started;
  };
  const running = (): TestEngine => current().t;
  const zeebe = (): ZBClient => current().zbc;
  const db = (): Sql => (sql ??= postgres(running().databaseUrl, { max: 3, onnotice: () => {} }));
  const records = (): RecordLog => (log ??= new RecordLog(running().databaseUrl));

  const reached = (pi: string, elementId: string, intent: string): Promise<EngineRecord[]> =>
    eventually(
      async () => {
        const all = await records().instance(pi);
        return elementRecords(all, elementId, intent).length > 0 ? all : undefined;
      },
      5_000,
      `${elementId} to reach ${intent} in instance ${pi}`,
    );

  const incidentsOf = async (pi: string): Promise<IncidentRow[]> => {
    const rows = await db()`
      select key, error_type, error_message, state, element_id, element_instance_key, job_key
      from engine.incidents where process_instance_key = ${pi} order by key`;
    return rows.map((r) => ({
      key: String(r['key']),
      errorType: String(r['error_type']),
      errorMessage: String(r['error_message']),
      state: String(r['state']),
      elementId: String(r['element_id']),
      elementInstanceKey: String(r['element_instance_key']),
      jobKey: String(r['job_key']),
    }));
  };

  return {
    get engine() {
      return running().engine;
    },
    get databaseUrl() {
      return running().databaseUrl;
    },
    get address() {
      return running().address;
    },
    get zbc() {
      return zeebe();
    },
    client: () => running().client(),
    get raw() {
      return (raw ??= rawGateway(running().address));
    },
    get log() {
      return records();
    },
    get sql() {
      return db();
    },

    async deploy(processId, xml) {
      const r = await zeebe().deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
      const p = r.deployments[0]?.process;
      expect(p?.bpmnProcessId).toBe(processId);
      return String(p?.processDefinitionKey);
    },
    async start(processId, variables = {}) {
      return (await zeebe().createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;
    },
    async complete(job, variables = {}) {
      await zeebe().completeJob({ jobKey: job.key, variables });
    },
    completed: (pi) =>
      eventually(
        async () => {
          const all = await records().instance(pi);
          return instanceCompleted(all) ? all : undefined;
        },
        5_000,
        `instance ${pi} to complete`,
      ),
    reached,
    activated: (pi, elementId) => reached(pi, elementId, 'ELEMENT_ACTIVATED'),
    async instanceState(pi) {
      const rows = await db()<{ state: string }[]>`select state from engine.process_instances where key = ${pi}`;
      return rows[0]?.state;
    },
    async instancesOf(bpmnProcessId) {
      const rows = await db()`select key, version, state, start_time from engine.process_instances where bpmn_process_id = ${bpmnProcessId} order by key`;
      return rows.map((r) => ({ key: String(r['key']), version: Number(r['version']), state: String(r['state']), startTime: Number(r['start_time']) }));
    },
    incidentsOf,
    activeIncident: (pi) =>
      eventually(
        async () => {
          const active = (await incidentsOf(pi)).filter((i) => i.state === 'ACTIVE');
          return active.length === 1 ? active[0] : undefined;
        },
        5_000,
        `an active incident of instance ${pi}`,
      ),
  };
}
