package io.meshportal.telemetry;

import io.meshportal.factory.Oee;
import io.meshportal.telemetry.HistoryService.Totals;
import io.meshportal.telemetry.rollup.RollupStore;
import java.util.Collection;

/**
 * Sums the rollup slots of a range: units made and rejected, OEE from the summed times and counts (ISO 22400, never
 * an average of percentages), and how the time was spent. Reads of factories already cut to what the viewer may
 * see.
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
        SlotPlanner.Slots slots = planner.forSums(range);
        double[] t = new double[13];
        store.slots(slots.hours(), ids, slots.from(), slots.to(), s -> {
            t[0] += s.made();
            t[1] += s.rejected();
            t[2] += s.plannedSeconds();
            t[3] += s.runSeconds();
            t[4] += s.idealSeconds();
            t[5] += s.totalCount();
            t[6] += s.goodCount();
            t[7] += s.runningSeconds();
            t[8] += s.idleSeconds();
            t[9] += s.downSeconds();
            t[10] += s.maintenanceSeconds();
            t[11] += s.samples();
            t[12] += s.failedPolls();
        });
        return new Totals(
                (long) t[0],
                (long) t[1],
                Oee.of(t[2], t[3], t[4], (long) t[5], (long) t[6]),
                t[7] / 60,
                t[8] / 60,
                t[9] / 60,
                t[10] / 60,
                (long) t[11],
                (long) t[12]);
    }
}
