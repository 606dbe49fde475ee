// 流程设计: deploy flows, decision tables and forms; see what is deployed, which sub-items of the
// dictionary are bound to each flow, and how many running cases use each version.
import type { Router } from 'express';
import { z } from 'zod';
import { FINAL_STATUSES } from '../../db/app/case-status.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, invalidInput, notFound, unauthorized } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { ENGINE_QUERY_UNAVAILABLE } from '../supervision/engine-query.js';
import { processDeployers } from './deployers.js';
import { deployedProcesses, processXml } from './deployed-processes.js';
import { deployResource, extensionOf } from './deploy.js';

const TAG = '流程设计';
const LIMIT_BYTES = 4 * 1024 * 1024;
const RAW_TYPES = ['application/xml', 'text/xml', 'application/octet-stream', 'text/plain'];

const resourceName = z
  .string({ error: '请给出资源文件名' })
  .trim()
  .min(1, '请给出资源文件名')
  .max(200, '文件名最多 200 个字符')
  .refine((n) => extensionOf(n) !== undefined, '文件名应以 .bpmn、.dmn 或 .form 结尾');
const jsonBody = z.object({ name: resourceName, content: z.string({ error: '请给出文件内容（文本）' }).min(1, '文件内容为空') });

const Deployed = z.object({
  deploymentKey: z.string(),
  resources: z.array(z.object({ kind: z.enum(['process', 'decision', 'decisionRequirements', 'form']), id: z.string(), version: z.number(), key: z.string(), resourceName: z.string() })),
});

const Version = z.object({
  version: z.number(),
  processDefinitionKey: z.string().nullable(),
  resourceName: z.string().nullable(),
  deployedAt: z.string().nullable(),
  /** Who deployed it through the designer (the audit); null for versions deployed otherwise. */
  deployedBy: z.object({ username: z.string(), name: z.string() }).nullable(),
  runningInstances: z.number().nullable(),
  runningCases: z.number(),
});
const ProcessEntry = z.object({
  bpmnProcessId: z.string(),
  name: z.string(),
  latestVersion: z.number().nullable(),
  versions: z.array(Version),
  runningCasesWithoutVersion: z.number(),
  subItems: z.array(z.object({ code: z.string(), name: z.string(), pinnedVersion: z.number().nullable() })),
});

