package io.meshportal.telemetry.rollup;

import io.meshportal.factory.FactoryState;
import io.meshportal.factory.TelemetrySnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one version of a factory did between two of its own samples, from its counters. A counter restarts only
 * where the factory says so: the day's counters when {@link TelemetrySnapshot#countingSince()} moved on, OEE's when
 * {@link TelemetrySnapshot#shiftStart()} did; then the new value is the increase. A counter lower than before
 * without its marker having moved is not a reset: that counter adds nothing ({@link #decreased()} says so, the
 * caller logs and counts it) — so a sample from another version, or a wrong value, can never be booked as
 * production.
 *
 * @param products  product → {made, rejected}
 * @param materials material → amount in
 * @param seconds   time since the previous sample, at most {@link #MAX_GAP} (a gap is not invented as any state's time)
 * @param state     the state the later sample reports: the seconds are booked to it
 */
public record Increase(
        Map<String, long[]> products,
        Map<String, Double> materials,
        double plannedSeconds,
        double runSeconds,
        double idealSeconds,
        long totalCount,
        long goodCount,
        double seconds,
        FactoryState state,
        boolean decreased) {

    /** Longer than this between two samples is a gap: the time is not attributed to a state. */
    public static final Duration MAX_GAP = Duration.ofSeconds(5);

    public long made() {
        return products.values().stream().mapToLong(p -> p[0]).sum();
    }

    public long rejected() {
        return products.values().stream().mapToLong(p -> p[1]).sum();
    }

    public double materialIn() {
        return materials.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The increase from {@code prev} to {@code snap}, two samples of the same version. */
    public static Increase between(TelemetrySnapshot prev, TelemetrySnapshot snap) {
        boolean dayReset = moved(prev.countingSince(), snap.countingSince());
        boolean[] decreased = {false};
        Map<String, TelemetrySnapshot.Output> before = new HashMap<>();
        prev.outputs().forEach(o -> before.put(o.product(), o));
        Map<String, long[]> products = new LinkedHashMap<>();
        for (TelemetrySnapshot.Output o : snap.outputs()) {
            TelemetrySnapshot.Output p = before.get(o.product());
            long made = grown(o.total(), p == null ? 0 : p.total(), dayReset, decreased);
            long rejected = grown(o.rejected(), p == null ? 0 : p.rejected(), dayReset, decreased);
            products.put(o.product(), new long[] {made, rejected});
        }
        Map<String, Double> materialBefore = new HashMap<>();
        prev.inputs().forEach(i -> materialBefore.put(i.material(), i.total()));
        Map<String, Double> materials = new LinkedHashMap<>();
        for (TelemetrySnapshot.Input i : snap.inputs()) {
            double was = materialBefore.getOrDefault(i.material(), 0.0);
            double in;
            if (dayReset) {
                in = i.total();
            } else if (i.total() < was) {
                decreased[0] = true;
                in = 0;
            } else {
                in = i.total() - was;
            }
            materials.put(i.material(), in);
        }
        var o = snap.oee();
        var po = prev.oee();
        boolean shiftReset = moved(prev.shiftStart(), snap.shiftStart());
        double planned;
        double run;
        double ideal;
        long total;
        long good;
        if (shiftReset) {
            planned = o.plannedSeconds();
            run = o.runSeconds();
            ideal = o.idealSeconds();
            total = o.totalCount();
            good = o.goodCount();
        } else if (o.plannedSeconds() < po.plannedSeconds()
                || o.runSeconds() < po.runSeconds()
                || o.idealSeconds() < po.idealSeconds()
                || o.totalCount() < po.totalCount()) {
            decreased[0] = true;
            planned = run = ideal = 0;
            total = good = 0;
        } else {
            planned = o.plannedSeconds() - po.plannedSeconds();
            run = o.runSeconds() - po.runSeconds();
            ideal = o.idealSeconds() - po.idealSeconds();
            total = o.totalCount() - po.totalCount();
            // not clamped: the good count is whole units after rounding and may step back by one; the increases
            // add up to the counter's own difference either way
            good = o.goodCount() - po.goodCount();
        }
        double seconds = Math.min(
                        MAX_GAP.toMillis(),
                        Math.max(
                                0,
                                Duration.between(prev.timestamp(), snap.timestamp())
                                        .toMillis()))
                / 1000.0;
        return new Increase(products, materials, planned, run, ideal, total, good, seconds, snap.state(), decreased[0]);
    }

    private static boolean moved(java.time.Instant before, java.time.Instant now) {
        return before != null && now != null && now.isAfter(before);
    }

    private static long grown(long now, long before, boolean reset, boolean[] decreased) {
        if (reset) {
            return now;
        }
        if (now < before) {
            decreased[0] = true;
            return 0;
        }
        return now - before;
    }
}
