// A gateway that does no engine work: the same gateway.proto (loaded from zeebe-node, as the engine
// does), the same calls answered with the same shapes, but no BPMN, no records and no database.
// A created instance is a token that walks the flow's job types in order: CreateProcessInstance
// makes a job of the first type, CompleteJob of type k makes one of type k+1, and ActivateJobs
// long-polls for them. So the same zeebe-node workers make the same calls as against the engine,
// and what the bench measures here is the client's (and gRPC's) own cost: the ceiling for any
// gateway on this machine.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { loadGatewayService } from '../../engine/gateway/proto.js';
import type { Message } from '../../engine/gateway/request.js';

const TENANT = '<default>';
const DEFAULT_LONG_POLL_MS = 10_000;
/** As the engine does (engine.md, "A trap measured here"): GOAWAY before Node's reset limit. */
const STREAMS_PER_CONNECTION = 500;

interface Instance {
  readonly key: string;
  readonly variables: Record<string, unknown>;
}

interface NullJob {
  readonly key: string;
  readonly instance: Instance;
  readonly step: number;
}

interface Waiter {
  readonly type: string;
  readonly max: number;
  readonly worker: string;
  readonly timeoutMs: number;
  readonly answer: (jobs: Message[]) => void;
  timer?: NodeJS.Timeout;
  done: boolean;
}

/** Job keys → when they were created and handed out (ms), while `recording`. */
export interface NullTimings {
  readonly created: [string, number][];
  readonly activated: [string, number][];
  /** Jobs taken for an ActivateJobs call that was cancelled before they could be written. */
  readonly dropped: number;
}

export interface NullGateway {
  readonly port: number;
  /** Start (or stop) noting job creation/activation times, as the engine's records would. */
  record(on: boolean): void;
  timings(): NullTimings;
  stop(): Promise<void>;
}

