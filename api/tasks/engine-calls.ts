// The inbox's few calls to the gateway, and how it reads their failures. Everything here is plain
// Zeebe gateway protocol through zeebe-node, so it behaves the same on a real Zeebe 8.3–8.8.
import type { ZBClient } from 'zeebe-node';
import { ApiError } from '../http/errors.js';

/** gRPC status of a failed gateway call (zeebe-node passes grpc-js errors through: `code`, or "5 NOT_FOUND: …"). */
export function grpcCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'number') return error.code;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  const m = /^(\d+) [A-Z_]+:/.exec(message);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

export const NOT_FOUND = 5;

export function isNotFound(error: unknown): boolean {
  return grpcCode(error) === NOT_FOUND;
}

/**
 * Does the engine still have this job? zbc has no job lookup, and the job's activation timeout is
 * long, so nothing tells the inbox when a job disappears (instance canceled, an interrupting
 * boundary event, a 或签 completion condition). UpdateJobRetries is the probe: writing back the
 * retries the job already has changes nothing, and the gateway answers NOT_FOUND once the job is
 * gone (completed or canceled). Any other failure (engine unreachable) is thrown: unknown is not gone.
 */
export async function jobExists(zbc: ZBClient, jobKey: string, retries: number): Promise<boolean> {
  try {
    await zbc.updateJobRetries({ jobKey, retries: Math.max(1, retries) });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * A gateway failure other than NOT_FOUND, as the answer a person can act on: the engine out of
 * reach or overloaded (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, no status) is a 503 to
 * retry later; the engine refusing the command (INVALID_ARGUMENT, INVALID_STATE …) is a 409 with
 * its reason, because retrying won't help.
 */
export function engineUnavailable(error: unknown): ApiError {
  const detail = error instanceof Error ? error.message : String(error);
  const code = grpcCode(error);
  if (code === undefined || code === 4 || code === 8 || code === 14) {
    return new ApiError(503, 'engine_unavailable', `流程引擎暂时无法处理此操作，请稍后重试（${detail}）`);
  }
  return new ApiError(409, 'engine_rejected', `流程引擎拒绝了此操作：${detail}`);
}
