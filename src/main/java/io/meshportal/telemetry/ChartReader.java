package io.meshportal.telemetry;

import io.meshportal.factory.Oee;
import io.meshportal.telemetry.HistoryService.Chart;
import io.meshportal.telemetry.HistoryService.Extremes;
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
 * slots' rates and keeps its lowest and highest minute (so a spike or a ten-minute stoppage survives at every range),
 * and its OEE comes from the summed times and counts, not from averaged percentages. Reads of factories already cut
 * to what the viewer may see.
 *
 * <p>The lowest and highest minute of a bucket read from hours are the lowest and highest of its hours' own lowest
 * and highest minute (units made in one minute), stored with each hour: exact for one factory and for the whole
 * fleet (the fleet's hours keep the extremes of the fleet's minute sums). For several factories (a filtered chart
 * from hours) the lowest minute of their sum cannot be derived from each one's hours; the chart then shows the sum of
 * each factory's lowest minute, a lower bound (their sum never made less in any minute of the hour), and the sum of
 * their highest, an upper bound, and says so ({@link Extremes#BOUNDS}). An hour recorded without its extremes shows
 * its average ({@link Extremes#AVERAGES}).
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
        boolean[] bounds = {false};
        boolean[] averages = {false};
        store.chartSlots(hours, ids, from, to, s -> {
            int b = (int) ((s.slot() - from) / step);
            double rate = s.made() / minutesPerSlot;
            made[b] += rate;
            if (s.madeMin() != null && s.madeMax() != null) {
                min[b] = Math.min(min[b], s.madeMin());
                max[b] = Math.max(max[b], s.madeMax());
                bounds[0] |= hours && s.rows() > 1;
            } else {
                min[b] = Math.min(min[b], rate);
                max[b] = Math.max(max[b], rate);
                averages[0] = true;
            }
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
        Extremes extremes = averages[0] ? Extremes.AVERAGES : bounds[0] ? Extremes.BOUNDS : Extremes.EXACT;
        return new Chart(points, Duration.ofMillis(step * slotMillis), hours, extremes);
    }
}
