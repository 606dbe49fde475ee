-- Case numbers (办件编号): <prefix><yyyymmdd><sequence>, e.g. C202611280001.
-- The prefix is the org unit's `case_prefix` when an administrator has set one, otherwise the
-- initials of the unit id (county → C, town-qingshan → TQ). The sequence is per prefix and China
-- day, not per unit, so two units that happen to share a prefix still never share a number.
alter table app.org_units add column case_prefix text
  check (case_prefix ~ '^[A-Z][A-Z0-9]{0,7}$');

-- One row per prefix and day; `last` is the last number given out. Taking a number is one
-- upsert that row-locks the counter, so concurrent case openings queue on it instead of racing;
-- being inside the opening transaction, a rolled-back opening gives its number back (no gaps).
create table app.case_number_sequences (
  prefix text not null,
  day    date not null,
  last   integer not null,
  primary key (prefix, day)
);

-- Cases by applicant phone (the public lookup and the clerk's search).
create index cases_phone on app.cases (phone);
create index cases_id_number on app.cases (id_number) where id_number is not null;
