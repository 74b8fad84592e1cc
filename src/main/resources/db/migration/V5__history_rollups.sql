-- History that outlives the process: per factory per minute, and per hour, what it made and how its time was
-- spent, as sums (OEE for any range is computed from the sums, ISO 22400, never averaged). Minutes are kept two
-- weeks by default, hours over a year; both are deleted in bounded batches.
create table factory_minute (
    factory_id varchar(63) not null,
    minute integer not null,
    made integer not null,
    rejected integer not null,
    material_in float not null,
    planned_s float not null,
    run_s float not null,
    ideal_s float not null,
    total_count integer not null,
    good_count integer not null,
    running_s float not null,
    idle_s float not null,
    down_s float not null,
    maintenance_s float not null,
    samples integer not null,
    failed_polls integer not null,
    rate_min float,
    rate_max float,
    primary key (factory_id, minute)) without rowid;
create index factory_minute_time on factory_minute (minute);
create table factory_minute_product (
    factory_id varchar(63) not null,
    minute integer not null,
    product varchar(100) not null,
    made integer not null,
    rejected integer not null,
    primary key (factory_id, minute, product)) without rowid;
create table factory_hour (
    factory_id varchar(63) not null,
    hour integer not null,
    made integer not null,
    rejected integer not null,
    material_in float not null,
    planned_s float not null,
    run_s float not null,
    ideal_s float not null,
    total_count integer not null,
    good_count integer not null,
    running_s float not null,
    idle_s float not null,
    down_s float not null,
    maintenance_s float not null,
    samples integer not null,
    failed_polls integer not null,
    made_min integer,
    made_max integer,
    primary key (factory_id, hour)) without rowid;
create index factory_hour_time on factory_hour (hour);
create table factory_hour_product (
    factory_id varchar(63) not null,
    hour integer not null,
    product varchar(100) not null,
    made integer not null,
    rejected integer not null,
    primary key (factory_id, hour, product)) without rowid;
