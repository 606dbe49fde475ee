-- The engine's durable state. In memory the engine keeps the live part of this (single writer,
-- see engine.md); these tables are what it reloads after a restart and what supervisors query.
-- Times are epoch milliseconds (bigint), as in Zeebe's records.

create table engine.meta (
  id            int primary key check (id = 1),
  next_key      bigint not null,
  next_position bigint not null
);
insert into engine.meta (id, next_key, next_position) values (1, 2251799813685249, 1);

create table engine.deployments (
  key         bigint primary key,
  created_at  bigint not null,
  resources   jsonb not null          -- [{resourceName, checksum}]
);

create table engine.process_definitions (
  key             bigint primary key,
  bpmn_process_id text not null,
  version         int not null,
  resource_name   text not null,
  checksum        text not null,
  resource        text not null,       -- the BPMN XML as deployed
  deployment_key  bigint not null,
  deployed_at     bigint not null,
  unique (bpmn_process_id, version)
);

create table engine.process_instances (
  key                          bigint primary key,
  process_definition_key       bigint not null,
  bpmn_process_id              text not null,
  version                      int not null,
  state                        text not null,   -- ACTIVE | COMPLETED | TERMINATED
  start_time                   bigint not null,
  end_time                     bigint,
  parent_process_instance_key  bigint not null default -1,
  parent_element_instance_key  bigint not null default -1
);
create index on engine.process_instances (bpmn_process_id, version);
create index on engine.process_instances (state, start_time);

-- Live element instances only; finished ones are in the record log.
create table engine.element_instances (
  key                    bigint primary key,
  process_instance_key   bigint not null,
  flow_scope_key         bigint not null,
  element_id             text not null,
  element_type           text not null,
  state                  text not null,
  process_definition_key bigint not null,
  data                   jsonb not null default '{}'
);
create index on engine.element_instances (process_instance_key);

create table engine.variables (
  scope_key            bigint not null,
  name                 text not null,
  value                jsonb,
  process_instance_key bigint not null,
  primary key (scope_key, name)
);
create index on engine.variables (process_instance_key);

create table engine.jobs (
  key                    bigint primary key,
  type                   text not null,
  state                  text not null,   -- ACTIVATABLE | ACTIVATED | FAILED | ERROR_THROWN
  retries                int not null,
  deadline               bigint,          -- activation deadline while ACTIVATED
  recur_at               bigint,          -- end of retry backoff while FAILED with retries > 0
  worker                 text not null default '',
  error_message          text not null default '',
  error_code             text not null default '',
  custom_headers         jsonb not null,
  element_instance_key   bigint not null,
  element_id             text not null,
  process_instance_key   bigint not null,
  process_definition_key bigint not null,
  bpmn_process_id        text not null,
  version                int not null,
  created_at             bigint not null
);
create index on engine.jobs (type, state);

create table engine.timers (
  key                    bigint primary key,
  element_instance_key   bigint not null,   -- the element that waits (catch event, or the activity of a boundary)
  element_id             text not null,     -- the timer event
  process_instance_key   bigint not null,
  process_definition_key bigint not null,
  due_date               bigint not null,
  repetitions            int not null,      -- -1 = unbounded cycle; 1 = fire once
  interval               text               -- ISO duration of a cycle
);

create table engine.message_subscriptions (
  key                    bigint primary key,
  element_instance_key   bigint not null,
  element_id             text not null,
  process_instance_key   bigint not null,
  process_definition_key bigint not null,
  bpmn_process_id        text not null,
  message_name           text not null,
  correlation_key        text not null,
  interrupting           boolean not null
);
create index on engine.message_subscriptions (message_name, correlation_key);

create table engine.messages (
  key                 bigint primary key,
  name                text not null,
  correlation_key     text not null,
  message_id          text not null,
  variables           jsonb not null,
  deadline            bigint not null,
  correlated_process_ids text[] not null default '{}'
);

create table engine.incidents (
  key                    bigint primary key,
  error_type             text not null,
  error_message          text not null,
  state                  text not null,   -- ACTIVE | RESOLVED
  process_instance_key   bigint not null,
  process_definition_key bigint not null,
  bpmn_process_id        text not null,
  element_instance_key   bigint not null,
  element_id             text not null,
  job_key                bigint not null default -1,
  variable_scope_key     bigint not null,
  failed_step            text not null default '',  -- what resolving retries: activate | complete | job
  created_at             bigint not null,
  resolved_at            bigint
);
create index on engine.incidents (process_instance_key);
create index on engine.incidents (state);

-- The append-only record log (engine.md): every event, in the same transaction as its state.
create table engine.records (
  position    bigint primary key,
  key         bigint not null,
  timestamp   bigint not null,
  record_type text not null,
  value_type  text not null,
  intent      text not null,
  process_instance_key bigint,     -- copied out of value so a case's history is one index scan
  value       jsonb not null
);
create index on engine.records (process_instance_key, position);
