-- The whole fleet's sums per minute and per hour, so an unfiltered fleet chart or report reads one row per slot
-- instead of one per factory (a 30-day fleet chart of 2,000 factories: 720 rows, not 1.44 million).
create table fleet_minute (
    minute integer primary key,
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
    failed_polls integer not null);
create table fleet_hour (
    hour integer primary key,
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
    failed_polls integer not null);
insert into fleet_minute select minute, sum(made), sum(rejected), sum(material_in), sum(planned_s), sum(run_s),
    sum(ideal_s), sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s), sum(maintenance_s),
    sum(samples), sum(failed_polls) from factory_minute group by minute;
insert into fleet_hour select hour, sum(made), sum(rejected), sum(material_in), sum(planned_s), sum(run_s),
    sum(ideal_s), sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s), sum(maintenance_s),
    sum(samples), sum(failed_polls) from factory_hour group by hour;
