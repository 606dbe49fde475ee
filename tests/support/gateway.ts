// A raw gRPC client for the gateway, for the few requests zeebe-node 8.3.2 can't express
// (CreateProcessInstance by processDefinitionKey, DeployResource with several or no resources)
// and for ActivateJobs when "no job" is the expected answer (zeebe-node's activateJobs only
// resolves when a job arrives). It loads the same gateway.proto the client ships.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Job, ZBClient } from 'zeebe-node';
import { gatewayProtoPath } from '../../engine/gateway/proto.js';

export type Message = Record<string, unknown>;

/** An ActivatedJob with its JSON documents parsed. */
export interface RawJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly retries: number;
  readonly worker: string;
  readonly variables: Record<string, unknown>;
  readonly customHeaders: Record<string, unknown>;
}

export interface ActivateOptions {
  readonly type: string;
  readonly worker?: string;
  readonly maxJobsToActivate?: number;
  /** Job timeout (ms). */
  readonly timeout?: number;
  /** Long-poll time (ms); negative answers at once. */
  readonly requestTimeout?: number;
  readonly fetchVariable?: readonly string[];
}

export interface RawGateway {
  /** One unary call, e.g. call('CreateProcessInstance', {...}). */
  call(method: string, request: Message): Promise<Message>;
  /** ActivateJobs, collecting every response of the stream until it ends (possibly no jobs). */
  activate(options: ActivateOptions): Promise<RawJob[]>;
  /** A server-streaming call left open (e.g. StreamActivatedJobs): its messages as they arrive. */
  stream(method: string, request: Message): RawStream;
  close(): void;
}

export interface RawStream {
  /** Every message received so far, in order. */
  readonly received: Message[];
  /** Settles when the call ends: resolves when the server ends it or we cancelled it; rejects with its gRPC error. */
  readonly done: Promise<void>;
  /** Cancels the call from the client side (as a worker that shuts down does). */
  cancel(): void;
}

type UnaryMethod = (request: Message, callback: (error: grpc.ServiceError | null, response?: Message) => void) => unknown;
type StreamMethod = (request: Message) => grpc.ClientReadableStream<Message>;

let ctor: grpc.ServiceClientConstructor | undefined;

function gatewayClientConstructor(): grpc.ServiceClientConstructor {
  if (ctor) return ctor;
  const definition = protoLoader.loadSync(gatewayProtoPath(), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition)['gateway_protocol'] as grpc.GrpcObject | undefined;
  const found = pkg?.['Gateway'] as grpc.ServiceClientConstructor | undefined;
  if (!found) throw new Error('gateway_protocol.Gateway not found in the zeebe-node proto');
  ctor = found;
  return found;
}

function parseJson(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  const v: unknown = JSON.parse(text);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function toJob(m: Message): RawJob {
  return {
    key: String(m['key']),
    type: String(m['type']),
    processInstanceKey: String(m['processInstanceKey']),
    bpmnProcessId: String(m['bpmnProcessId']),
    processDefinitionVersion: Number(m['processDefinitionVersion']),
    processDefinitionKey: String(m['processDefinitionKey']),
    elementId: String(m['elementId']),
    elementInstanceKey: String(m['elementInstanceKey']),
    retries: Number(m['retries']),
    worker: String(m['worker']),
    variables: parseJson(m['variables']),
    customHeaders: parseJson(m['customHeaders']),
  };
}

export function rawGateway(address: string): RawGateway {
  const Client = gatewayClientConstructor();
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, UnaryMethod | StreamMethod>;
  return {
    call(method, request) {
      const fn = client[method] as UnaryMethod | undefined;
      if (typeof fn !== 'function') return Promise.reject(new Error(`No gateway method ${method}`));
      return new Promise<Message>((resolve, reject) => {
        fn.call(client, request, (error, response) => (error ? reject(error) : resolve(response ?? {})));
      });
    },
    activate(options) {
      const fn = client['ActivateJobs'] as StreamMethod;
      const stream = fn.call(client, {
        type: options.type,
        worker: options.worker ?? 'raw-test-worker',
        timeout: String(options.timeout ?? 30_000),
        maxJobsToActivate: options.maxJobsToActivate ?? 32,
        requestTimeout: String(options.requestTimeout ?? -1),
        fetchVariable: options.fetchVariable ?? [],
      });
      return new Promise<RawJob[]>((resolve, reject) => {
        const jobs: RawJob[] = [];
        stream.on('data', (m: Message) => {
          const list = Array.isArray(m['jobs']) ? (m['jobs'] as Message[]) : [];
          for (const j of list) jobs.push(toJob(j));
        });
        stream.on('error', reject);
        stream.on('end', () => resolve(jobs));
      });
    },
    stream(method, request) {
      const fn = client[method] as StreamMethod | undefined;
      if (typeof fn !== 'function') throw new Error(`No gateway method ${method}`);
      const call = fn.call(client, request);
      const received: Message[] = [];
      let cancelled = false;
      call.on('data', (m: Message) => received.push(m));
      const done = new Promise<void>((resolve, reject) => {
        call.on('error', (error: grpc.ServiceError) => (cancelled && error.code === grpc.status.CANCELLED ? resolve() : reject(error)));
        call.on('end', () => resolve());
      });
      done.catch(() => {}); // observed by whoever awaits it; an unobserved failure must not crash the run
      return {
        received,
        done,
        cancel() {
          cancelled = true;
          call.cancel();
        },
      };
    },
    close() {
      client.close();
    },
  };
}

export interface GrpcFailure {
  readonly code: number;
  readonly details: string;
}

/** Awaits a call that must fail and returns its gRPC status code and details. */
export async function grpcError(call: Promise<unknown>): Promise<GrpcFailure> {
  let value: unknown;
  try {
    value = await call;
  } catch (error) {
    const e = error as { code?: unknown; details?: unknown; message?: unknown } | null;
    if (e === null || typeof e !== 'object' || typeof e.code !== 'number') {
      throw new Error(`Expected a gRPC error, but the call failed with ${String(error)}`);
    }
    return { code: e.code, details: typeof e.details === 'string' ? e.details : String(e.message ?? '') };
  }
  throw new Error(`Expected the call to fail, but it answered ${JSON.stringify(value)}`);
}

/** gRPC status codes the tests name. */
export const Code = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
} as const;

/** The first Zeebe key of partition 1; every key the engine hands out is at least this. */
export const FIRST_KEY = 2251799813685249n;

/**
 * Activates the one job of `type` a test expects, with zeebe-node's activateJobs (as a
 * hand-written worker would). Fails clearly instead of hanging when none arrives in time.
 */
export async function activateOne(
  zbc: ZBClient,
  type: string,
  options: { fetchVariable?: string[]; timeout?: number; within?: number } = {},
): Promise<Job> {
  const within = options.within ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No job of type '${type}' was activated within ${within} ms`)), within + 1_000);
  });
  try {
    const jobs = await Promise.race([
      zbc.activateJobs({
        type,
        worker: 'test-worker',
        maxJobsToActivate: 1,
        timeout: options.timeout ?? 30_000,
        requestTimeout: within,
        ...(options.fetchVariable ? { fetchVariable: options.fetchVariable } : {}),
      }),
      timeout,
    ]);
    const job = jobs[0];
    if (!job || jobs.length !== 1) throw new Error(`Expected one job of type '${type}', got ${jobs.length}`);
    return job;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
