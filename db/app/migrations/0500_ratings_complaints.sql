-- 好差评 (ratings) and 办不成事反映 (complaints): what citizens said about the hall, and what the
-- hall did about it. The flows (rectification, complaint) carry keys; these tables are the record
-- supervisors read and the statistics count.

-- One row per rating. A case is rated once (一事一评: the unique index on case_no), on any
-- channel; an anonymous card (卡片评) names no case. A concluded case nobody rated within the set
-- period gets a default 基本满意 (channel 'default'), which 主动评价好评率 leaves out.
create table app.ratings (
  id                 bigint generated always as identity primary key,
  -- window 即时评 (评价器 at the seat), qr 扫码评 (the case's public link), card 卡片评 (anonymous), default 默认评价
  channel            text not null check (channel in ('window', 'qr', 'card', 'default')),
  case_no            text references app.cases (case_no),
  sub_item_code      text,
  org_unit           text not null references app.org_units (id),
  seat               text,
  -- the staff member the rating counts for (the clerk who opened the case; on a card, whoever it names)
  staff_username     text references app.staff (username),
  score              integer not null check (score between 1 and 5),
  -- what went wrong (差评 only): guidance, procedure, materials, attitude, duration, other
  problems           text[] not null default '{}',
  comment            text,
  -- the person who rated, for the feedback of a 差评; null for a card or a default
  rater              jsonb,
  -- the staff session that sent a window rating, or entered a paper card
  entered_by         text references app.staff (username),
  -- the address a public rating came from (hourly limit on anonymous cards)
  source_ip          text,
  rated_at           timestamptz not null,
  -- 差评整改: the rectification instance, when it was started, or why it could not be
  rectification_key        text,
  rectification_started_at timestamptz,
  rectification_error      text,
  verify_due_at            timestamptz,
  rectify_due_at           timestamptz,
  -- what the rectification's people recorded (ratings/progress.ts, called by the task inbox)
  rectification_verdict    text,
  verified_at              timestamptz,
  rectification_text       text,
  rectified_at             timestamptz,
  rectification_closed_at  timestamptz,
  rater_satisfied          boolean,
  check (channel = 'card' or case_no is not null),
  check ((score <= 2) = (cardinality(problems) > 0) or channel = 'default')
);
create unique index ratings_one_per_case on app.ratings (case_no) where case_no is not null;
create index ratings_staff on app.ratings (staff_username, rated_at);
create index ratings_org_unit on app.ratings (org_unit, rated_at);
create index ratings_bad on app.ratings (rated_at) where score <= 2;
create index ratings_source_ip on app.ratings (source_ip, rated_at) where source_ip is not null;

-- 办不成事反映: filed by a citizen on a phone or by staff at the window on someone's behalf.
create table app.complaints (
  complaint_no         text primary key,
  complainant_name     text not null,
  phone                text not null,
  case_no              text references app.cases (case_no),
  description          text not null,
  -- public (the citizen's phone) or window (staff filed it)
  source               text not null check (source in ('public', 'window')),
  filed_by             text references app.staff (username),
  -- the address a public complaint came from (hourly limit)
  source_ip            text,
  filed_at             timestamptz not null,
  process_instance_key text,
  flow_error           text,
  -- where the flow stands, as the task inbox reports it (complaints/progress.ts):
  -- assign 分类转办, resolve 限期办理, satisfactionCheck 满意度核查, closed 办结备案
  stage                text not null default 'assign' check (stage in ('assign', 'resolve', 'satisfactionCheck', 'closed')),
  responsible_groups   text[] not null default '{}',
  tier                 text,
  resolve_due_at       timestamptz,
  resolution           text,
  closed_at            timestamptz,
  -- how many times it went back to assignment because the complainant was not satisfied
  reopened             integer not null default 0
);
create index complaints_filed_at on app.complaints (filed_at);
create index complaints_open on app.complaints (resolve_due_at) where closed_at is null;
create index complaints_source_ip on app.complaints (source_ip, filed_at) where source_ip is not null;

-- Each step of a complaint, in order: what the complainant's lookup and the supervisor show.
create table app.complaint_steps (
  complaint_no text not null references app.complaints (complaint_no),
  seq          integer not null,
  at           timestamptz not null,
  step         text not null,
  actor        text,
  detail       jsonb not null default '{}',
  primary key (complaint_no, seq)
);

-- Daily counters for complaint numbers (FY + date + sequence).
create table app.complaint_counters (
  day  date primary key,
  last integer not null
);
