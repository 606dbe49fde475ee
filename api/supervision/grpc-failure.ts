// What the Zeebe gateway said when it refused a command, read off zeebe-node's error (a gRPC
// status: numeric `code`, the broker's text in `details`). The api passes the broker's text on
// verbatim: it names the element, the job or the instance that is wrong, in Zeebe's own words,
// which are what an operator searches for.
import { ApiError } from '../http/errors.js';

export interface GrpcFailure {
  /** The gRPC status code, when the error is one. */
  readonly code: number | undefined;
  readonly details: string;
}

export const GRPC_NOT_FOUND = 5;
export const GRPC_INVALID_ARGUMENT = 3;
export const GRPC_FAILED_PRECONDITION = 9;
export const GRPC_UNAVAILABLE = 14;

export function grpcFailure(error: unknown): GrpcFailure {
  if (typeof error !== 'object' || error === null) return { code: undefined, details: String(error) };
  const e = error as { code?: unknown; details?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const details = typeof e.details === 'string' && e.details !== '' ? e.details : typeof e.message === 'string' ? e.message : String(error);
  return { code, details };
}

/** A refused engine command as an api error: `what` says in Chinese what was being done. */
export function engineRefused(what: string, error: unknown): ApiError {
  const f = grpcFailure(error);
  if (f.code === GRPC_NOT_FOUND) return new ApiError(404, 'not_found', `${what}失败：流程引擎中没有找到对象（${f.details}）`);
  if (f.code === GRPC_INVALID_ARGUMENT) return new ApiError(400, 'engine_rejected', `${what}失败：流程引擎拒绝了该命令（${f.details}）`);
  if (f.code === GRPC_FAILED_PRECONDITION) return new ApiError(409, 'engine_rejected', `${what}失败：当前状态不允许（${f.details}）`);
  if (f.code === GRPC_UNAVAILABLE) return new ApiError(503, 'engine_unavailable', `${what}失败：流程引擎暂不可用，请稍后重试（${f.details}）`);
  return new ApiError(502, 'engine_error', `${what}失败：${f.details}`);
}
