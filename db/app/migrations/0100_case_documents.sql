-- What the job workers produce for a case (workers/, processes/README.md): the notices
-- (《一次性告知书》《补正材料通知书》《不予受理通知书》), certificates, waybills of 邮帮办 and the
-- outbox of messages (SMS to applicants, messages to staff groups).
--
-- None of these references app.cases: a document is the legal record of what was sent or issued
-- and stays even when a flow runs without a case row (a test, another starter). The workers update
-- the case row where there is one. `job_key` makes a retried job return what it made the first time
-- instead of issuing a second number.

-- Running numbers per kind of document, scope (department, or '' for the hall) and year.
create table app.document_sequences (
  kind  text not null,
  scope text not null,
  year  integer not null,
  last  integer not null,
  primary key (kind, scope, year)
);

-- 一次性告知书 (intake), 补正材料通知书 (approval), 不予受理通知书 (refusal).
create table app.notices (
  notice_no           text primary key,
  kind                text not null check (kind in ('one-time', 'supplement', 'refusal')),
  case_no             text not null,
  sub_item_code       text,
  applicant_name      text,
  -- one-time / supplement: what is missing; refusal: what was missing, if that is the reason
  missing_materials   text[] not null default '{}',
  -- refusal: identity-invalid | supplement-overdue | materials-incomplete
  reason              text,
  supplement_deadline timestamptz,
  issued_at           timestamptz not null,
  html                text not null,
  job_key             text unique
);
create index notices_case on app.notices (case_no, issued_at);

-- 证照: the result of an approved case.
create table app.certificates (
  certificate_no text primary key,
  case_no        text not null,
  sub_item_code  text not null,
  name           text not null,
  department     text not null,
  holder_name    text not null,
  holder_id      text,
  issued_at      timestamptz not null,
  valid_until    date,
  html           text not null,
  job_key        text unique
);
create index certificates_case on app.certificates (case_no);

-- 邮帮办: one waybill per mailed result; its history is app.waybill_events.
create table app.waybills (
  waybill_no     text primary key,
  case_no        text not null,
  certificate_no text,
  recipient      jsonb not null,
  status         text not null,
  created_at     timestamptz not null,
  job_key        text unique
);
create index waybills_case on app.waybills (case_no);

create table app.waybill_events (
  waybill_no text not null references app.waybills (waybill_no),
  seq        integer not null,
  status     text not null,
  at         timestamptz not null,
  note       text,
  primary key (waybill_no, seq)
);

-- Messages out: SMS to people (through the pluggable sender) and messages to staff groups
-- (read in the staff inbox: GET /api/notifications).
create table app.outbox (
  id             bigserial primary key,
  template       text not null,
  channel        text not null check (channel in ('sms', 'staff-group')),
  -- a phone number (sms) or a group id (staff-group)
  recipient      text,
  recipient_name text,
  body           text not null,
  case_no        text,
  -- pending → sent | failed (sms); delivered (staff-group); undeliverable (a person with no phone)
  status         text not null check (status in ('pending', 'sent', 'failed', 'delivered', 'undeliverable')),
  error          text,
  provider_ref   text,
  created_at     timestamptz not null,
  sent_at        timestamptz,
  job_key        text,
  seq            integer,
  unique (job_key, seq)
);
create index outbox_case on app.outbox (case_no, id);
create index outbox_recipient on app.outbox (channel, recipient, id);
create index outbox_status on app.outbox (status, id);
