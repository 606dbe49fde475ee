-- The task inbox (api/tasks): every `io.camunda.zeebe:userTask` job the api activated, kept as a
-- task people claim and complete (architecture.md: user tasks follow Zeebe's job-based model).
-- The job key is the task's identity: a job re-activated after its (long) timeout keeps its key.
create table app.tasks (
  job_key               text primary key,
  process_instance_key  text not null,
  element_instance_key  text not null,
  bpmn_process_id       text not null,
  process_definition_key text not null,
  element_id            text not null,
  -- the BPMN element's name (app.element_names), the element id when no model named it
  name                  text not null,
  case_no               text,
  -- from the job's headers: io.camunda.zeebe:candidateGroups / candidateUsers (JSON array strings),
  -- assignee, dueDate, followUpDate, formKey
  candidate_groups      text[] not null default '{}',
  candidate_users       text[] not null default '{}',
  assignee              text,
  due_at                timestamptz,
  follow_up_at          timestamptz,
  form_key              text,
  -- the process variables as the job carried them (what the form shows)
  variables             jsonb not null default '{}',
  -- the job's retries at activation: the reconciliation probe writes them back unchanged
  retries               integer not null,
  deadline              timestamptz,
  state                 text not null check (state in ('created', 'completed', 'canceled')),
  -- who holds the task now (the model's assignee at first; claim, unclaim and reassign change it)
  claimed_by            text,
  created_at            timestamptz not null,
  completed_at          timestamptz,
  completed_by          text,
  opinion               text,
  -- the variables the job was completed with
  outcome               jsonb,
  canceled_at           timestamptz,
  -- why it left the inbox without being completed: withdrawn (the engine no longer has the job),
  -- sent-back (a person sent the case back to an earlier step)
  cancel_reason         text,
  -- for a task sent back: the element it was sent back to, and the person's reason
  sent_back_to          text,
  sent_back_by          text,
  sent_back_reason      text,
  -- when the engine was last asked whether the job still exists
  checked_at            timestamptz not null
);
create index tasks_open on app.tasks (state, due_at) where state = 'created';
create index tasks_instance on app.tasks (process_instance_key, element_id);
create index tasks_claimed_by on app.tasks (claimed_by) where state = 'created';
create index tasks_completed_by on app.tasks (completed_by, completed_at) where state = 'completed';
create index tasks_case_no on app.tasks (case_no);
create index tasks_candidate_groups on app.tasks using gin (candidate_groups);

-- A supervisor's urge (催办) on a task, shown to whoever works it.
create table app.task_urges (
  id       bigserial primary key,
  job_key  text not null references app.tasks (job_key),
  urged_by text not null,
  reason   text not null,
  at       timestamptz not null
);
create index task_urges_job on app.task_urges (job_key, id);

-- The names of the BPMN elements of the deployed models, by process id and element id: the gateway
-- protocol gives a job its element id only, and a designer-changed flow names its new steps here
-- when it is deployed (api/tasks/element-names.ts). The latest deployment's name wins.
create table app.element_names (
  bpmn_process_id text not null,
  element_id      text not null,
  name            text not null,
  primary key (bpmn_process_id, element_id)
);
