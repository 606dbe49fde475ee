// Staff sign in with a password (scrypt), get a session, and are kept out of what their role
// does not allow; repeated wrong passwords stop further attempts for a while.
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';

const t = apiSuite('api-auth');

describe('signing in', () => {
  it('a demo clerk signs in and sees who they are, their unit and their task groups', async () => {
    const clerk = await t.as('clerk');
    const me = await clerk.get<{ username: string; roles: string[]; roleLabels: string[]; orgUnit: string; orgLevel: string; groups: string[] }>('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'clerk', orgUnit: 'county', orgLevel: 'county', groups: ['front-desk'] });
    expect(me.body.roleLabels).toContain('综合受理员');
  });

  it('stores passwords as memory-hard scrypt hashes, never as given', async () => {
    const [row] = await t.sql<{ passwordHash: string }[]>`select password_hash as "passwordHash" from app.staff where username = 'clerk'`;
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.passwordHash).not.toContain('onewindow2026');
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const wrong = await t.anonymous.post<ErrorBody>('/auth/login', { username: 'approver', password: 'nope1234' });
    const unknown = await t.anonymous.post<ErrorBody>('/auth/login', { username: 'nobody', password: 'nope1234' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('after 5 failures in 15 minutes the username is locked out, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.anonymous.post('/auth/login', { username: 'issuer', password: `wrong${String(i)}xx` });
      expect(r.status).toBe(401);
    }
    const locked = await t.anonymous.post<ErrorBody>('/auth/login', { username: 'issuer', password: 'onewindow2026' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.error.message).toContain('分钟后再试');
    // Another user from the same address is not locked out by issuer's failures.
    const other = await t.anonymous.post('/auth/login', { username: 'designer', password: 'onewindow2026' });
    expect(other.status).toBe(200);
  });

  it('login input is validated and the error names the field', async () => {
    const r = await t.anonymous.post<ErrorBody>('/auth/login', { username: '  ' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.map((i) => i.path)).toEqual(['body.username', 'body.password']);
  });

  it('a session ends at logout', async () => {
    const login = await t.anonymous.post<{ token: string }>('/auth/login', { username: 'guide', password: 'onewindow2026' });
    const headers = { authorization: `Bearer ${login.body.token}` };
    expect((await fetch(`${t.url}/api/auth/me`, { headers })).status).toBe(200);
    expect((await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers })).status).toBe(204);
    expect((await fetch(`${t.url}/api/auth/me`, { headers })).status).toBe(401);
  });

  it('the browser gets an HttpOnly session cookie that works on its own', async () => {
    const response = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'onewindow2026' }) });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/ow_session=[^;]+;.*HttpOnly/i);
    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(((await me.json()) as { username: string }).username).toBe('supervisor');
  });
});

describe('roles and accounts', () => {
  it('only an admin creates accounts; a clerk is refused with the roles that would be needed', async () => {
    const clerk = await t.as('clerk');
    const refused = await clerk.post<ErrorBody>('/staff', { username: 'newbie', name: '新人', password: 'abcd1234', roles: ['clerk'], orgUnit: 'county' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('admin');

    const admin = await t.as('admin');
    const made = await admin.post('/staff', { username: 'newbie', name: '新人', password: 'abcd1234', roles: ['clerk'], orgUnit: 'town-hekou', groups: ['front-desk'] });
    expect(made.status).toBe(201);
    const newbie = await t.as('newbie', 'abcd1234');
    expect((await newbie.get<{ orgLevel: string }>('/auth/me')).body.orgLevel).toBe('town');
    const [entry] = await t.sql`select actor, action from app.audit where subject_id = 'newbie' and action = 'staff.create'`;
    expect(entry).toMatchObject({ actor: 'admin', action: 'staff.create' });
  });

  it('a weak password, an unknown unit and a taken username are refused, naming the field', async () => {
    const admin = await t.as('admin');
    const weak = await admin.post<ErrorBody>('/staff', { username: 'weak', name: '弱', password: '123456', roles: ['clerk'], orgUnit: 'county' });
    expect(weak.body.error.issues?.[0]?.path).toBe('body.password');
    const unit = await admin.post<ErrorBody>('/staff', { username: 'nounit', name: '无', password: 'abcd1234', roles: ['clerk'], orgUnit: 'mars' });
    expect(unit.body.error.issues?.[0]).toEqual({ path: 'body.orgUnit', message: '没有机构 mars' });
    const taken = await admin.post<ErrorBody>('/staff', { username: 'clerk', name: '重', password: 'abcd1234', roles: ['clerk'], orgUnit: 'county' });
    expect(taken.status).toBe(409);
    const role = await admin.post<ErrorBody>('/staff', { username: 'x1', name: '角', password: 'abcd1234', roles: ['janitor'], orgUnit: 'county' });
    expect(role.body.error.issues?.[0]?.path).toBe('body.roles.0');
  });

  it('anything but login needs a session', async () => {
    const r = await t.anonymous.get<ErrorBody>('/staff');
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('请先登录');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route with its inputs, made from the validating schemas', async () => {
    const doc = await t.anonymous.get<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> }>('/docs');
    expect(doc.body.openapi).toBe('3.1.0');
    const login = doc.body.paths['/api/auth/login']?.['post'];
    expect(login?.requestBody?.content['application/json']?.schema.required).toEqual(['username', 'password']);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/me', '/api/staff', '/api/org-units']));
  });

  it('an unknown route is a JSON 404 that says which', async () => {
    const r = await t.anonymous.get<ErrorBody>('/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('GET /api/nothing-here');
  });

  it('a body that is not JSON is a 400 that says so', async () => {
    const r = await t.anonymous.send<ErrorBody>('POST', '/auth/login', new TextEncoder().encode('{oops'), 'application/json');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_json');
  });
});
