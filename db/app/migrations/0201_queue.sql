-- 叫号 (issue 4 §4): queue tickets per organisation unit and day, the counters that number them,
-- and the seats (acceptance windows) with the service categories each one calls.
create table app.queue_tickets (
  id            bigserial primary key,
  org_unit      text not null references app.org_units (id),
  -- the hall's day (Asia/Shanghai): numbers start again at 001 every day
  service_date  date not null,
  -- a category letter (api/queue/categories.ts): A 企业开办, B 社会事务 …
  category      text not null,
  number        integer not null,
  ticket_no     text not null,
  sub_item_code text,
  phone         text,
  -- waiting → called → finished | skipped (no-show)
  status        text not null default 'waiting' check (status in ('waiting', 'called', 'finished', 'skipped')),
  taken_at      timestamptz not null,
  -- the guide who gave the ticket; null when taken at the kiosk
  taken_by      text,
  seat          text,
  called_at     timestamptz,
  called_by     text,
  recalls       integer not null default 0,
  finished_at   timestamptz,
  unique (org_unit, service_date, ticket_no)
);
create index queue_tickets_waiting on app.queue_tickets (org_unit, service_date, category, id) where status = 'waiting';
create index queue_tickets_seat on app.queue_tickets (org_unit, seat, id) where status = 'called';

create table app.queue_counters (
  org_unit     text not null references app.org_units (id),
  service_date date not null,
  category     text not null,
  last         integer not null,
  primary key (org_unit, service_date, category)
);

-- A seat (窗口) of a unit and the categories it calls; a clerk opens it before calling.
create table app.queue_seats (
  org_unit   text not null references app.org_units (id),
  seat       text not null,
  categories text[] not null,
  staff      text references app.staff (username),
  updated_at timestamptz not null,
  primary key (org_unit, seat)
);
