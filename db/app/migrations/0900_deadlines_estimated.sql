-- Whether a case's committed/legal due dates (and yellow_at) were computed across a year the
-- working-day calendar has no official table for yet (workers/rules/README.md "Years without an
-- official calendar"): counted Monday–Friday only, so staff see them as provisional (预计). Written by
-- the ow.legal-clock worker together with the dates; false while there are no dates.
alter table app.cases add column deadlines_estimated boolean not null default false;

-- The same for a 差评's rectification deadlines (verify_due_at, rectify_due_at), set by the api.
alter table app.ratings add column rectification_due_estimated boolean not null default false;
