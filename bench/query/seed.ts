// Seeds engine.* directly with SQL (generate_series): finished and running instances of a case
// flow as the engine would have left them — process instances, root variables, live element
// instances, jobs, incidents, and each instance's record log. No engine runs: this is about the
// read side at a realistic size.
import type { Sql } from 'postgres';

export const FIRST_KEY = 2251799813685249n;
/** Each instance owns 100 keys: its own, its element instances', jobs', incidents', records'. */
export const KEY_STRIDE = 100;
export const DEFINITION_KEY = FIRST_KEY;
export const PROCESS_ID = 'case-flow';

export const instanceKey = (i: number): string => String(FIRST_KEY + BigInt(KEY_STRIDE) * BigInt(i));
export const applicantIdOf = (i: number): string => `91330${String(i).padStart(13, '0')}`;
export const caseNoOf = (i: number): string => `WX-2025-${String(i).padStart(6, '0')}`;
export const SUB_ITEMS = 50;
export const subItemOf = (n: number): string => `SUB-${String(n % SUB_ITEMS).padStart(3, '0')}`;
export const TOWNS = ['城关镇', '东门镇', '西湖镇', '南山镇', '北岭镇', '青石镇', '白沙镇', '红岩镇', '金竹镇', '银杏镇', '桃源镇', '梅林镇'];

export const CASE_FLOW_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="${PROCESS_ID}" name="企业开办" isExecutable="true">
  <bpmn:startEvent id="start" name="收件"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:serviceTask id="intake" name="受理核验"><bpmn:extensionElements><zeebe:taskDefinition type="intake-check"/></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
  <bpmn:intermediateCatchEvent id="waitSupplement" name="等待补正"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="review" name="审批"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
  <bpmn:endEvent id="end" name="出件"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="intake"/>
  <bpmn:sequenceFlow id="f2" sourceRef="intake" targetRef="waitSupplement"/>
  <bpmn:sequenceFlow id="f3" sourceRef="waitSupplement" targetRef="review"/>
  <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="end"/>
