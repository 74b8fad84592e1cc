-- Alert rules on mesh signals: ERROR_RATE_ABOVE and LATENCY_P99_ABOVE join the kinds. SQLite cannot change a CHECK
-- constraint in place, so each table is rebuilt with the new list and its rows copied unchanged (same columns,
-- same order, same ids). Flyway runs this in one transaction.
create table alert_rule_v2 (id integer, enabled boolean not null, factory_id varchar(63), hold_seconds integer not null, kind varchar(32) not null check ((kind in ('OUTPUT_RATE_BELOW','STOCK_BELOW','OEE_BELOW','FACTORY_DOWN','NODE_CPU_ABOVE','NODE_MEMORY_ABOVE','ERROR_RATE_ABOVE','LATENCY_P99_ABOVE'))), name varchar(100) not null, severity varchar(16) not null check ((severity in ('INFO','WARNING','CRITICAL'))), threshold float not null, webhook_url varchar(500), primary key (id));
insert into alert_rule_v2 (id, enabled, factory_id, hold_seconds, kind, name, severity, threshold, webhook_url)
    select id, enabled, factory_id, hold_seconds, kind, name, severity, threshold, webhook_url from alert_rule;
drop table alert_rule;
alter table alert_rule_v2 rename to alert_rule;

create table alert_event_v2 (id integer, acknowledged_at timestamp, acknowledged_by varchar(64), factory_id varchar(63), fired_at timestamp, kind varchar(32) check ((kind in ('OUTPUT_RATE_BELOW','STOCK_BELOW','OEE_BELOW','FACTORY_DOWN','NODE_CPU_ABOVE','NODE_MEMORY_ABOVE','ERROR_RATE_ABOVE','LATENCY_P99_ABOVE'))), resolved_at timestamp, rule_id bigint, rule_name varchar(100), severity varchar(16) check ((severity in ('INFO','WARNING','CRITICAL'))), subject varchar(253), threshold float not null, value float not null, webhook_status varchar(300), primary key (id));
insert into alert_event_v2 (id, acknowledged_at, acknowledged_by, factory_id, fired_at, kind, resolved_at, rule_id, rule_name, severity, subject, threshold, value, webhook_status)
    select id, acknowledged_at, acknowledged_by, factory_id, fired_at, kind, resolved_at, rule_id, rule_name, severity, subject, threshold, value, webhook_status from alert_event;
drop table alert_event;
alter table alert_event_v2 rename to alert_event;
