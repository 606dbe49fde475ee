-- The acceptance dictionary in force, as versions (issue 4 §1). The JSON files under
-- processes/dictionary/ are only the starter: version 1 is seeded from them on first start, and
-- every later change (an edit of one sub-item, a rebinding to another flow, an import) adds a
-- version. The latest version is the one in force; older ones stay for the record.
create table app.dictionary_versions (
  version    integer primary key check (version >= 1),
  -- the whole dictionary in the files' shape: { "departments.json": …, "enterprise-startup.json": … }
  document   jsonb not null,
  author     text not null,
  created_at timestamptz not null default now(),
  -- seed | edit | rebind | import
  source     text not null check (source in ('seed', 'edit', 'rebind', 'import')),
  note       text,
  -- sub-items added / removed / changed (with field paths), other entries changed
  summary    jsonb not null
);