export function designerRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  // XML bodies (the modeler's export) are read raw; JSON bodies were parsed by the app already.
  route(router, registry, ctx, {
    method: 'post',
    path: '/designer/deployments',
    tag: TAG,
    summary: '部署流程、决策表或表单（.bpmn / .dmn / .form）',
    description:
      '两种请求体：JSON {name, content}（content 为文件文本），或文件原文（Content-Type: application/xml、text/xml、application/octet-stream）加查询参数 name。' +
      '经 Zeebe 网关 DeployResource 部署；内容未变的资源保留原版本。引擎拒绝时返回 400：error.message 含引擎原文，error.elementIds 列出出错的元素 id，' +
      'error.issues 逐个元素说明。部署成功记入审计（谁、何时、资源名、版本）。',
    access: ['designer'],
    status: 201,
    query: z.object({ name: resourceName.optional() }),
    rawBody: { mediaTypes: `application/json, ${RAW_TYPES.join(', ')}`, limitBytes: LIMIT_BYTES },
    response: Deployed,
    async handler({ req, query, staff, ctx }) {
      if (!staff) throw unauthorized();
      const body: unknown = req.body;
      let name: string;
      let content: Buffer;
      if (Buffer.isBuffer(body)) {
        if (query.name === undefined) throw badRequest('query.name: 上传文件原文时请在查询参数 name 中给出文件名', [{ path: 'query.name', message: '请给出文件名' }]);
        if (body.length === 0) throw badRequest('body: 文件内容为空', [{ path: 'body', message: '文件内容为空' }]);
        name = query.name;
        content = body;
      } else {
        const parsed = jsonBody.safeParse(body ?? {});
        if (!parsed.success) throw invalidInput('body', parsed.error);
        name = parsed.data.name;
        content = Buffer.from(parsed.data.content, 'utf8');
      }
      return deployResource(ctx, staff, name, content);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/designer/processes',
    tag: TAG,
    summary: '已部署的流程及各版本：绑定的业务办理项、在办件数',
    description:
      '每个流程（bpmnProcessId）列出各版本（定义键、资源名、部署时间、部署人 deployedBy（经流程设计部署的才有，取自审计）、运行中的流程实例数 runningInstances、使用该版本的在办件数 runningCases），' +
      '以及受理事典中绑定到它的业务办理项（pinnedVersion 为固定的版本，null 表示总用最新版）。在办件 = 状态不是最终状态的办件。' +
      '外接 Zeebe 时读不到部署记录：只列出事典绑定和办件记录中的版本，engineAvailable=false。',
    access: ['designer', 'supervisor'],
    response: z.object({ engineAvailable: z.boolean(), note: z.string().nullable(), items: z.array(ProcessEntry) }),
    async handler({ ctx }) {
      type Entry = z.infer<typeof ProcessEntry>;
      const entries = new Map<string, Entry>();
      const entry = (id: string, name = id): Entry => {
        let e = entries.get(id);
        if (!e) entries.set(id, (e = { bpmnProcessId: id, name, latestVersion: null, versions: [], runningCasesWithoutVersion: 0, subItems: [] }));
        return e;
      };
      const eq = ctx.engineQuery;
      if (eq) {
        const deployers = await processDeployers(ctx.sql);
        for (const d of await deployedProcesses(eq.sql)) {
          const e = entry(d.processDefinitionId, d.name);
          e.name = d.name;
          e.latestVersion = Math.max(e.latestVersion ?? 0, d.version);
          e.versions.push({
            version: d.version,
            processDefinitionKey: d.processDefinitionKey,
            resourceName: d.resourceName,
            deployedAt: d.deployedAt,
            deployedBy: deployers.get(d.processDefinitionKey) ?? null,
            runningInstances: await eq.runningInstances(d.processDefinitionKey),
            runningCases: 0,
          });
        }
      }
      for (const s of ctx.dictionary().subItems) {
        entry(s.process.bpmnProcessId).subItems.push({ code: s.code, name: s.name, pinnedVersion: s.process.version ?? null });
      }
      const running = await ctx.sql<{ id: string; version: number | null; n: number }[]>`
        select bpmn_process_id as id, process_version as version, count(*)::int as n from app.cases
        where status <> all(${[...FINAL_STATUSES]}::text[]) group by 1, 2`;
      for (const r of running) {
        const e = entry(r.id);
        if (r.version === null) {
          e.runningCasesWithoutVersion += r.n;
          continue;
        }
        let v = e.versions.find((x) => x.version === r.version);
        if (!v) e.versions.push((v = { version: r.version, processDefinitionKey: null, resourceName: null, deployedAt: null, deployedBy: null, runningInstances: null, runningCases: 0 }));
        v.runningCases += r.n;
      }
      const items = [...entries.values()].sort((a, b) => a.bpmnProcessId.localeCompare(b.bpmnProcessId));
      for (const e of items) e.versions.sort((a, b) => b.version - a.version);
      return { engineAvailable: eq !== undefined, note: eq ? null : ENGINE_QUERY_UNAVAILABLE, items };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/designer/processes/:key/xml',
    tag: TAG,
    summary: '已部署流程某一版本的 BPMN XML',
    description: 'key 为流程定义键（processDefinitionKey）。返回部署时的原文。外接 Zeebe 时不可用（503）。',
    access: ['designer', 'supervisor'],
    params: z.object({ key: z.string().regex(/^\d{1,19}$/, '应为流程定义键（数字）') }),
    produces: 'application/xml',
    async handler({ params, ctx, res }) {
      if (!ctx.engineQuery) throw new ApiError(503, 'engine_query_unavailable', ENGINE_QUERY_UNAVAILABLE);
      const found = await processXml(ctx.engineQuery.sql, params.key);
      if (!found) throw notFound(`没有流程定义 ${params.key}`);
      res.status(200).type('application/xml').set('content-disposition', `inline; filename="${encodeURIComponent(found.resourceName)}"`).send(found.xml);
      return RAW;
    },
  });
}
