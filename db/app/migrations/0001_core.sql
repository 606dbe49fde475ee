-- The app's own truth (architecture.md: schema app; the engine owns schema engine).
-- Core: organisation units, staff and sessions, the business audit, cases, their materials,
-- uploaded files (content-addressed) and the legal clock ledger. Later migrations add what each
-- part of the hall needs (queue, notices, certificates, ratings, complaints …) in their own files.

-- 县政务服务中心 and the 镇街分中心 (县镇同权: equal powers for the devolved items).
create table app.org_units (
  id    text primary key,
  name  text not null,
  level text not null check (level in ('county', 'town'))
);

create table app.staff (
  username      text primary key,
  name          text not null,
  password_hash text not null,
  -- guide, clerk, approver, issuer, supervisor, designer, admin
  roles         text[] not null,
  org_unit      text not null references app.org_units (id),
  -- candidate groups of user tasks this person works (front-desk, issuing-window, department ids …)
  groups        text[] not null default '{}',
  active        boolean not null default true,
  created_at    timestamptz not null default now()
);

-- Sessions are stored by the hash of their token, so a leaked table opens nothing.
create table app.sessions (
  token_hash  text primary key,
  username    text not null references app.staff (username),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index sessions_username on app.sessions (username);

-- Failed logins, kept so throttling survives a restart.
create table app.login_failures (
  username text not null,
  ip       text not null,
  at       timestamptz not null default now()
);
create index login_failures_username on app.login_failures (username, at);
create index login_failures_ip on app.login_failures (ip, at);

-- Who did what to which thing, and why. Append-only.
create table app.audit (
  id           bigserial primary key,
  at           timestamptz not null default now(),
  actor        text not null,
  action       text not null,
  subject_type text not null,
  subject_id   text not null,
  reason       text,
  detail       jsonb not null default '{}'
);
create index audit_subject on app.audit (subject_type, subject_id, id);

-- Uploaded files, stored in DATA_DIR by their SHA-256 (the same scan uploaded twice is one file).
create table app.files (
  sha256     text primary key,
  size       bigint not null,
  media_type text not null,
  created_at timestamptz not null default now()
);

-- 办件: the business truth of one application. The flow carries only keys and routing fields.
create table app.cases (
  case_no              text primary key,
  sub_item_code        text not null,
  org_unit             text not null references app.org_units (id),
  applicant            jsonb not null,
  applicant_kind       text not null check (applicant_kind in ('person', 'enterprise')),
  applicant_name       text not null,
  credit_code          text,
  id_number            text,
  phone                text not null,
  -- 办件状态 as a word: the list, its national codes and who sets each are in db/app/case-status.ts
  status               text not null,
  delivery             text not null default 'pickup' check (delivery in ('pickup', 'mail')),
  mail_address         jsonb,
  bpmn_process_id      text not null,
  process_version      integer,
  process_instance_key text,
  created_by           text not null,
  created_at           timestamptz not null default now(),
  accepted_at          timestamptz,
  concluded_at         timestamptz,
  decision             text,
  committed_due_at     timestamptz,
  legal_due_at         timestamptz,
  yellow_at            timestamptz,
  warning              text,
  certificate_no       text,
  waybill_no           text,
  -- the secret in the case's public QR link (rating, status) — not guessable from the case number
  public_token         text not null unique
);
create index cases_org_unit on app.cases (org_unit, created_at);
create index cases_credit_code on app.cases (credit_code) where credit_code is not null;
create index cases_sub_item on app.cases (sub_item_code);
create index cases_status on app.cases (status);

-- The materials handed in for a case, in the order the clerk recorded them; a supplement adds rows.
create table app.case_materials (
  case_no        text not null references app.cases (case_no),
  seq            integer not null,
  name           text not null,
  file_sha256    text references app.files (sha256),
  filename       text,
  -- applicant, enterpriseCode (reused from an earlier case), government
  source         text not null default 'applicant',
  reused_from    text,
  submitted_at   timestamptz not null default now(),
  submitted_by   text,
  primary key (case_no, seq)
);

-- The legal clock as a ledger of intervals (domain.md §4): running, suspended for a supplement,
-- special procedure (Art. 45). An open interval has no ended_at.
create table app.legal_clock (
  case_no    text not null references app.cases (case_no),
  seq        integer not null,
  state      text not null check (state in ('running', 'suspended', 'special-procedure')),
  reason     text,
  started_at timestamptz not null,
  ended_at   timestamptz,
  primary key (case_no, seq)
);

-- Installation-wide settings (e.g. the secret that signs enterprise codes, made on first start).
create table app.settings (
  key   text primary key,
  value text not null
);
