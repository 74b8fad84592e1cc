package io.meshportal.telemetry;

import io.meshportal.telemetry.HistoryService.ProductChart;
import io.meshportal.telemetry.HistoryService.ProductPoint;
import io.meshportal.telemetry.HistoryService.ProductTotals;
import io.meshportal.telemetry.rollup.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Output and rejects per product, from the per-product rollups the recorder writes beside each minute and hour:
 * a chart per product (mean units per minute in each bucket), and totals per product over a range.
 */
final class ProductHistory {

    private final RollupStore store;
    private final SlotPlanner planner;

    ProductHistory(RollupStore store, SlotPlanner planner) {
        this.store = store;
        this.planner = planner;
    }

    ProductChart chart(Collection<String> ids, HistoryRange range, int buckets) {
        int n = Math.max(1, Math.min(buckets, ChartReader.MAX_BUCKETS));
        SlotPlanner.Slots slots = planner.forChart(range, ids);
        long from = slots.from();
        long to = slots.to();
        long step = Math.max(1, (to - from + n - 1) / n);
        int count = (int) ((to - from + step - 1) / step);
        double minutesPerSlot = slots.hours() ? 60 : 1;
        Map<String, double[][]> sums = new TreeMap<>(); // product → {made, rejected, slots} per bucket
        store.productSlots(slots.hours(), ids, from, to, s -> {
            double[][] p = sums.computeIfAbsent(s.product(), k -> new double[3][count]);
            int b = (int) ((s.slot() - from) / step);
            p[0][b] += s.made() / minutesPerSlot;
            p[1][b] += s.rejected() / minutesPerSlot;
            p[2][b]++;
        });
        Map<String, List<ProductPoint>> series = new LinkedHashMap<>();
        sums.forEach((product, p) -> {
            List<ProductPoint> points = new ArrayList<>(count);
            for (int b = 0; b < count; b++) {
                Instant at = Instant.ofEpochMilli((from + b * step) * slots.slotMillis());
                points.add(
                        p[2][b] == 0
                                ? new ProductPoint(at, Double.NaN, Double.NaN)
                                : new ProductPoint(at, p[0][b] / p[2][b], p[1][b] / p[2][b]));
            }
            series.put(product, List.copyOf(points));
        });
        return new ProductChart(series, Duration.ofMillis(step * slots.slotMillis()), slots.hours());
    }

    /** One row per slot and product: time (UTC), the factories, product, made, rejected. */
    void export(Collection<String> ids, HistoryRange range, java.io.Writer out) {
        SlotPlanner.Slots slots = planner.forChart(range, ids);
        io.meshportal.base.Csv csv = new io.meshportal.base.Csv(out);
        csv.row("time (UTC)", "factories", "product", "made", "rejected");
        String scope = String.join(" ", ids);
        store.productSlots(
                slots.hours(),
                ids,
                slots.from(),
                slots.to(),
                s -> csv.row(
                        Instant.ofEpochMilli(s.slot() * slots.slotMillis()).toString(),
                        scope,
                        s.product(),
                        s.made(),
                        s.rejected()));
        csv.flush();
    }

    /** Units made and rejected per product over the range (hours where the range allows, else minutes). */
    List<ProductTotals> totals(Collection<String> ids, HistoryRange range) {
        SlotPlanner.Slots slots = planner.forSums(range);
        Map<String, long[]> sums = new TreeMap<>();
        store.productSlots(slots.hours(), ids, slots.from(), slots.to(), s -> {
            long[] p = sums.computeIfAbsent(s.product(), k -> new long[2]);
            p[0] += s.made();
            p[1] += s.rejected();
        });
        List<ProductTotals> result = new ArrayList<>();
        sums.forEach((product, p) -> result.add(new ProductTotals(product, p[0], p[1])));
        return result;
    }
}
