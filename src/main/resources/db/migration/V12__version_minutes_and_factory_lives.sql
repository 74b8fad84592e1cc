-- While a factory runs two versions, each version's own minute: what its counters grew by (not weighted) and the
-- share of the plant it ran. Kept as long as the factory's minutes.
create table factory_version_minute (
    factory_id varchar(63) not null,
    version varchar(63) not null,
    minute integer not null,
    made integer not null,
    rejected integer not null,
    material_in float not null,
    planned_s float not null,
    run_s float not null,
    ideal_s float not null,
    total_count integer not null,
    good_count integer not null,
    samples integer not null,
    share float not null,
    primary key (factory_id, minute, version));
create index factory_version_minute_time on factory_version_minute (minute);
-- Which lifetime of a factory id the history belongs to: its creation in the portal (embedded) or its Deployment's
-- uid (Kubernetes). A factory created again under an old id has a new life, and the old life's history is removed.
create table factory_life (
    factory_id varchar(63) primary key,
    life varchar(100) not null,
    since_minute integer not null);
