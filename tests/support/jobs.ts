// Activating jobs in tests. Everything goes through zeebe-node's own ActivateJobs stream — the very
// call its ZBWorker makes — collecting every response until the gateway ends the stream.
// zeebe-node's public activateJobs() only settles when a job arrives and never reports a stream
// error, so a test that expects "no job" (long-poll timeout, backoff, incident) or a rejection
// (INVALID_ARGUMENT) can't use it; the same stream serves the tests that take the jobs they expect.
import type { ZBClient } from 'zeebe-node';

/** An ActivatedJob as the gateway sent it, plus its JSON documents parsed. */
export interface ActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly worker: string;
  readonly retries: number;
  /** Epoch ms, as the int64 string on the wire. */
  readonly deadline: string;
  readonly tenantId: string;
  /** The wire form: a JSON document as a string. */
  readonly customHeadersJson: string;
  readonly variablesJson: string;
  readonly customHeaders: Record<string, unknown>;
  readonly variables: Record<string, unknown>;
}

export interface Activation {
  readonly jobs: ActivatedJob[];
  /** Wall time from sending the request to the end of the stream. */
  readonly ms: number;
}

/** The worker name a test's requests carry unless it names one. */
export const TEST_WORKER = 'engine-test';

export interface ActivateRequest {
  readonly type: string;
  readonly worker?: string;
  readonly maxJobsToActivate?: number;
  /** Job activation timeout (ms). */
  readonly timeout?: number;
  /** Long polling (ms): > 0 wait up to this long, 0 gateway default, < 0 answer at once. */
  readonly requestTimeout?: number;
  readonly fetchVariable?: readonly string[];
}

interface ActivateStream {
  on(event: 'data', listener: (response: { jobs?: unknown }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

interface ZeebeNodeGrpc {
  activateJobsStream(request: Record<string, unknown>): Promise<ActivateStream | { error: Error } | undefined>;
}

function grpcOf(zbc: ZBClient): ZeebeNodeGrpc {
  const inner = (zbc as unknown as { grpc?: ZeebeNodeGrpc }).grpc;
  if (!inner || typeof inner.activateJobsStream !== 'function') throw new Error('zeebe-node internals changed: ZBClient.grpc.activateJobsStream is missing');
  return inner;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : String(v ?? '');
}

function parseObject(json: string, field: string): Record<string, unknown> {
  const v: unknown = JSON.parse(json);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`ActivatedJob.${field} is not a JSON object: ${json}`);
  return v as Record<string, unknown>;
}

/** An ActivatedJob message (ActivateJobs or StreamActivatedJobs) with its JSON documents parsed. */
export function activatedJob(raw: unknown): ActivatedJob {
  const m = (raw ?? {}) as Record<string, unknown>;
  const customHeadersJson = str(m['customHeaders']);
  const variablesJson = str(m['variables']);
  return {
    key: str(m['key']),
    type: str(m['type']),
    processInstanceKey: str(m['processInstanceKey']),
    bpmnProcessId: str(m['bpmnProcessId']),
    processDefinitionVersion: Number(m['processDefinitionVersion']),
    processDefinitionKey: str(m['processDefinitionKey']),
    elementId: str(m['elementId']),
    elementInstanceKey: str(m['elementInstanceKey']),
    worker: str(m['worker']),
    retries: Number(m['retries']),
    deadline: str(m['deadline']),
    tenantId: str(m['tenantId']),
    customHeadersJson,
    variablesJson,
    customHeaders: parseObject(customHeadersJson, 'customHeaders'),
    variables: parseObject(variablesJson, 'variables'),
  };
}

/**
 * Sends one ActivateJobs request and resolves when the gateway ends the stream (with every job
 * it sent), or rejects with the gRPC error (`code`, `details`) the gateway answered.
 */
export async function activateJobs(zbc: ZBClient, request: ActivateRequest): Promise<Activation> {
  const started = Date.now();
  const stream = await grpcOf(zbc).activateJobsStream({
    type: request.type,
    worker: request.worker ?? TEST_WORKER,
    timeout: request.timeout ?? 60_000,
    maxJobsToActivate: request.maxJobsToActivate ?? 32,
    requestTimeout: request.requestTimeout ?? -1,
    fetchVariable: [...(request.fetchVariable ?? [])],
  });
  if (!stream) throw new Error('zeebe-node did not open an ActivateJobs stream (client closing?)');
  if ('error' in stream) throw stream.error;
  return new Promise<Activation>((resolve, reject) => {
    const jobs: ActivatedJob[] = [];
    let settled = false;
    stream.on('data', (response) => {
      const list = Array.isArray(response.jobs) ? (response.jobs as unknown[]) : [];
      for (const j of list) jobs.push(activatedJob(j));
    });
    stream.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ jobs, ms: Date.now() - started });
    });
  });
}

/** Answers at once (requestTimeout -1): the jobs of `type` that are activatable right now. */
export async function activatableNow(zbc: ZBClient, type: string, max = 32): Promise<ActivatedJob[]> {
  return (await activateJobs(zbc, { type, maxJobsToActivate: max, requestTimeout: -1 })).jobs;
}

export interface TakeOptions {
  /** How long to long-poll for the jobs before failing (ms); 5 s unless given. */
  readonly waitMs?: number;
  /** The worker the jobs are activated for; TEST_WORKER unless given. */
  readonly worker?: string;
  /** Job activation timeout (ms); long (60 s) unless given, so the test decides what happens. */
  readonly timeout?: number;
  readonly fetchVariable?: readonly string[];
}

/**
 * Activates jobs of `type` as a worker would (long polling up to `waitMs`) until `count` are in
 * hand; fails if they don't all come in time.
 */
export async function takeJobs(zbc: ZBClient, type: string, count = 1, options: TakeOptions = {}): Promise<ActivatedJob[]> {
  const waitMs = options.waitMs ?? 5_000;
  const jobs: ActivatedJob[] = [];
  const until = Date.now() + waitMs;
  while (jobs.length < count) {
    const left = until - Date.now();
    if (left <= 0) throw new Error(`Expected ${count} job(s) of type '${type}', got ${jobs.length} within ${waitMs} ms`);
    const { jobs: got } = await activateJobs(zbc, {
      type,
      maxJobsToActivate: count - jobs.length,
      requestTimeout: left,
      ...(options.worker !== undefined ? { worker: options.worker } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(options.fetchVariable !== undefined ? { fetchVariable: options.fetchVariable } : {}),
    });
    jobs.push(...got);
  }
  return jobs;
}

/** Activates the one job of `type` a test expects (see takeJobs). */
export async function takeJob(zbc: ZBClient, type: string, options: TakeOptions = {}): Promise<ActivatedJob> {
  const [job] = await takeJobs(zbc, type, 1, options);
  if (!job) throw new Error(`no job of type '${type}'`);
  return job;
}
