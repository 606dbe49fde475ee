// The api as an Express application: /api/* routes declared with http/route.ts, the OpenAPI
// document at /api/docs, JSON errors everywhere. Parts of the hall add their routes in
// routes/*.ts and are listed in PARTS below.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Sql } from 'postgres';
import type { ZBClient } from 'zeebe-node';
import type { Dictionary } from '../processes/dictionary/load.js';
import { sessionMiddleware } from './auth/sessions.js';
import type { ApiContext } from './context.js';
import { ApiError } from './http/errors.js';
import { openApiDocument } from './http/openapi.js';
import { RouteRegistry } from './http/route.js';
import { dictionaryRoutes } from './dictionary/routes.js';
import { guideRoutes } from './guide/routes.js';
import { queueRoutes } from './queue/routes.js';
import { authRoutes } from './routes/auth.js';
import { complaintRoutes } from './complaints/routes.js';
import { ratingRoutes } from './ratings/routes.js';
import { staffRoutes } from './routes/staff.js';
import { taskRoutes } from './tasks/routes.js';
import { caseRoutes } from './cases/routes.js';
import { enterpriseRoutes } from './enterprise/routes.js';
import { filesRoutes } from './files/routes.js';
import { notificationRoutes } from './routes/notifications.js';
import { supervisionRoutes } from './supervision/routes.js';
import { statisticsRoutes } from './statistics/routes.js';
import { designerRoutes } from './designer/routes.js';
import { formRoutes } from './forms/routes.js';
import type { EngineQuery } from './supervision/engine-query.js';

/** modeler-ui's build output (vite build writes it; npm start builds it first). */
const UI_DIR = fileURLToPath(new URL('../modeler-ui/dist/', import.meta.url));

export type RoutePart = (router: Router, registry: RouteRegistry, ctx: ApiContext) => void;

/** Every part of the hall's api, in the order its routes are matched. */
const PARTS: readonly RoutePart[] = [
  authRoutes,
  staffRoutes,
  dictionaryRoutes,
  guideRoutes,
  queueRoutes,
  taskRoutes,
  ratingRoutes,
  complaintRoutes,
  filesRoutes,
  enterpriseRoutes,
  caseRoutes,
  notificationRoutes,
  supervisionRoutes,
  statisticsRoutes,
  designerRoutes,
  formRoutes,
];

export interface ApiOptions {
  readonly sql: Sql;
  readonly zbc: ZBClient;
  readonly dictionary: Dictionary;
  /** DATA_DIR: uploads go to DATA_DIR/files. */
  readonly dataDir: string;
  readonly now?: () => Date;
  /** The embedded engine's read window (see ApiContext.engineQuery). */
  readonly engineQuery?: EngineQuery | undefined;
}

export interface Api {
  readonly app: express.Express;
  readonly ctx: ApiContext;
  readonly registry: RouteRegistry;
}

/** The secret that signs tokens, made once per installation and kept in app.settings. */
export async function installationSecret(sql: Sql): Promise<Buffer> {
  const made = randomBytes(32).toString('base64url');
  await sql`insert into app.settings (key, value) values ('secret', ${made}) on conflict (key) do nothing`;
  const [row] = await sql<{ value: string }[]>`select value from app.settings where key = 'secret'`;
  if (!row) throw new Error('app.settings has no secret after inserting one');
  return Buffer.from(row.value, 'base64url');
}

export async function createApi(options: ApiOptions): Promise<Api> {
  let dictionary = options.dictionary;
  const ctx: ApiContext = {
    sql: options.sql,
    zbc: options.zbc,
    dictionary: () => dictionary,
    setDictionary: (next) => {
      dictionary = next;
    },
    filesDir: path.join(options.dataDir, 'files'),
    now: options.now ?? (() => new Date()),
    secret: await installationSecret(options.sql),
    engineQuery: options.engineQuery,
  };
  const registry = new RouteRegistry();
  const router = express.Router();
  for (const part of PARTS) part(router, registry, ctx);
  router.get('/docs', (_req, res) => {
    res.json(openApiDocument(registry.routes));
  });
  router.use((req, _res, next) => next(new ApiError(404, 'not_found', `没有这个接口：${req.method} /api${req.path}`)));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use('/api', express.json({ limit: '1mb' }), sessionMiddleware(ctx), router);
  // The web app (npm run build:ui): files as they are, and index.html for every other path so
  // the app's own routes (/designer, /tasks…) survive a reload. /api never reaches here.
  app.use(express.static(UI_DIR, { index: 'index.html' }));
  app.get('/{*path}', (req, res, next) => {
    if (path.extname(req.path)) return next(); // a missing asset stays a 404
    res.sendFile(path.join(UI_DIR, 'index.html'), (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain; charset=utf-8').send('界面尚未构建：请先运行 npm run build:ui');
    });
  });
  app.use(errorHandler);
  return { app, ctx, registry };
}

/** Every error leaves as JSON with a message a person can act on; unexpected ones are logged. */
function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof ApiError) {
    res.set(error.headers).status(error.status).json(error.toBody());
    return;
  }
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
  if (status === 400 && error instanceof SyntaxError) {
    res.status(400).json(new ApiError(400, 'invalid_json', `body: 不是有效的 JSON（${error.message}）`, [{ path: 'body', message: '不是有效的 JSON' }]).toBody());
    return;
  }
  if (status === 413) {
    res.status(413).json(new ApiError(413, 'too_large', '请求内容过大').toBody());
    return;
  }
  if (status >= 400 && status < 500) {
    res.status(status).json(new ApiError(status, 'invalid_request', error instanceof Error ? error.message : '请求有误').toBody());
    return;
  }
  console.error('api: unexpected error', error);
  res.status(500).json(new ApiError(500, 'internal', '服务器内部错误，请联系管理员').toBody());
}
