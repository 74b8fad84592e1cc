-- Extremes survive roll-ups: each fleet hour keeps its lowest and highest minute (units made in one minute, summed
-- over the fleet), as each factory hour already does (made_min, made_max), so a 30- or 90-day chart still shows a
-- ten-minute stoppage after the minutes are gone.
alter table fleet_hour add column made_min integer;
alter table fleet_hour add column made_max integer;
-- Hours recorded before: extremes recomputed from the minutes still kept, only for hours all of whose minutes are
-- still there (after the hour of the oldest kept minute: retention may have cut into that one). Older hours keep
-- null, and charts show such an hour's average instead.
update fleet_hour
set made_min = (select min(m.made) from fleet_minute m
                where m.minute >= fleet_hour.hour * 60 and m.minute < fleet_hour.hour * 60 + 60),
    made_max = (select max(m.made) from fleet_minute m
                where m.minute >= fleet_hour.hour * 60 and m.minute < fleet_hour.hour * 60 + 60)
where hour > (select min(minute) / 60 from fleet_minute);
update factory_hour
set made_min = (select min(m.made) from factory_minute m where m.factory_id = factory_hour.factory_id
                and m.minute >= factory_hour.hour * 60 and m.minute < factory_hour.hour * 60 + 60),
    made_max = (select max(m.made) from factory_minute m where m.factory_id = factory_hour.factory_id
                and m.minute >= factory_hour.hour * 60 and m.minute < factory_hour.hour * 60 + 60)
where made_min is null and hour > (select min(minute) / 60 from factory_minute);
