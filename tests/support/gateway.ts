// The gateway as a client meets it on the wire: a raw gRPC client for the few requests zeebe-node
// 8.3.2 can't express (CreateProcessInstance by processDefinitionKey, DeployResource with several or
// no resources, StreamActivatedJobs), the status codes tests name, grpcError for a call that must
// fail, and the keys of partition 1. It loads the same gateway.proto the client ships. ActivateJobs
// for tests is in jobs.ts.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { gatewayProtoPath } from '../../engine/gateway/proto.js';

export type Message = Record<string, unknown>;

export interface RawGateway {
  /** One unary call, e.g. call('CreateProcessInstance', {...}). */
  call(method: string, request: Message): Promise<Message>;
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

/** A key of partition 1 that a test engine never hands out during a suite. */
export const UNKNOWN_KEY = String(FIRST_KEY + 900_000_000n);
