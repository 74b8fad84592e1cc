package io.meshportal.telemetry;

import io.meshportal.base.Csv;
import io.meshportal.factory.Oee;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Writes history as CSV (RFC 4180) for download: a range one row per slot, read from the store and written row by
 * row, so a long range is streamed and never built in memory; and the shift report. Its input is already cut to
 * what the viewer may see.
 */
final class HistoryCsv {

    private final RollupStore store;
    private final SlotPlanner planner;

    HistoryCsv(RollupStore store, SlotPlanner planner) {
        this.store = store;
        this.planner = planner;
    }

    /**
     * One row per slot with the sums of {@code ids} (null: every factory), and the slot's lowest and highest minute
     * (units made in one minute; a minute row's own figure). "minute extremes" says what they are: {@code exact};
     * {@code bounds} for an hour of several factories (the sum of each one's lowest minute, which their sum never
     * went below, and of their highest); empty where an hour was recorded without them (the cells are empty too).
     */
    void writeChart(Collection<String> ids, HistoryRange range, Writer out) {
        SlotPlanner.Slots slots = planner.forChart(range, ids);
        long slotMillis = slots.slotMillis();
        Csv csv = new Csv(out);
        csv.row(
                "time (UTC)",
                "factories",
                "made",
                "rejected",
                "material in",
                "planned s",
                "run s",
                "ideal s",
                "total count",
                "good count",
                "OEE %",
                "running s",
                "idle s",
                "down s",
                "maintenance s",
                "samples",
                "failed polls",
                "lowest minute made",
                "highest minute made",
                "minute extremes");
        String scope = ids == null ? "all" : String.join(" ", ids);
        store.slots(slots.hours(), ids, slots.from(), slots.to(), s -> {
            Oee o = Oee.of(s.plannedSeconds(), s.runSeconds(), s.idealSeconds(), s.totalCount(), s.goodCount());
            csv.row(
                    Instant.ofEpochMilli(s.slot() * slotMillis).toString(),
                    scope,
                    (s.made()),
                    (s.rejected()),
                    (s.materialIn()),
                    (s.plannedSeconds()),
                    (s.runSeconds()),
                    (s.idealSeconds()),
                    (s.totalCount()),
                    (s.goodCount()),
                    s.plannedSeconds() > 0 ? (Object) (100 * o.oee()) : "",
                    (s.runningSeconds()),
                    (s.idleSeconds()),
                    (s.downSeconds()),
                    (s.maintenanceSeconds()),
                    (s.samples()),
                    (s.failedPolls()),
                    s.madeMin(),
                    s.madeMax(),
                    s.madeMin() == null ? "" : s.exactExtremes() || !slots.hours() ? "exact" : "bounds");
        });
        csv.flush();
    }

    /** Local times with their offset: the hour from 02:00 to 03:00 on a fall-back night is there twice. */
    private static final java.time.format.DateTimeFormatter LOCAL =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mmxxx");

    /**
     * The shift report's rows: start and end in each row's own zone (named in the header when the rows share one),
     * lengths and planned time in hours.
     */
    void writeShifts(List<ShiftRow> rows, Writer out) {
        java.util.Set<java.time.ZoneId> zones = new java.util.HashSet<>();
        rows.stream().map(ShiftRow::zone).filter(java.util.Objects::nonNull).forEach(zones::add);
        String zone = zones.size() == 1 ? zones.iterator().next().getId() : "each factory's zone";
        Csv csv = new Csv(out);
        csv.row(
                "factory",
                "time zone",
                "production day",
                "shift",
                "start (" + zone + ")",
                "end (" + zone + ")",
                "length h",
                "planned h",
                "made",
                "rejected",
                "OEE %",
                "availability %",
                "performance %",
                "quality %",
                "planned busy s",
                "run s",
                "down min",
                "maintenance min",
                "idle min",
                "previous made",
                "previous OEE %",
                "week before made",
                "week before OEE %");
        for (ShiftRow r : rows) {
            Oee o = r.totals().oee();
            csv.row(
                    r.factoryId() == null ? "all" : r.factoryId(),
                    r.zone() == null ? "" : r.zone().getId(),
                    r.day().toString(),
                    r.name() == null ? "" : r.name(),
                    r.start() == null ? "" : LOCAL.format(r.start().atZone(r.zone())),
                    r.end() == null ? "" : LOCAL.format(r.end().atZone(r.zone())),
                    r.length() == null ? "" : (Object) hours(r.length()),
                    hours(r.planned()),
                    r.totals().made(),
                    r.totals().rejected(),
                    100 * o.oee(),
                    100 * o.availability(),
                    100 * o.performance(),
                    100 * o.quality(),
                    o.plannedSeconds(),
                    o.runSeconds(),
                    r.totals().downMinutes(),
                    r.totals().maintenanceMinutes(),
                    r.totals().idleMinutes(),
                    r.previous().made(),
                    100 * r.previous().oee().oee(),
                    r.weekBefore().made(),
                    100 * r.weekBefore().oee().oee());
        }
        csv.flush();
    }

    private static double hours(java.time.Duration d) {
        return d.toMinutes() / 60.0;
    }
}