export async function startNullGateway(options: { host: string; port: number; jobTypes: readonly string[] }): Promise<NullGateway> {
  const types = options.jobTypes;
  let nextKey = 2251799813685249;
  const key = (): string => String(nextKey++);
  const jobs = new Map<string, NullJob>();
  const queues = new Map<string, NullJob[]>(types.map((t) => [t, []]));
  const waiters = new Map<string, Waiter[]>(types.map((t) => [t, []]));
  let recording = false;
  let dropped = 0;
  const created = new Map<string, number>();
  const activated = new Map<string, number>();
  let definitionKey = '';

  const parse = (doc: unknown): Record<string, unknown> => {
    if (typeof doc !== 'string' || doc === '') return {};
    const v: unknown = JSON.parse(doc);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };

  const toMessage = (job: NullJob, type: string, worker: string, timeout: number): Message => ({
    key: job.key,
    type,
    processInstanceKey: job.instance.key,
    bpmnProcessId: 'bench-case',
    processDefinitionVersion: 1,
    processDefinitionKey: definitionKey,
    elementId: type,
    elementInstanceKey: job.key,
    customHeaders: '{}',
    worker,
    retries: 3,
    deadline: String(Date.now() + timeout),
    variables: JSON.stringify(job.instance.variables),
    tenantId: TENANT,
  });

  const take = (type: string, max: number, worker: string, timeout: number): Message[] => {
    const queue = queues.get(type);
    if (!queue || queue.length === 0) return [];
    const batch = queue.splice(0, max);
    const now = Date.now();
    if (recording) for (const j of batch) activated.set(j.key, now);
    return batch.map((j) => toMessage(j, type, worker, timeout));
  };

  const finish = (w: Waiter, batch: Message[]): void => {
    if (w.done) return;
    w.done = true;
    if (w.timer) clearTimeout(w.timer);
    const list = waiters.get(w.type);
    const i = list ? list.indexOf(w) : -1;
    if (list && i >= 0) list.splice(i, 1);
    w.answer(batch);
  };

  const makeJob = (instance: Instance, step: number): void => {
    const type = types[step];
    if (type === undefined) return; // past the last task: the instance has ended
    const job: NullJob = { key: key(), instance, step };
    jobs.set(job.key, job);
    queues.get(type)?.push(job);
    if (recording) created.set(job.key, Date.now());
    // Wake long-polling requests, oldest first, as the engine does.
    for (const w of [...(waiters.get(type) ?? [])]) {
      const batch = take(type, w.max, w.worker, w.timeoutMs);
      if (batch.length === 0) break;
      finish(w, batch);
    }
  };

  const ok = (callback: grpc.sendUnaryData<Message>, response: Message): void => callback(null, response);

  const implementation: grpc.UntypedServiceImplementation = {
    Topology: (_call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) =>
      ok(callback, {
        brokers: [{ nodeId: 0, host: options.host, port: boundPort, partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }], version: '8.5.0' }],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: '8.5.0',
      }),
    DeployResource: (call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => {
      const resources = Array.isArray(call.request['resources']) ? (call.request['resources'] as Message[]) : [];
      definitionKey = key();
      ok(callback, {
        key: key(),
        deployments: resources.map((r) => ({
          process: { bpmnProcessId: 'bench-case', version: 1, processDefinitionKey: definitionKey, resourceName: String(r['name'] ?? ''), tenantId: TENANT },
        })),
        tenantId: TENANT,
      });
    },
    CreateProcessInstance: (call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => {
      const instance: Instance = { key: key(), variables: parse(call.request['variables']) };
      makeJob(instance, 0);
      ok(callback, { processDefinitionKey: definitionKey, bpmnProcessId: 'bench-case', version: 1, processInstanceKey: instance.key, tenantId: TENANT });
    },
    CompleteJob: (call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => {
      const jobKey = String(call.request['jobKey'] ?? '');
      const job = jobs.get(jobKey);
      if (!job) {
        callback({ code: grpc.status.NOT_FOUND, details: `Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '${jobKey}', but no such job was found` });
        return;
      }
      jobs.delete(jobKey);
      Object.assign(job.instance.variables, parse(call.request['variables']));
      makeJob(job.instance, job.step + 1);
      ok(callback, {});
    },
    ActivateJobs: (call: grpc.ServerWritableStream<Message, Message>) => {
      const type = String(call.request['type'] ?? '');
      const max = Number(call.request['maxJobsToActivate'] ?? 0);
      const worker = String(call.request['worker'] ?? '');
      const timeout = Number(call.request['timeout'] ?? 0);
      const requestTimeout = Number(call.request['requestTimeout'] ?? 0);
      const answer = (batch: Message[]): void => {
        if (call.cancelled) {
          dropped += batch.length;
          return;
        }
        if (batch.length > 0) call.write({ jobs: batch });
        call.end();
      };
      const now = take(type, max, worker, timeout);
      if (now.length > 0 || requestTimeout < 0) {
        answer(now);
        return;
      }
      const w: Waiter = { type, max, worker, timeoutMs: timeout, answer, done: false };
      w.timer = setTimeout(() => finish(w, []), requestTimeout > 0 ? requestTimeout : DEFAULT_LONG_POLL_MS);
      call.on('cancelled', () => finish(w, []));
      const list = waiters.get(type) ?? [];
      list.push(w);
      waiters.set(type, list);
    },
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024, 'grpc.keepalive_permit_without_calls': 1 });
  server.addService(loadGatewayService(), implementation);
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
  limitStreamsPerConnection(server);

  return {
    port: boundPort,
    record(on) {
      recording = on;
      if (on) {
        created.clear();
        activated.clear();
      }
    },
    timings: () => ({ created: [...created], activated: [...activated], dropped }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const list of waiters.values()) for (const w of [...list]) finish(w, []);
        const force = setTimeout(() => server.forceShutdown(), 2_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** The engine gateway's GOAWAY-every-500-streams, so old zeebe-node clients never see 13 INTERNAL. */
function limitStreamsPerConnection(server: grpc.Server): void {
  const servers = (server as unknown as { http2Servers?: Map<http2.Http2Server, unknown> }).http2Servers;
  if (!servers) throw new Error('null gateway: grpc-js internals changed (http2Servers); update limitStreamsPerConnection');
  for (const h2 of servers.keys()) {
    h2.on('session', (session: http2.ServerHttp2Session) => {
      let streams = 0;
      session.on('stream', () => {
        if (++streams !== STREAMS_PER_CONNECTION || session.closed || session.destroyed) return;
        try {
          session.goaway(http2.constants.NGHTTP2_NO_ERROR, 2 ** 31 - 1);
          session.close();
        } catch {
          session.destroy();
        }
      });
    });
  }
}
