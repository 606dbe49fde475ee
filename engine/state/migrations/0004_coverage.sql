-- What the rest of Zeebe's BPMN coverage needs to keep: call-activity parents, message start
-- correlation keys, signal subscriptions, and DMN / form deployments.

-- A process instance started by a message with a correlation key: Zeebe starts no second one for
-- the same bpmnProcessId and key while it is active.
alter table engine.process_instances add column start_correlation_key text;

create table engine.signal_subscriptions (
  key                    bigint primary key,
  element_instance_key   bigint not null,   -- the waiting element (catch event, or owner of a boundary / event subprocess)
  element_id             text not null,     -- the signal event
  process_instance_key   bigint not null,
  process_definition_key bigint not null,
  signal_name            text not null,
  interrupting           boolean not null
);
create index on engine.signal_subscriptions (signal_name);

create table engine.decision_requirements (
  key             bigint primary key,
  drg_id          text not null,
  name            text not null,
  version         int not null,
  resource_name   text not null,
  checksum        text not null,
  resource        text not null,
  deployment_key  bigint not null,
  deployed_at     bigint not null,
  unique (drg_id, version)
);

create table engine.decisions (
  key                        bigint primary key,
  decision_id                text not null,
  name                       text not null,
  version                    int not null,
  decision_requirements_key  bigint not null,
  unique (decision_id, version)
);

create table engine.forms (
  key             bigint primary key,
  form_id         text not null,
  version         int not null,
  resource_name   text not null,
  checksum        text not null,
  resource        text not null,
  deployment_key  bigint not null,
  deployed_at     bigint not null,
  unique (form_id, version)
);

-- DeleteResource: a deleted definition stays for the history of its instances, but no longer
-- starts new ones.
alter table engine.process_definitions add column deleted boolean not null default false;
alter table engine.decision_requirements add column deleted boolean not null default false;
