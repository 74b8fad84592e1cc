-- Each factory's local time as the portal owns it: IANA zone and shift calendar (JSON: shifts with start, length and
-- planned breaks). A factory without a row uses its country's zone and three eight-hour shifts from 06:00.
create table factory_calendar (
    factory_id varchar(63) primary key,
    zone varchar(64) not null,
    shifts varchar(4000) not null,
    changed_by varchar(100) not null,
    changed_at integer not null);
