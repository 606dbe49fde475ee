// The OpenAPI 3.1 document of the api, made from the same zod schemas that validate requests
// (http/route.ts). Served at /api/docs (JSON) — the web app and anyone scripting the hall read it.
import { z } from 'zod';
import type { RouteDoc } from './route.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
}

/** Express `/cases/:caseNo` → OpenAPI `/cases/{caseNo}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parameters(doc: RouteDoc): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', doc.params], ['query', doc.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json['required'] ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: property, ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}) });
    }
  }
  return out;
}

function security(doc: RouteDoc): JsonSchema {
  if (doc.access === 'public') return { security: [] };
  const who = doc.access === 'staff' ? '任何已登录的工作人员' : `角色：${doc.access.join('、')}`;
  return { security: [{ session: [] }, { bearer: [] }], 'x-access': who };
}

export function openApiDocument(routes: readonly RouteDoc[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const doc of routes) {
    const path = `/api${openApiPath(doc.path)}`;
    const operation: JsonSchema = {
      tags: [doc.tag],
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      operationId: `${doc.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: parameters(doc),
      ...security(doc),
      responses: {
        [String(doc.status)]: doc.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(doc.response, 'output') } } }
          : { description: 'OK', ...(doc.produces ? { content: { [doc.produces]: {} } } : {}) },
        '4XX': { description: '请求有误：error.message 说明原因，error.issues 逐项指出字段', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (doc.body) operation['requestBody'] = { required: true, content: { 'application/json': { schema: schemaOf(doc.body, 'input') } } };
    if (doc.rawBody) {
      const content: Record<string, JsonSchema> = Object.fromEntries(doc.rawBody.mediaTypes.split(',').map((t) => [t.trim(), { schema: { type: 'string', format: 'binary' } }]));
      if (doc.rawBody.alsoJson === true) content['application/json'] = { schema: { type: 'object' } };
      operation['requestBody'] = { required: true, content };
    }
    (paths[path] ??= {})[doc.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'onewindow 一窗通办 API', version: '1', description: '县政务服务中心"综合受理、全科办理"平台的 REST 接口。' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'ow_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
}
