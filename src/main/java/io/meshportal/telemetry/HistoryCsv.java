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

    /** The shift report's rows, for one factory or (null) the fleet. */
    void writeShifts(String factoryId, List<ShiftRow> rows, Writer out) {
        Csv csv = new Csv(out);
        csv.row(
                "factory",
                "shift start (UTC)",
                "shift end (UTC)",
                "made",
                "rejected",
                "OEE %",
                "availability %",
                "performance %",
                "quality %",
                "down min",
                "maintenance min",
                "idle min",
                "previous shift made",
                "previous shift OEE %",
                "week before made",
                "week before OEE %");
        for (ShiftRow r : rows) {
            csv.row(
                    factoryId == null ? "fleet" : factoryId,
                    r.start().toString(),
                    r.end().toString(),
                    (r.shift().made()),
                    (r.shift().rejected()),
                    (100 * r.shift().oee().oee()),
                    (100 * r.shift().oee().availability()),
                    (100 * r.shift().oee().performance()),
                    (100 * r.shift().oee().quality()),
                    (r.shift().downMinutes()),
                    (r.shift().maintenanceMinutes()),
                    (r.shift().idleMinutes()),
                    (r.previous().made()),
                    (100 * r.previous().oee().oee()),
                    (r.weekBefore().made()),
                    (100 * r.weekBefore().oee().oee()));
        }
        csv.flush();
    }
}
