-- Fixed-format forms (制式表格) designed with form-js, as versions (issue 5 §1). The files under
-- processes/forms/ are the starter: each key missing here is stored as its version 1 on first use
-- (api/forms/store.ts); a designer's save adds a version. The latest version is the one in force
-- at intake; a case records the data the clerk filled in (cases.form_data) with the form's key and
-- version, so what was filled can be read against the form it was filled on.
create table app.forms (
  key        text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  version    integer not null check (version >= 1),
  -- the form-js schema ({ type: 'default', components: [...] })
  schema     jsonb not null,
  -- the filled-in sample (填写模板): data for this schema, or null
  sample     jsonb,
  author     text not null,
  note       text,
  created_at timestamptz not null default now(),
  primary key (key, version)
);

-- What the clerk filled in the sub-item's intake form: { key, version, data }.
alter table app.cases add column form_data jsonb;
