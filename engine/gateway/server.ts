// The engine's gRPC gateway: gateway_protocol.Gateway as a one-node Zeebe serves it. It decodes
// requests, hands them to the commands, and maps rejections to the status codes and details
// text Zeebe uses (zeebe-protocol.md §1.3) — clients match on those.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { deploy, type DeploymentResult, type Resource } from '../commands/deploy.js';
import { cancelInstance, createInstance, DeadlineExceeded, InstanceResults, setVariables, type CreateRequest } from '../commands/instances.js';
import { completeJob, failJob, resolveIncident, throwError, updateJobRetries } from '../commands/jobs.js';
import { JobActivation } from '../jobs/activation.js';
import { modifyInstance, type ActivateInstruction } from '../commands/modify.js';
import { deleteResource } from '../commands/resources.js';
import { Backpressure, Rejection, type RejectionType } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';
import { TENANT } from '../runtime/runtime.js';
import { loadGatewayService } from './proto.js';
import { RequestReader, type Message } from './request.js';

export const GATEWAY_VERSION = '8.5.0';
/** CreateProcessInstanceWithResult's default request timeout (Zeebe gateway default). */
const DEFAULT_RESULT_TIMEOUT_MS = 15_000;
/**
 * Streams per HTTP/2 connection before we ask the client to reconnect (GOAWAY). Node 20's
 * server drops a connection after ~1,000 stream resets, and zeebe-node 8.3.2's pinned grpc-js
 * resets every finished call (engine.md, "A trap measured here"). Closing gracefully well
 * before that keeps every call of an old client alive.
 */
export const STREAMS_PER_CONNECTION = 500;

const STATUS: Record<RejectionType, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  INVALID_STATE: grpc.status.FAILED_PRECONDITION,
  PROCESSING_ERROR: grpc.status.INTERNAL,
  EXCEEDED_BATCH_RECORD_SIZE: grpc.status.UNKNOWN,
};

export function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof Rejection) return { code: STATUS[error.type], details: error.message, message: error.message };
  if (error instanceof Backpressure) return { code: grpc.status.RESOURCE_EXHAUSTED, details: error.message, message: error.message };
  if (error instanceof DeadlineExceeded) return { code: grpc.status.DEADLINE_EXCEEDED, details: error.message, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  console.error('engine gateway: unexpected error', error);
  return { code: grpc.status.INTERNAL, details: `Unexpected error in the engine: ${message}`, message };
}

type Unary = (request: Message) => Promise<Message>;

export interface GatewayServer {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startGateway(rt: Runtime, options: { host: string; port: number }): Promise<GatewayServer> {
  const activation = new JobActivation(rt);
  const results = new InstanceResults(rt);

