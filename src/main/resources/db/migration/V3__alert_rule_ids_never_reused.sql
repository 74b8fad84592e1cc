-- Alert history names its rule by id. SQLite reuses the highest rowid after that row is deleted, so a new rule
-- could inherit a deleted rule's history. AUTOINCREMENT never hands out an id twice; the sequence starts above
-- every id a rule or an alert ever used.
create table alert_rule_v3 (id integer primary key autoincrement, enabled boolean not null, factory_id varchar(63), hold_seconds integer not null, kind varchar(32) not null check ((kind in ('OUTPUT_RATE_BELOW','STOCK_BELOW','OEE_BELOW','FACTORY_DOWN','NODE_CPU_ABOVE','NODE_MEMORY_ABOVE','ERROR_RATE_ABOVE','LATENCY_P99_ABOVE'))), name varchar(100) not null, severity varchar(16) not null check ((severity in ('INFO','WARNING','CRITICAL'))), threshold float not null, webhook_url varchar(500));
insert into alert_rule_v3 (id, enabled, factory_id, hold_seconds, kind, name, severity, threshold, webhook_url)
    select id, enabled, factory_id, hold_seconds, kind, name, severity, threshold, webhook_url from alert_rule;
drop table alert_rule;
alter table alert_rule_v3 rename to alert_rule;
delete from sqlite_sequence where name = 'alert_rule';
insert into sqlite_sequence (name, seq)
    select 'alert_rule', max(coalesce((select max(id) from alert_rule), 0), coalesce((select max(rule_id) from alert_event), 0));
