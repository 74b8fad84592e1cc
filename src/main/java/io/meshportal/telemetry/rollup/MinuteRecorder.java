package io.meshportal.telemetry.rollup;

import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.telemetry.FactoryTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the polled snapshots into per-minute sums. A factory reports running totals (units since midnight, OEE's
 * times and counts since the shift began); the growth between two consecutive samples is what happened in between,
 * booked to the minute of the later one. A total that went down was reset (a new day or shift): its new value is
 * the growth. Time between samples counts for the state the later sample reports, at most {@link #MAX_GAP} (a gap
 * is not invented as running time). Not thread-safe: one caller, the telemetry tick.
 */
public final class MinuteRecorder {

    /** Longer than this between two samples is a gap: the time is not attributed to a state. */
    static final Duration MAX_GAP = Duration.ofSeconds(5);

    private final Map<String, TelemetrySnapshot> last = new HashMap<>();
    private final Map<String, Acc> open = new LinkedHashMap<>();

    /** One tick: every factory's latest snapshot and whether its last poll failed. */
    public void observe(List<FactoryTelemetry> factories, Instant at) {
        for (FactoryTelemetry f : factories) {
            TelemetrySnapshot snap = f.latest();
            TelemetrySnapshot prev = last.get(f.id());
            boolean fresh = snap != null && (prev == null || snap.timestamp().isAfter(prev.timestamp()));
            if (!fresh) {
                if (f.health().lastError() != null) {
                    acc(f.id(), minute(at)).failedPolls++;
                }
                continue;
            }
            observe(f.id(), snap, prev);
            last.put(f.id(), snap);
        }
    }

    /** One new sample of one factory (prev: its previous sample, or null). */
    public void observe(String factoryId, TelemetrySnapshot snap, TelemetrySnapshot prev) {
        Acc a = acc(factoryId, minute(snap.timestamp()));
        a.samples++;
        double rate = snap.outputRate();
        a.rateMin = Math.min(a.rateMin, rate);
        a.rateMax = Math.max(a.rateMax, rate);
        if (prev == null) {
            return;
        }
        Map<String, TelemetrySnapshot.Output> before = new HashMap<>();
        prev.outputs().forEach(o -> before.put(o.product(), o));
        for (TelemetrySnapshot.Output o : snap.outputs()) {
            TelemetrySnapshot.Output p = before.get(o.product());
            long made = growth(o.total(), p == null ? 0 : p.total());
            long rejected = growth(o.rejected(), p == null ? 0 : p.rejected());
            a.made += made;
            a.rejected += rejected;
            long[] product = a.products.computeIfAbsent(o.product(), k -> new long[2]);
            product[0] += made;
            product[1] += rejected;
        }
        Map<String, Double> materialBefore = new HashMap<>();
        prev.inputs().forEach(i -> materialBefore.put(i.material(), i.total()));
        for (TelemetrySnapshot.Input i : snap.inputs()) {
            a.materialIn += growth(i.total(), materialBefore.getOrDefault(i.material(), 0.0));
        }
        var o = snap.oee();
        var po = prev.oee();
        boolean shiftReset = o.plannedSeconds() < po.plannedSeconds() || o.totalCount() < po.totalCount();
        a.plannedSeconds += shiftReset ? o.plannedSeconds() : o.plannedSeconds() - po.plannedSeconds();
        a.runSeconds += shiftReset ? o.runSeconds() : o.runSeconds() - po.runSeconds();
        a.idealSeconds += shiftReset ? o.idealSeconds() : o.idealSeconds() - po.idealSeconds();
        a.totalCount += shiftReset ? o.totalCount() : o.totalCount() - po.totalCount();
        // not clamped: the reported good count is whole units after rounding and may step back by one; the
        // growths add up to the counter's own difference either way
        a.goodCount += shiftReset ? o.goodCount() : o.goodCount() - po.goodCount();
        double seconds = Math.min(
                        MAX_GAP.toMillis(),
                        Duration.between(prev.timestamp(), snap.timestamp()).toMillis())
                / 1000.0;
        switch (snap.state()) {
            case RUNNING -> a.runningSeconds += seconds;
            case IDLE -> a.idleSeconds += seconds;
            case DOWN -> a.downSeconds += seconds;
            case MAINTENANCE -> a.maintenanceSeconds += seconds;
        }
    }

    private static long growth(long now, long before) {
        return now >= before ? now - before : now;
    }

    private static double growth(double now, double before) {
        return now >= before ? now - before : now;
    }

    /** Removes and returns every minute before {@code minute} (complete: no sample can still fall into it). */
    public List<MinuteRow> closeBefore(long minute) {
        List<MinuteRow> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, Acc>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Acc a = it.next().getValue();
            if (a.minute < minute) {
                rows.add(a.row());
                it.remove();
            }
        }
        return rows;
    }

    /** Forgets factories no longer in the fleet. */
    public void retain(java.util.Set<String> factoryIds) {
        last.keySet().retainAll(factoryIds);
    }

    static long minute(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), 60_000L);
    }

    private Acc acc(String factoryId, long minute) {
        return open.computeIfAbsent(factoryId + "|" + minute, k -> new Acc(factoryId, minute));
    }

    private static final class Acc {
        final String factoryId;
        final long minute;
        long made;
        long rejected;
        double materialIn;
        double plannedSeconds;
        double runSeconds;
        double idealSeconds;
        long totalCount;
        long goodCount;
        double runningSeconds;
        double idleSeconds;
        double downSeconds;
        double maintenanceSeconds;
        int samples;
        int failedPolls;
        double rateMin = Double.POSITIVE_INFINITY;
        double rateMax = Double.NEGATIVE_INFINITY;
        final Map<String, long[]> products = new LinkedHashMap<>();

        Acc(String factoryId, long minute) {
            this.factoryId = factoryId;
            this.minute = minute;
        }

        MinuteRow row() {
            return new MinuteRow(
                    factoryId,
                    minute,
                    made,
                    rejected,
                    materialIn,
                    plannedSeconds,
                    runSeconds,
                    idealSeconds,
                    totalCount,
                    goodCount,
                    runningSeconds,
                    idleSeconds,
                    downSeconds,
                    maintenanceSeconds,
                    samples,
                    failedPolls,
                    samples == 0 ? null : rateMin,
                    samples == 0 ? null : rateMax,
                    Map.copyOf(products));
        }
    }
}
