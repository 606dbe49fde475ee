// Who deployed each process version, from the designer's deployment audit (designer.deploy rows,
// deploy.ts): the engine records when a version was stored but not by whom. Deploying unchanged
// content again is audited too but keeps the version, so the first row naming a definition key
// is the one that made it. Versions deployed outside the designer (the seed, zbctl) have none.
import type { Sql } from 'postgres';

export interface Deployer {
  readonly username: string;
  /** The staff member's name, or the username when the account is gone. */
  readonly name: string;
}

/** processDefinitionKey → who first deployed it through the designer (the engine says when). */
export async function processDeployers(sql: Sql): Promise<Map<string, Deployer>> {
  const rows = await sql<{ key: string; username: string; name: string | null }[]>`
    select distinct on (r->>'key') r->>'key' as key, a.actor as username, s.name
    from app.audit a
    cross join lateral jsonb_array_elements(case when jsonb_typeof(a.detail->'resources') = 'array' then a.detail->'resources' else '[]'::jsonb end) r
    left join app.staff s on s.username = a.actor
    where a.action = 'designer.deploy' and r->>'kind' = 'process'
    order by r->>'key', a.at, a.id`;
  return new Map(rows.map((r) => [r.key, { username: r.username, name: r.name ?? r.username }]));
}
