-- When each live element instance was activated: supervisors ask how long cases have been
-- waiting where (wait-state statistics), and finished ones have their times in the records.
alter table engine.element_instances add column start_time bigint not null default 0;