</bpmn:process>
</bpmn:definitions>`;

export interface SeedConfig {
  readonly finished: number;
  readonly running: number;
  /** Epoch ms "now": instance i started (finished + running + 1 − i) minutes before it. */
  readonly now: number;
}

/** Which element a running instance i waits at (its leaf), and whether an incident holds it. */
export function runningLeaf(i: number): { elementId: string; incident: boolean } {
  const r = i % 10;
  if (r <= 5) return { elementId: 'review', incident: false };
  if (r <= 8) return { elementId: 'intake', incident: i % 100 === 7 };
  return { elementId: 'waitSupplement', incident: false };
}

export async function seed(sql: Sql, c: SeedConfig, log: (s: string) => void): Promise<void> {
  const total = c.finished + c.running;
  const params = {
    first: String(FIRST_KEY),
    stride: KEY_STRIDE,
    finished: c.finished,
    total,
    now: String(c.now),
  };
  // Session settings for the seeding only: the rows are throw-away.
  await sql`set synchronous_commit = off`;
  const step = async (what: string, run: () => Promise<unknown>): Promise<void> => {
    const t = performance.now();
    await run();
    log(`seeded ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };

  await step('the process definition', () => sql`
    insert into engine.process_definitions (key, bpmn_process_id, version, resource_name, checksum, resource, deployment_key, deployed_at)
    values (${params.first}::bigint, ${PROCESS_ID}, 1, 'case-flow.bpmn', 'bench', ${CASE_FLOW_XML}, ${params.first}::bigint - 1, ${params.now}::bigint - 200000000000)`);

  // Instance i: key first + stride*i, started (total + 1 − i) minutes ago; the last `running` are active.
  await step(`${total} process instances`, () => sql`
    insert into engine.process_instances (key, process_definition_key, bpmn_process_id, version, state, start_time, end_time,
      parent_process_instance_key, parent_element_instance_key)
    select ${params.first}::bigint + ${params.stride}::bigint * i, ${params.first}::bigint, ${PROCESS_ID}, 1,
      case when i > ${params.finished} then 'ACTIVE' when i % 20 = 0 then 'TERMINATED' else 'COMPLETED' end,
      ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000,
      case when i > ${params.finished} then null else ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000 + 3600000 + (i % 97) * 60000 end,
      -1, -1
    from generate_series(1, ${params.total}) i`);

  const towns = `{${TOWNS.join(',')}}`;
  await step(`${total * 7} root-scope variables`, () => sql`
    insert into engine.variables (scope_key, name, value, process_instance_key)
    select k, v.name, v.value, k
    from generate_series(1, ${params.total}) i
    cross join lateral (select ${params.first}::bigint + ${params.stride}::bigint * i as k) key
    cross join lateral (values
      ('applicantId', to_jsonb('91330' || lpad(i::text, 13, '0'))),
      ('caseNo', to_jsonb('WX-2025-' || lpad(i::text, 6, '0'))),
      ('subItem', to_jsonb('SUB-' || lpad((i % ${SUB_ITEMS})::text, 3, '0'))),
      ('town', to_jsonb((${towns}::text[])[1 + i % 12])),
      ('applicantName', to_jsonb((array['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + i % 10]
         || (array['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛'])[1 + (i / 10) % 15]
         || (array['华','明','平','红','飞','宇','鹏','辉','琳','雪'])[1 + (i / 150) % 10])),
      ('amount', to_jsonb((i * 37) % 100000)),
      ('materials', jsonb_build_object('idCard', true, 'licence', 'L' || i, 'pages', i % 17, 'note', repeat('材料齐全', 20)))
    ) v(name, value)`);

  // Running instances: the PROCESS element instance and one waiting leaf (runningLeaf above).
  await step(`${c.running * 2} live element instances, jobs, local variables`, async () => {
    await sql`
      insert into engine.element_instances (key, process_instance_key, flow_scope_key, element_id, element_type, state, process_definition_key, data, start_time)
      select k, k, -1, ${PROCESS_ID}, 'PROCESS', 'ACTIVATED', ${params.first}::bigint, '{}'::jsonb, started
      from generate_series(${params.finished} + 1, ${params.total}) i
      cross join lateral (select ${params.first}::bigint + ${params.stride}::bigint * i as k,
        ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000 as started) x`;
    await sql`
      insert into engine.element_instances (key, process_instance_key, flow_scope_key, element_id, element_type, state, process_definition_key, data, start_time)
      select k + 50, k, k, leaf.id, leaf.type, 'ACTIVATED', ${params.first}::bigint,
        case
          when leaf.id = 'waitSupplement' then jsonb_build_object('timerKeys', jsonb_build_array(k + 52))
          when i % 100 = 7 then jsonb_build_object('jobKey', k + 51, 'incidentKey', k + 53)
          else jsonb_build_object('jobKey', k + 51)
        end,
        started + 600000
      from generate_series(${params.finished} + 1, ${params.total}) i
      cross join lateral (select ${params.first}::bigint + ${params.stride}::bigint * i as k,
        ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000 as started) x
      cross join lateral (select case when i % 10 <= 5 then 'review' when i % 10 <= 8 then 'intake' else 'waitSupplement' end as id) l
      cross join lateral (select l.id, case l.id when 'review' then 'USER_TASK' when 'intake' then 'SERVICE_TASK' else 'INTERMEDIATE_CATCH_EVENT' end as type) leaf`;
    await sql`
      insert into engine.jobs (key, type, state, retries, deadline, recur_at, worker, error_message, error_code, custom_headers,
        element_instance_key, element_id, process_instance_key, process_definition_key, bpmn_process_id, version, created_at)
      select e.key + 1, case e.element_id when 'review' then 'io.camunda.zeebe:userTask' else 'intake-check' end,
        case when e.data ? 'incidentKey' then 'FAILED' when e.key % 3 = 0 then 'ACTIVATED' else 'ACTIVATABLE' end,
        case when e.data ? 'incidentKey' then 0 else 3 end,
        case when e.key % 3 = 0 and not e.data ? 'incidentKey' then ${params.now}::bigint + 300000 end, null,
        case when e.key % 3 = 0 and not e.data ? 'incidentKey' then 'bench-worker' else '' end,
        case when e.data ? 'incidentKey' then '工商系统接口超时' else '' end, '',
        case e.element_id when 'review' then '{"io.camunda.zeebe:candidateGroups":"[\\"county-hall\\"]"}'::jsonb else '{}'::jsonb end,
        e.key, e.element_id, e.process_instance_key, e.process_definition_key, ${PROCESS_ID}, 1, e.start_time
      from engine.element_instances e where e.element_type <> 'PROCESS' and e.data ? 'jobKey'`;
    await sql`
      insert into engine.variables (scope_key, name, value, process_instance_key)
      select e.key, 'assignee', to_jsonb('staff-' || (e.key % 40)), e.process_instance_key
      from engine.element_instances e where e.element_id = 'review'`;
  });

  await step('incidents', () => sql`
    insert into engine.incidents (key, error_type, error_message, state, process_instance_key, process_definition_key, bpmn_process_id,
      element_instance_key, element_id, job_key, variable_scope_key, failed_step, created_at, resolved_at)
    select k + 53, 'JOB_NO_RETRIES', '工商系统接口超时', case when i > ${params.finished} then 'ACTIVE' else 'RESOLVED' end,
      k, ${params.first}::bigint, ${PROCESS_ID}, k + 50, 'intake', k + 51, k + 50, 'job',
      started + 900000, case when i > ${params.finished} then null else started + 1800000 end
    from generate_series(1, ${params.total}) i
    cross join lateral (select ${params.first}::bigint + ${params.stride}::bigint * i as k,
      ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000 as started) x
    where i % 100 = 7`);

  // The record log. Finished instances: the whole run through start → intake → timer → review →
  // end. Running ones: up to the element they wait at. Steps are (offset in the key space,
  // value type, intent, element id, element type); positions follow instance order.
  await step('records', () => sql`
    with steps(n, ko, vt, intent, el, et) as (values
      (1, 0, 'PROCESS_INSTANCE_CREATION', 'CREATED', null, null),
      (2, 0, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', ${PROCESS_ID}::text, 'PROCESS'),
      (3, 0, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', ${PROCESS_ID}::text, 'PROCESS'),
      (4, 1, 'VARIABLE', 'CREATED', 'applicantId', null),
      (5, 2, 'VARIABLE', 'CREATED', 'caseNo', null),
      (6, 3, 'VARIABLE', 'CREATED', 'subItem', null),
      (7, 4, 'VARIABLE', 'CREATED', 'town', null),
      (8, 5, 'VARIABLE', 'CREATED', 'applicantName', null),
      (9, 6, 'VARIABLE', 'CREATED', 'amount', null),
      (10, 7, 'VARIABLE', 'CREATED', 'materials', null),
      (11, 10, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', 'start', 'START_EVENT'),
      (12, 10, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 'start', 'START_EVENT'),
      (13, 10, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', 'start', 'START_EVENT'),
      (14, 10, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', 'start', 'START_EVENT'),
      (15, 11, 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', 'f1', 'SEQUENCE_FLOW'),
      (16, 20, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', 'intake', 'SERVICE_TASK'),
      (17, 20, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 'intake', 'SERVICE_TASK'),
      (18, 21, 'JOB', 'CREATED', 'intake', null),
      (19, 21, 'JOB', 'COMPLETED', 'intake', null),
      (20, 20, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', 'intake', 'SERVICE_TASK'),
      (21, 20, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', 'intake', 'SERVICE_TASK'),
      (22, 22, 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', 'f2', 'SEQUENCE_FLOW'),
      (23, 30, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', 'waitSupplement', 'INTERMEDIATE_CATCH_EVENT'),
      (24, 30, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 'waitSupplement', 'INTERMEDIATE_CATCH_EVENT'),
      (25, 31, 'TIMER', 'CREATED', 'waitSupplement', null),
      (26, 31, 'TIMER', 'TRIGGERED', 'waitSupplement', null),
      (27, 30, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', 'waitSupplement', 'INTERMEDIATE_CATCH_EVENT'),
      (28, 30, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', 'waitSupplement', 'INTERMEDIATE_CATCH_EVENT'),
      (29, 32, 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', 'f3', 'SEQUENCE_FLOW'),
      (30, 40, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', 'review', 'USER_TASK'),
      (31, 40, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 'review', 'USER_TASK'),
      (32, 41, 'JOB', 'CREATED', 'review', null),
      (33, 41, 'JOB', 'COMPLETED', 'review', null),
      (34, 40, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', 'review', 'USER_TASK'),
      (35, 40, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', 'review', 'USER_TASK'),
      (36, 42, 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', 'f4', 'SEQUENCE_FLOW'),
      (37, 43, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', 'end', 'END_EVENT'),
      (38, 43, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 'end', 'END_EVENT'),
      (39, 43, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', 'end', 'END_EVENT'),
      (40, 43, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', 'end', 'END_EVENT'),
      (41, 0, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETING', ${PROCESS_ID}::text, 'PROCESS'),
      (42, 0, 'PROCESS_INSTANCE', 'ELEMENT_COMPLETED', ${PROCESS_ID}::text, 'PROCESS')
    ),
    -- Where each running instance stops: after its waiting element's ELEMENT_ACTIVATED (or JOB CREATED).
    runs as (
      select i, ${params.first}::bigint + ${params.stride}::bigint * i as k,
        ${params.now}::bigint - (${params.total} + 1 - i)::bigint * 60000 as started,
        case
          when i <= ${params.finished} then 42
          when i % 10 <= 5 then 32
          when i % 10 <= 8 then 18
          else 25
        end as last
      from generate_series(1, ${params.total}) i
    )
    insert into engine.records (position, key, timestamp, record_type, value_type, intent, process_instance_key, value)
    select row_number() over (order by r.i, s.n), r.k + s.ko, r.started + s.n * 1000, 'EVENT', s.vt, s.intent, r.k,
      case s.vt
        when 'PROCESS_INSTANCE' then jsonb_build_object('bpmnProcessId', ${PROCESS_ID}::text, 'version', 1,
          'processDefinitionKey', ${params.first}::bigint, 'processInstanceKey', r.k, 'elementId', s.el,
          'flowScopeKey', case when s.et = 'PROCESS' then -1 else r.k end, 'bpmnElementType', s.et, 'bpmnEventType', 'UNSPECIFIED',
          'parentProcessInstanceKey', -1, 'parentElementInstanceKey', -1, 'tenantId', '<default>')
        when 'VARIABLE' then jsonb_build_object('name', s.el, 'value', '"…"', 'scopeKey', r.k, 'processInstanceKey', r.k,
          'processDefinitionKey', ${params.first}::bigint, 'bpmnProcessId', ${PROCESS_ID}::text, 'tenantId', '<default>')
        when 'JOB' then jsonb_build_object('type', case s.el when 'review' then 'io.camunda.zeebe:userTask' else 'intake-check' end,
          'elementId', s.el, 'elementInstanceKey', r.k + s.ko - 1, 'processInstanceKey', r.k, 'retries', 3, 'tenantId', '<default>')
        when 'TIMER' then jsonb_build_object('elementInstanceKey', r.k + 30, 'targetElementId', s.el, 'processInstanceKey', r.k,
          'dueDate', r.started + 432000000, 'repetitions', 1, 'tenantId', '<default>')
        else jsonb_build_object('bpmnProcessId', ${PROCESS_ID}::text, 'version', 1, 'processDefinitionKey', ${params.first}::bigint,
          'processInstanceKey', r.k, 'variables', '{}'::jsonb, 'tenantId', '<default>')
      end
    from runs r join steps s on s.n <= r.last`);

  await step('next key and position', () => sql`
    update engine.meta set next_key = ${params.first}::bigint + ${params.stride}::bigint * (${params.total} + 1),
      next_position = (select coalesce(max(position), 0) + 1 from engine.records) where id = 1`);
  await step('vacuum analyze', () => sql`vacuum analyze`);
  await sql`reset synchronous_commit`;
}