  const unary: Record<string, Unary> = {
    Topology: async () => ({
      brokers: [
        {
          nodeId: 0,
          host: options.host,
          port: boundPort,
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
          version: GATEWAY_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
    }),

    DeployResource: async (m) => {
      const r = new RequestReader(m, 'CREATE');
      const resources: Resource[] = r.list('resources').map((x) => ({ name: String(x['name'] ?? ''), content: toBuffer(x['content']) }));
      const result = await deploy(rt, resources);
      return {
        key: String(result.key),
        deployments: result.deployments.map((d) => ('process' in d ? { process: processMetadata(d.process) } : d)),
        tenantId: TENANT,
      };
    },

    DeployProcess: async (m) => {
      const r = new RequestReader(m, 'CREATE');
      const resources: Resource[] = r.list('processes').map((x) => ({ name: String(x['name'] ?? ''), content: toBuffer(x['definition']) }));
      const result: DeploymentResult = await deploy(rt, resources);
      return { key: String(result.key), processes: result.processes.map(processMetadata) };
    },

    CreateProcessInstance: async (m) => {
      const req = createRequest(new RequestReader(m, 'CREATE'));
      const c = await createInstance(rt, req);
      return {
        processDefinitionKey: String(c.processDefinitionKey),
        bpmnProcessId: c.bpmnProcessId,
        version: c.version,
        processInstanceKey: String(c.processInstanceKey),
        tenantId: TENANT,
      };
    },

    CreateProcessInstanceWithResult: async (m) => {
      const outer = new RequestReader(m, 'CREATE_WITH_AWAITING_RESULT');
      const inner = m['request'];
      if (!inner || typeof inner !== 'object') {
        throw new Rejection('INVALID_ARGUMENT', 'CREATE_WITH_AWAITING_RESULT', "Expected 'request' to be given, but it was missing");
      }
      const req = createRequest(new RequestReader(inner as Message, 'CREATE_WITH_AWAITING_RESULT'));
      const timeout = outer.int('requestTimeout');
      const c = await results.createAndAwait(req, outer.strings('fetchVariables'), timeout > 0 ? timeout : DEFAULT_RESULT_TIMEOUT_MS);
      return {
        processDefinitionKey: String(c.processDefinitionKey),
        bpmnProcessId: c.bpmnProcessId,
        version: c.version,
        processInstanceKey: String(c.processInstanceKey),
        variables: JSON.stringify(c.variables),
        tenantId: TENANT,
      };
    },

    CancelProcessInstance: async (m) => {
      await cancelInstance(rt, new RequestReader(m, 'CANCEL').key('processInstanceKey'));
      return {};
    },

    CompleteJob: async (m) => {
      const r = new RequestReader(m, 'COMPLETE');
      await completeJob(rt, r.key('jobKey'), r.document('variables'));
      return {};
    },

    FailJob: async (m) => {
      const r = new RequestReader(m, 'FAIL');
      await failJob(rt, r.key('jobKey'), {
        retries: r.int('retries'),
        errorMessage: r.string('errorMessage'),
        retryBackOff: Math.max(0, r.int('retryBackOff')),
        variables: r.document('variables'),
      });
      return {};
    },

    ThrowError: async (m) => {
      const r = new RequestReader(m, 'THROW_ERROR');
      const key = r.key('jobKey');
      // Zeebe passes a blank code through: nothing catches it, so it ends as an incident.
      await throwError(rt, key, r.string('errorCode'), r.string('errorMessage'), r.document('variables'));
      return {};
    },

    UpdateJobRetries: async (m) => {
      const r = new RequestReader(m, 'UPDATE_RETRIES');
      await updateJobRetries(rt, r.key('jobKey'), r.int('retries'));
      return {};
    },

    ResolveIncident: async (m) => {
      await resolveIncident(rt, new RequestReader(m, 'RESOLVE').key('incidentKey'));
      return {};
    },

    SetVariables: async (m) => {
      const r = new RequestReader(m, 'UPDATE');
      const key = await setVariables(rt, r.key('elementInstanceKey'), r.document('variables'), r.bool('local'));
      return { key: String(key) };
    },

    PublishMessage: async (m) => {
      const r = new RequestReader(m, 'PUBLISH');
      const name = r.nonBlank('name');
      const request = {
        name,
        correlationKey: r.string('correlationKey'),
        timeToLive: Math.max(0, r.int('timeToLive')),
        messageId: r.string('messageId'),
        variables: r.document('variables'),
      };
      const key = await rt.execute(() => rt.messages.publish(request), { command: { valueType: 'MESSAGE' } });
      return { key: String(key), tenantId: TENANT };
    },

    EvaluateDecision: async (m) => {
      const r = new RequestReader(m, 'EVALUATE');
      const decisionKey = r.int('decisionKey');
      const decisionId = r.string('decisionId');
      if ((decisionKey > 0) === (decisionId.trim() !== '')) {
        throw new Rejection('INVALID_ARGUMENT', 'EVALUATE', "Expected either a 'decisionKey' or a 'decisionId' to be given, but " + (decisionKey > 0 ? 'both were' : 'neither was'));
      }
      const variables = r.document('variables');
      const e = await rt.execute(
        () => {
          const decision = decisionKey > 0 ? rt.decisions.decisions.get(decisionKey) : rt.decisions.latest(decisionId);
          if (!decision) {
            throw new Rejection(
              'NOT_FOUND',
              'EVALUATE',
              decisionKey > 0
                ? `Expected to evaluate decision with key '${decisionKey}', but no such decision found`
                : `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`,
            );
          }
          return rt.decisions.evaluate(decision, variables);
        },
        { command: { valueType: 'DECISION_EVALUATION' } },
      );
      return {
        decisionKey: String(e.decision.key),
        decisionId: e.decision.decisionId,
        decisionName: e.decision.name,
        decisionVersion: e.decision.version,
        decisionRequirementsId: e.decision.drg.drgId,
        decisionRequirementsKey: String(e.decision.drg.key),
        decisionOutput: JSON.stringify(e.result.output ?? null),
        evaluatedDecisions: e.evaluatedDecisions,
        failedDecisionId: e.result.failure?.failedDecisionId ?? '',
        failureMessage: e.result.failure?.failureMessage ?? '',
        tenantId: TENANT,
      };
    },
    ModifyProcessInstance: async (m) => {
      const r = new RequestReader(m, 'MODIFY');
      const activates: ActivateInstruction[] = r.list('activateInstructions').map((a, i) => {
        const ar = new RequestReader(a, 'MODIFY');
        return {
          elementId: ar.nonBlank('elementId'),
          ancestorElementInstanceKey: ar.int('ancestorElementInstanceKey'),
          variableInstructions: ar.list('variableInstructions').map((v, j) => {
            const vr = new RequestReader(v, 'MODIFY', `activateInstructions[${i}].variableInstructions[${j}].`);
            return { variables: vr.document('variables'), scopeId: vr.string('scopeId') };
          }),
        };
      });
      const terminates = r.list('terminateInstructions').map((t, i) => new RequestReader(t, 'MODIFY', `terminateInstructions[${i}].`).key('elementInstanceKey'));
      await modifyInstance(rt, r.key('processInstanceKey'), activates, terminates);
      return {};
    },

    DeleteResource: async (m) => {
      await deleteResource(rt, new RequestReader(m, 'DELETE').key('resourceKey'));
      return {};
    },
    BroadcastSignal: async (m) => {
      const r = new RequestReader(m, 'BROADCAST');
      const name = r.nonBlank('signalName');
      const variables = r.document('variables');
      const key = await rt.execute(() => rt.signals.broadcast(name, variables), { command: { valueType: 'SIGNAL' } });
      return { key: String(key), tenantId: TENANT };
    },
  };

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(unary)) {
    implementation[name] = (call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => {
      handler(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
    };
  }

  implementation['ActivateJobs'] = (call: grpc.ServerWritableStream<Message, Message>) => {
    let request;
    try {
      const r = new RequestReader(call.request, 'ACTIVATE');
      request = {
        type: r.nonBlank('type'),
        worker: r.string('worker'),
        timeout: r.int('timeout'),
        maxJobsToActivate: r.int('maxJobsToActivate'),
        fetchVariable: r.strings('fetchVariable'),
        requestTimeout: r.int('requestTimeout'),
      };
      if (request.timeout < 1) throw new Rejection('INVALID_ARGUMENT', 'ACTIVATE', `Expected 'timeout' to be greater than zero, but it was ${request.timeout}`);
      if (request.maxJobsToActivate < 1) {
        throw new Rejection('INVALID_ARGUMENT', 'ACTIVATE', `Expected 'maxJobsToActivate' to be greater than zero, but it was ${request.maxJobsToActivate}`);
      }
    } catch (error) {
      call.emit('error', toServiceError(error));
      return;
    }
    activation
      .activate(request, (cancel) => call.on('cancelled', cancel))
      .then(
        (jobs) => {
          if (call.cancelled) return;
          if (jobs.length > 0) call.write({ jobs });
          call.end();
        },
        (error: unknown) => {
          if (!call.cancelled) call.emit('error', toServiceError(error));
        },
      );
  };

  implementation['StreamActivatedJobs'] = (call: grpc.ServerWritableStream<Message, Message>) => {
    let close: (() => void) | undefined;
    try {
      const r = new RequestReader(call.request, 'ACTIVATE');
      const timeout = r.int('timeout');
      if (timeout < 1) throw new Rejection('INVALID_ARGUMENT', 'ACTIVATE', `Expected 'timeout' to be greater than zero, but it was ${timeout}`);
      close = activation.openStream({
        type: r.nonBlank('type'),
        worker: r.string('worker'),
        timeout,
        fetchVariable: r.strings('fetchVariable'),
        push: (job) => {
          if (call.cancelled || call.destroyed) return false;
          call.write({ ...job });
          return true;
        },
      });
    } catch (error) {
      call.emit('error', toServiceError(error));
      return;
    }
    call.on('cancelled', () => close?.());
    call.on('close', () => close?.());
  };

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
  });
  server.addService(loadGatewayService(), implementation);
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(new Error(`Could not open the gateway on ${options.host}:${options.port}: ${error.message}`)) : resolve(port),
    ),
  );
  limitStreamsPerConnection(server);

