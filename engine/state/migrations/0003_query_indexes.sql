-- Indexes for the supervisors' read-only queries (engine/query/). Every index here is paid for on
-- the engine's write path (each group commit upserts variables), so there are only the ones the
-- queries cannot do without; engine/query/README.md has the measured cost of each.

-- "Which cases have applicant X": variable name + value equality, and "has a variable named X".
-- md5 of the jsonb text keeps the entry small whatever the value (a whole document may be a
-- variable; a btree entry over ~2.7 kB would fail the engine's write), and left(name, 500)
-- keeps a very long name from doing the same (500 characters are at most 2,000 bytes).
create index variables_name_value_idx on engine.variables (left(name, 500), md5(value::text));

-- "Which cases have a value containing X" ($like '*X*'): trigram index on the serialized value.
-- pg_trgm ships with PostgreSQL (contrib) but an external server may lack it, or the role may not
-- be allowed to create it: then there is no index and contains-searches scan the variables of
-- the name they ask for.
do $$
begin
  create extension if not exists pg_trgm;
exception when others then
  raise notice 'pg_trgm is not available (%): variable contains-searches will not be indexed', sqlerrm;
end
$$;

do $$
declare
  ext_schema text;
begin
  select n.nspname into ext_schema
  from pg_extension e join pg_namespace n on n.oid = e.extnamespace
  where e.extname = 'pg_trgm';
  if ext_schema is not null then
    execute format('create index variables_value_trgm_idx on engine.variables using gin ((value::text) %I.gin_trgm_ops)', ext_schema);
  end if;
end
$$;

-- "Cases started this week, newest first" (startDate filters and sort) without reading every
-- instance. An instance row is written when it starts and when it ends (the end already updates
-- every index: state is indexed), so this costs one more index entry at each.
create index process_instances_start_time_idx on engine.process_instances (start_time);
