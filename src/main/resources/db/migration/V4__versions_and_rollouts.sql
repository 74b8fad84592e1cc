-- Factories run a stable version and at most one canary (embedded fleet), and canary rollouts are kept so a
-- restart resumes or holds them. Existing factories run v1 as designed.
alter table local_factory add column version varchar(20) not null default 'v1';
alter table local_factory add column cycle_time_factor float not null default 1.0;
alter table local_factory add column reject_rate float;
alter table local_factory add column stoppage_rate float not null default 0.15;
alter table local_factory add column canary_version varchar(20);
alter table local_factory add column canary_cycle_time_factor float;
alter table local_factory add column canary_reject_rate float;
alter table local_factory add column canary_stoppage_rate float;
alter table local_factory add column canary_replicas integer;
alter table local_factory add column canary_weight integer not null default 0;
create table rollout (
    id integer primary key autoincrement,
    factory_id varchar(63) not null,
    stable_version varchar(20) not null,
    canary_version varchar(20) not null,
    automatic boolean not null,
    steps varchar(100) not null,
    dwell_seconds integer not null,
    min_samples integer not null,
    max_error_percent_increase float not null,
    max_p99_ratio float not null,
    max_reject_percent_increase float not null,
    max_oee_drop float not null,
    max_output_drop_percent float not null,
    state varchar(16) not null check ((state in ('RUNNING','HELD','PROMOTED','ROLLED_BACK','ABORTED'))),
    step_index integer not null,
    canary_weight integer not null,
    step_started_at timestamp,
    started_by varchar(64) not null,
    started_at timestamp not null,
    finished_at timestamp,
    message varchar(1000));
create index rollout_factory on rollout (factory_id, state);
