// One way to declare an endpoint: its method and path, who may call it, zod schemas for params,
// query and body, and the handler. The same declaration validates requests (a 400 names every bad
// field), checks the role, and becomes the endpoint's entry in the OpenAPI document at /api/docs,
// so the documentation cannot drift from what the code accepts.
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Role, Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, forbidden, invalidInput, unauthorized } from './errors.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call: `public` (citizens, display boards), `staff` (anyone signed in), or a list of
 * roles (any one suffices; `admin` is not implied).
 */
export type Access = 'public' | 'staff' | readonly Role[];

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The signed-in staff member; undefined only on public routes with no session. */
  readonly staff: Staff | undefined;
  readonly ctx: ApiContext;
  readonly req: Request;
  readonly res: Response;
}

/** A handler's result: JSON for the response, or RAW when it wrote the response itself (files, SSE). */
export const RAW: unique symbol = Symbol('raw response');

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  readonly method: Method;
  /** Express-style path below /api, e.g. `/cases/:caseNo`. */
  readonly path: string;
  /** OpenAPI tag (the part of the hall). */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The JSON answer's schema; omitted for RAW responses (then `produces` says what comes back). */
  readonly response?: R;
  readonly produces?: string;
  /** Success status (200 unless said). */
  readonly status?: number;
  /**
   * A non-JSON body (uploads): the handler gets it as a Buffer. `mediaTypes` is a comma-separated
   * list of the Content-Types accepted; anything else is a 415, a body over `limitBytes` a 413,
   * an empty body a 400 — each naming what was wrong.
   */
  readonly rawBody?: RawBodySpec;
  handler(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | typeof RAW>;
}

/** A body taken as bytes (uploads, workbooks): the accepted media types (comma-separated) and a size limit. */
export interface RawBodySpec {
  readonly mediaTypes: string;
  readonly limitBytes: number;
  /** Also accept `application/json`, parsed as usual (the handler then gets an object, not a Buffer). */
  readonly alsoJson?: boolean;
}

/** What the OpenAPI generator needs of a route, without its types. */
export interface RouteDoc {
  readonly method: Method;
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly access: Access;
  readonly params: z.ZodType | undefined;
  readonly query: z.ZodType | undefined;
  readonly body: z.ZodType | undefined;
  readonly response: z.ZodType | undefined;
  readonly produces: string | undefined;
  readonly status: number;
  readonly rawBody: RawBodySpec | undefined;
}

/** Collects the routes of the api as they are mounted. */
export class RouteRegistry {
  readonly routes: RouteDoc[] = [];
}

const EMPTY = z.object({});

/** Mounts one route on `router` and records it in `registry`. */
export function route<P extends z.ZodType = typeof EMPTY, Q extends z.ZodType = typeof EMPTY, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  registry: RouteRegistry,
  ctx: ApiContext,
  spec: RouteSpec<P, Q, B, R>,
): void {
  registry.routes.push({
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: spec.description,
    access: spec.access,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    produces: spec.produces,
    status: spec.status ?? 200,
    rawBody: spec.rawBody,
  });
  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const staff = res.locals['staff'] as Staff | undefined;
      checkAccess(spec.access, staff);
      const params = parsePart('params', spec.params, req.params);
      const query = parsePart('query', spec.query, req.query);
      const body = spec.rawBody ? req.body : parsePart('body', spec.body, req.body);
      const result = await spec.handler({ params, query, body, staff, ctx, req, res } as HandlerInput<z.output<P>, z.output<Q>, z.output<B>>);
      if (result === RAW) return;
      res.status(spec.status ?? 200).json(result);
    } catch (error) {
      next(error);
    }
  };
  if (spec.rawBody) router[spec.method](spec.path, rawBodyParser(spec.rawBody), handle);
  else router[spec.method](spec.path, handle);
}

/**
 * The body parser of a route with `rawBody`. The type and the declared length are checked before
 * a byte is read, so a wrong or oversized upload is refused without buffering it.
 */
function rawBodyParser(spec: RawBodySpec): RequestHandler {
  const accepted = spec.mediaTypes.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const limit = `${formatBytes(spec.limitBytes)}（${String(spec.limitBytes)} 字节）`;
  const tooLarge = (): ApiError => new ApiError(413, 'too_large', `body: 文件过大，上限为 ${limit}`, [{ path: 'body', message: `超过上限 ${limit}` }]);
  const parse = express.raw({ type: () => true, limit: spec.limitBytes });
  return (req, res, next) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // A route that also takes a JSON document gets it parsed by the app's express.json.
    if (spec.alsoJson === true && mediaType === 'application/json') {
      next();
      return;
    }
    if (!accepted.includes(mediaType)) {
      const said = mediaType === '' ? '未说明文件类型（缺少 Content-Type）' : `不接受的文件类型 ${mediaType}`;
      next(new ApiError(415, 'unsupported_media_type', `body: ${said}，只接受 ${accepted.join('、')}`, [{ path: 'body', message: said }]));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > spec.limitBytes) {
      next(tooLarge());
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        const type = typeof error === 'object' && 'type' in error ? error.type : undefined;
        next(type === 'entity.too.large' ? tooLarge() : error);
        return;
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        next(badRequest('body: 内容为空，请选择要上传的文件', [{ path: 'body', message: '内容为空' }]));
        return;
      }
      next();
    });
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${String(Math.round((bytes / 1024 / 1024) * 10) / 10)} MiB`;
  if (bytes >= 1024) return `${String(Math.round((bytes / 1024) * 10) / 10)} KiB`;
  return `${String(bytes)} 字节`;
}

function parsePart<S extends z.ZodType>(part: 'params' | 'query' | 'body', schema: S | undefined, value: unknown): z.output<S> | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(part === 'body' && value === undefined ? {} : value);
  if (!parsed.success) throw invalidInput(part, parsed.error);
  return parsed.data;
}

function checkAccess(access: Access, staff: Staff | undefined): void {
  if (access === 'public') return;
  if (!staff) throw unauthorized();
  if (access === 'staff') return;
  if (!access.some((role) => staff.roles.includes(role))) {
    throw forbidden(`此操作需要以下角色之一：${access.join('、')}`);
  }
}
