// Uploads (scans of the applicant's materials) and downloads. POST /files takes the raw bytes
// with their Content-Type and answers with the SHA-256 the case's materials then refer to.
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { UPLOAD_MEDIA_TYPES, uploadType } from './media-types.js';
import { openFile, SHA256_HEX, storeFile } from './store.js';

/** The default upload limit; UPLOAD_LIMIT_MB overrides it (a scanned licence rarely passes 5 MiB). */
export const DEFAULT_UPLOAD_LIMIT_MB = 20;

/** The upload limit in bytes from UPLOAD_LIMIT_MB (MiB, may be fractional). */
export function uploadLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['UPLOAD_LIMIT_MB'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_UPLOAD_LIMIT_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`UPLOAD_LIMIT_MB must be a positive number of MiB, got '${raw}'`);
  return Math.floor(mb * 1024 * 1024);
}

const StoredFile = z.object({
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  /** True when the same bytes were uploaded before: nothing new was stored. */
  duplicate: z.boolean(),
});

export function filesRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  const limitBytes = uploadLimitBytes();

  route(router, registry, ctx, {
    method: 'post',
    path: '/files',
    tag: '文件',
    summary: '上传材料文件（扫描件、电子证照）',
    description: `请求体是文件本身，Content-Type 为 ${UPLOAD_MEDIA_TYPES} 之一，大小不超过 UPLOAD_LIMIT_MB（默认 ${String(DEFAULT_UPLOAD_LIMIT_MB)} MiB）。按 SHA-256 存储，同一文件重复上传只存一份。返回的 sha256 用于办件材料的 fileSha256。`,
    access: ['clerk'],
    status: 201,
    rawBody: { mediaTypes: UPLOAD_MEDIA_TYPES, limitBytes },
    response: StoredFile,
    async handler({ body, req, ctx, staff }) {
      const bytes = body as unknown;
      if (!Buffer.isBuffer(bytes)) throw badRequest('body: 应为文件内容');
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const type = uploadType(mediaType);
      if (!type) throw new ApiError(415, 'unsupported_media_type', `body: 不接受的文件类型 ${mediaType}`);
      if (!type.matches(bytes)) {
        throw badRequest(`body: 文件内容不是 ${type.label}（与 Content-Type ${mediaType} 不符），可能文件已损坏或类型选错`, [{ path: 'body', message: `内容不是 ${type.label}` }]);
      }
      const { sha256 } = await storeFile(ctx.filesDir, bytes);
      return ctx.sql.begin(async (tx) => {
        const inserted = await tx`insert into app.files (sha256, size, media_type, created_at) values (${sha256}, ${bytes.length}, ${mediaType}, ${ctx.now()})
          on conflict (sha256) do nothing returning sha256`;
        const [row] = await tx<{ mediaType: string }[]>`select media_type as "mediaType" from app.files where sha256 = ${sha256}`;
        const duplicate = inserted.length === 0;
        await audit(tx, { actor: staff?.username ?? '?', action: 'file.upload', subjectType: 'file', subjectId: sha256, detail: { size: bytes.length, mediaType, duplicate } }, ctx.now());
        return { sha256, size: bytes.length, mediaType: row?.mediaType ?? mediaType, duplicate };
      });
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/files/:sha256',
    tag: '文件',
    summary: '下载材料文件',
    access: 'staff',
    params: z.object({ sha256: z.string().regex(SHA256_HEX, '应为 64 位小写十六进制 SHA-256') }),
    produces: UPLOAD_MEDIA_TYPES,
    async handler({ params, ctx, res }) {
      const [row] = await ctx.sql<{ size: string; mediaType: string }[]>`select size::text as size, media_type as "mediaType" from app.files where sha256 = ${params.sha256}`;
      if (!row) throw notFound(`没有文件 ${params.sha256}`);
      const stream = openFile(ctx.filesDir, params.sha256);
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      }).catch((error: unknown) => {
        // The row without its bytes: the data directory was moved or restored without files/.
        throw new ApiError(500, 'file_missing', `文件 ${params.sha256} 已登记但在存储目录中找不到，请联系管理员（${error instanceof Error ? error.message : String(error)}）`);
      });
      res.status(200).set({
        'Content-Type': row.mediaType,
        'Content-Length': row.size,
        // Content-addressed: the bytes behind a hash never change.
        'Cache-Control': 'private, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      });
      stream.pipe(res);
      return RAW;
    },
  });
}
