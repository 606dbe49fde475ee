// Uploads: a clerk sends a scan as the raw body with its type; it is stored once by its SHA-256,
// staff download it with its type, and a wrong type, an empty or oversized upload, or bytes that
// are not what the type says are refused with a message that says which.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';

// A small limit so "too large" is tested without sending 20 MiB (read when the api starts).
process.env['UPLOAD_LIMIT_MB'] = '0.0625';
const LIMIT = 64 * 1024;

const t = apiSuite('api-files');

const pdf = (text: string): Uint8Array => new TextEncoder().encode(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const png = (): Uint8Array => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Stored {
  sha256: string;
  size: number;
  mediaType: string;
  duplicate: boolean;
}

function storedFiles(): string[] {
  const dir = t.api.api.ctx.filesDir;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'tmp')
    .flatMap((d) => readdirSync(path.join(dir, d.name)));
}

describe('uploading a scan', () => {
  it('stores it under its SHA-256 and serves it back with its type', async () => {
    const clerk = await t.as('clerk');
    const bytes = pdf('营业执照扫描件');
    const r = await clerk.send<Stored>('POST', '/files', bytes, 'application/pdf');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ sha256: sha(bytes), size: bytes.length, mediaType: 'application/pdf', duplicate: false });

    const approver = await t.as('approver');
    const download = await approver.raw(`/files/${r.body.sha256}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('the same bytes uploaded twice are one file and one row', async () => {
    const clerk = await t.as('clerk');
    const bytes = png();
    const first = await clerk.send<Stored>('POST', '/files', bytes, 'image/png');
    const before = storedFiles().length;
    const second = await clerk.send<Stored>('POST', '/files', bytes, 'image/png; charset=binary');
    expect(first.body.duplicate).toBe(false);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ sha256: first.body.sha256, duplicate: true });
    expect(storedFiles().length).toBe(before);
    expect(storedFiles().filter((f) => f === sha(bytes))).toHaveLength(1);
    const rows = await t.sql`select 1 from app.files where sha256 = ${sha(bytes)}`;
    expect(rows).toHaveLength(1);
    // No temporary file is left behind.
    expect(readdirSync(path.join(t.api.api.ctx.filesDir, 'tmp'))).toEqual([]);
  });

  it('refuses a type that is not allowed, naming it and what is accepted', async () => {
    const clerk = await t.as('clerk');
    const r = await clerk.send<ErrorBody>('POST', '/files', new TextEncoder().encode('hello'), 'text/plain');
    expect(r.status).toBe(415);
    expect(r.body.error.message).toContain('text/plain');
    expect(r.body.error.message).toContain('application/pdf');
    expect(r.body.error.issues?.[0]?.path).toBe('body');
  });

  it('refuses bytes that are not what the Content-Type says', async () => {
    const clerk = await t.as('clerk');
    const r = await clerk.send<ErrorBody>('POST', '/files', pdf('not a picture'), 'image/jpeg');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('JPEG');
  });

  it('refuses an empty upload', async () => {
    const clerk = await t.as('clerk');
    const r = await clerk.send<ErrorBody>('POST', '/files', new Uint8Array(0), 'application/pdf');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('内容为空');
  });

  it('refuses a file over the configured limit, saying the limit', async () => {
    const clerk = await t.as('clerk');
    const big = new Uint8Array(LIMIT + 1);
    big.set(pdf('big'));
    const r = await clerk.send<ErrorBody>('POST', '/files', big, 'application/pdf');
    expect(r.status).toBe(413);
    expect(r.body.error.message).toContain('64 KiB');
    const exact = new Uint8Array(LIMIT);
    exact.set(pdf('exactly at the limit'));
    expect((await clerk.send('POST', '/files', exact, 'application/pdf')).status).toBe(201);
    const rows = await t.sql`select 1 from app.files where sha256 = ${sha(big)}`;
    expect(rows).toHaveLength(0);
  });

  it('only clerks upload; only staff download; an unknown hash is a 404', async () => {
    const guide = await t.as('guide');
    expect((await guide.send<ErrorBody>('POST', '/files', pdf('x'), 'application/pdf')).status).toBe(403);
    const clerk = await t.as('clerk');
    const up = await clerk.send<Stored>('POST', '/files', pdf('private'), 'application/pdf');
    expect((await t.anonymous.get(`/files/${up.body.sha256}`)).status).toBe(401);
    const missing = await clerk.get<ErrorBody>(`/files/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    const bad = await clerk.get<ErrorBody>('/files/not-a-hash');
    expect(bad.body.error.issues?.[0]?.path).toBe('params.sha256');
  });

  it('records the upload in the audit', async () => {
    const clerk = await t.as('clerk');
    const bytes = pdf('audited');
    await clerk.send('POST', '/files', bytes, 'application/pdf');
    const [entry] = await t.sql`select actor, action from app.audit where subject_type = 'file' and subject_id = ${sha(bytes)}`;
    expect(entry).toMatchObject({ actor: 'clerk', action: 'file.upload' });
  });

  it('the OpenAPI document describes the upload as a binary body of the accepted types', async () => {
    const doc = await t.anonymous.get<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }>('/docs');
    const content = doc.body.paths['/api/files']?.['post']?.requestBody?.content ?? {};
    expect(Object.keys(content)).toEqual(['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'application/ofd']);
  });

  it('JSON routes are unaffected by the raw upload parser', async () => {
    const r = await t.anonymous.post<{ token?: string }>('/auth/login', { username: 'guide', password: 'onewindow2026' });
    expect(r.status).toBe(200);
    expect(r.body.token).toBeTruthy();
  });
});
