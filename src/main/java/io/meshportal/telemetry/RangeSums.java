package io.meshportal.telemetry;

import io.meshportal.factory.Oee;
import io.meshportal.telemetry.HistoryService.Totals;
import io.meshportal.telemetry.rollup.RollupStore;
import io.meshportal.telemetry.rollup.RollupStore.Sums;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Sums the rollup slots of a range: units made and rejected, OEE from the summed times and counts (ISO 22400, never
 * an average of percentages), and how the time was spent. Reads of factories already cut to what the viewer may
 * see. A range that cuts an hour (a half-hour break, a shift from 05:30 in a zone half an hour off UTC, read from
 * the hours once the minutes are gone) counts that hour's share, not the whole hour; a cut minute counts whole.
 */
final class RangeSums {

    private final RollupStore store;
    private final SlotPlanner planner;

    RangeSums(RollupStore store, SlotPlanner planner) {
        this.store = store;
        this.planner = planner;
    }

    /** @param ids the factories to sum (null: every factory) */
    Totals sum(Collection<String> ids, HistoryRange range) {
        Sums s = raw(ids, range);
        return totals(s, s);
    }

    /** The range's sums of the factories together (null: every factory, from the fleet's own sums). */
    Sums raw(Collection<String> ids, HistoryRange range) {
        Sums[] out = {Sums.ZERO};
        read(ids, false, range, (id, s) -> out[0] = s);
        return out[0];
    }

    /** The range's sums of each factory on its own; a factory without rows in the range is left out. */
    Map<String, Sums> perFactory(Collection<String> ids, HistoryRange range) {
        Map<String, Sums> out = new HashMap<>();
        read(ids, true, range, out::put);
        return out;
    }

    /**
     * Totals from sums: what was made and how the time went from {@code whole}, OEE from {@code oee} (the same
     * range without its planned breaks, whose minutes are no planned time).
     */
    static Totals totals(Sums whole, Sums oee) {
        return new Totals(
                Math.round(whole.made()),
                Math.round(whole.rejected()),
                Oee.of(
                        Math.max(0, oee.plannedSeconds()),
                        Math.max(0, oee.runSeconds()),
                        Math.max(0, oee.idealSeconds()),
                        Math.max(0, Math.round(oee.totalCount())),
                        Math.max(0, Math.round(oee.goodCount()))),
                whole.runningSeconds() / 60,
                whole.idleSeconds() / 60,
                whole.downSeconds() / 60,
                whole.maintenanceSeconds() / 60,
                Math.round(whole.samples()),
                Math.round(whole.failedPolls()));
    }

    private void read(
            Collection<String> ids,
            boolean perFactory,
            HistoryRange range,
            java.util.function.BiConsumer<String, Sums> each) {
        SlotPlanner.Slots slots = planner.forSums(range);
        long slotMillis = slots.slotMillis();
        long from = range.from().toEpochMilli();
        long to = range.to().toEpochMilli();
        store.sums(
                slots.hours(),
                ids,
                perFactory,
                slots.from(),
                slots.to(),
                // a minute is the history's finest step: a range that cuts one counts it whole
                slots.hours() ? share(slots.from(), slotMillis, from, to) : 1.0,
                slots.hours() ? share(slots.to() - 1, slotMillis, from, to) : 1.0,
                each);
    }

    /** The share of slot {@code slot} that [from, to) covers. */
    private static double share(long slot, long slotMillis, long from, long to) {
        long start = slot * slotMillis;
        long covered = Math.min(to, start + slotMillis) - Math.max(from, start);
        return Math.max(0, Math.min(1, covered / (double) slotMillis));
    }
}
