package io.meshportal.telemetry;

import io.meshportal.factory.Oee;
import io.meshportal.telemetry.HistoryService.Chart;
import io.meshportal.telemetry.HistoryService.Point;
import io.meshportal.telemetry.rollup.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Reads a chart from the rollup tables, downsampled on the server to the chart's width: each bucket averages its
 * slots' rates and keeps the lowest and highest slot (so a spike survives), and its OEE comes from the summed times
 * and counts, not from averaged percentages. Reads of factories already cut to what the viewer may see.
 */
final class ChartReader {

    /** The most points a chart gets, whatever width it asks for. */
    static final int MAX_BUCKETS = 2000;

    private final RollupStore store;
    private final SlotPlanner planner;

    ChartReader(RollupStore store, SlotPlanner planner) {
        this.store = store;
        this.planner = planner;
    }

    /**
     * @param ids     the factories to sum (null: every factory)
     * @param buckets how many points the chart has room for
     */
    Chart read(Collection<String> ids, HistoryRange range, int buckets) {
        int n = Math.max(1, Math.min(buckets, MAX_BUCKETS));
        SlotPlanner.Slots slots = planner.forChart(range, ids);
        boolean hours = slots.hours();
        long slotMillis = slots.slotMillis();
        long from = slots.from();
        long to = slots.to();
        long step = Math.max(1, (to - from + n - 1) / n);
        int count = (int) ((to - from + step - 1) / step);
        double[] made = new double[count];
        double[] min = new double[count];
        double[] max = new double[count];
        double[] material = new double[count];
        double[][] oee = new double[count][5];
        int[] filled = new int[count];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double minutesPerSlot = hours ? 60 : 1;
        store.slots(hours, ids, from, to, s -> {
            int b = (int) ((s.slot() - from) / step);
            double rate = s.made() / minutesPerSlot;
            made[b] += rate;
            min[b] = Math.min(min[b], rate);
            max[b] = Math.max(max[b], rate);
            material[b] += s.materialIn() / minutesPerSlot;
            oee[b][0] += s.plannedSeconds();
            oee[b][1] += s.runSeconds();
            oee[b][2] += s.idealSeconds();
            oee[b][3] += s.totalCount();
            oee[b][4] += s.goodCount();
            filled[b]++;
        });
        List<Point> points = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            Instant at = Instant.ofEpochMilli((from + b * step) * slotMillis);
            if (filled[b] == 0) {
                points.add(new Point(at, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            } else {
                Oee o = Oee.of(oee[b][0], oee[b][1], oee[b][2], (long) oee[b][3], (long) oee[b][4]);
                points.add(new Point(
                        at,
                        made[b] / filled[b],
                        min[b],
                        max[b],
                        material[b] / filled[b],
                        oee[b][0] > 0 ? 100 * o.oee() : Double.NaN));
            }
        }
        return new Chart(points, Duration.ofMillis(step * slotMillis), hours);
    }
}