  return {
    port: boundPort,
    stop: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 2_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/**
 * grpc-js exposes no per-connection hook, so we reach into its (stable since 1.10) private map of
 * HTTP/2 servers and count streams per session ourselves. GOAWAY with the highest stream id
 * lets every in-flight call finish while new calls go to a fresh connection.
 */
function limitStreamsPerConnection(server: grpc.Server): void {
  const servers = (server as unknown as { http2Servers?: Map<http2.Http2Server, unknown> }).http2Servers;
  if (!servers) {
    console.warn('engine gateway: grpc-js internals changed; old clients may hit the stream-reset limit');
    return;
  }
  for (const h2 of servers.keys()) {
    h2.on('session', (session: http2.ServerHttp2Session) => {
      let streams = 0;
      session.on('stream', () => {
        streams++;
        if (streams === STREAMS_PER_CONNECTION && !session.closed && !session.destroyed) {
          try {
            session.goaway(http2.constants.NGHTTP2_NO_ERROR, 2 ** 31 - 1);
          } catch {
            session.destroy();
            return;
          }
          // Calls the client opened before it saw the GOAWAY are still accepted for a while;
          // closing at once would refuse them (UNAVAILABLE), and zeebe-node's job.complete()
          // swallows that, leaving the job to time out.
          setTimeout(() => {
            if (!session.closed && !session.destroyed) session.close();
          }, 2_000).unref();
        }
      });
    });
  }
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  return Buffer.alloc(0);
}

function processMetadata(p: { bpmnProcessId: string; version: number; processDefinitionKey: number; resourceName: string }): Message {
  return {
    bpmnProcessId: p.bpmnProcessId,
    version: p.version,
    processDefinitionKey: String(p.processDefinitionKey),
    resourceName: p.resourceName,
    tenantId: TENANT,
  };
}

function createRequest(r: RequestReader): CreateRequest {
  const definitionKey = r.int('processDefinitionKey');
  const bpmnProcessId = r.string('bpmnProcessId');
  if (definitionKey <= 0 && bpmnProcessId.trim() === '') {
    throw new Rejection('INVALID_ARGUMENT', 'CREATE', "Expected either 'processDefinitionKey' or 'bpmnProcessId' to be given, but neither was");
  }
  const startAt = r.list('startInstructions').map((s, i) => new RequestReader(s, 'CREATE', `startInstructions[${i}].`).nonBlank('elementId'));
  const version = r.int('version');
  return {
    ...(definitionKey > 0 ? { processDefinitionKey: definitionKey } : { bpmnProcessId }),
    version: version === 0 ? -1 : version,
    variables: r.document('variables'),
    ...(startAt.length > 0 ? { startAt } : {}),
  };
}
