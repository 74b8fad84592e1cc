package io.meshportal.telemetry.rollup;

import io.meshportal.factory.TelemetrySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns counted increases into per-minute sums, booked to the minute of the later sample. While a factory runs
 * several versions, each version's own {@link Increase} is booked to the factory weighted by the version's share of
 * the plant (the rule in docs/ARCHITECTURE.md, "Versions counted, not mixed"), and unweighted to the version's own
 * minute. Sums are kept as fractions and rounded once, when the minute is closed. Not thread-safe: one caller at a
 * time (the telemetry tick books, the history writer closes, under one lock).
 */
public final class MinuteRecorder {

    private final Map<String, Acc> open = new LinkedHashMap<>();
    /**
     * What rounding a factory's counts to whole units left over, carried into its next minute: weighted sums are
     * often exactly x.5 at a 50 % split, and rounding each minute on its own would add half a unit a minute.
     */
    private final Map<String, double[]> carry = new java.util.HashMap<>();

    private final Map<String, VersionAcc> versions = new LinkedHashMap<>();

    /** One fresh reading of a factory in a round: a sample, with the factory's (weighted) output rate. */
    public void sample(String factoryId, long minute, double outputRate) {
        Acc a = acc(factoryId, minute);
        a.samples++;
        a.rateMin = Math.min(a.rateMin, outputRate);
        a.rateMax = Math.max(a.rateMax, outputRate);
    }

    /** A round in which the factory's poll failed. */
    public void failed(String factoryId, long minute) {
        acc(factoryId, minute).failedPolls++;
    }

    /**
     * Books one version's increase: {@code share} of it to the factory's minute, all of it to the version's own
     * minute (when {@code version} is not null).
     *
     * @param share the version's share of the plant, 0 to 1 (1 when the factory runs one version)
     */
    public void book(String factoryId, String version, double share, long minute, Increase inc) {
        if (share > 0) {
            Acc a = acc(factoryId, minute);
            inc.products().forEach((product, mr) -> {
                double[] p = a.products.computeIfAbsent(product, k -> new double[2]);
                p[0] += share * mr[0];
                p[1] += share * mr[1];
            });
            a.materialIn += share * inc.materialIn();
            a.plannedSeconds += share * inc.plannedSeconds();
            a.runSeconds += share * inc.runSeconds();
            a.idealSeconds += share * inc.idealSeconds();
            a.totalCount += share * inc.totalCount();
            a.goodCount += share * inc.goodCount();
            double seconds = share * inc.seconds();
            switch (inc.state()) {
                case RUNNING -> a.runningSeconds += seconds;
                case IDLE -> a.idleSeconds += seconds;
                case DOWN -> a.downSeconds += seconds;
                case MAINTENANCE -> a.maintenanceSeconds += seconds;
            }
        }
        if (version != null) {
            VersionAcc v = versions.computeIfAbsent(
                    factoryId + "|" + version + "|" + minute, k -> new VersionAcc(factoryId, version, minute));
            v.made += inc.made();
            v.rejected += inc.rejected();
            v.materialIn += inc.materialIn();
            v.plannedSeconds += inc.plannedSeconds();
            v.runSeconds += inc.runSeconds();
            v.idealSeconds += inc.idealSeconds();
            v.totalCount += inc.totalCount();
            v.goodCount += inc.goodCount();
            v.samples++;
            v.shareSum += share;
        }
    }

    /** One new sample of a factory running one version (prev: its previous sample, or null). */
    public void observe(String factoryId, TelemetrySnapshot snap, TelemetrySnapshot prev) {
        long minute = minute(snap.timestamp());
        sample(factoryId, minute, snap.outputRate());
        if (prev != null) {
            book(factoryId, null, 1, minute, Increase.between(prev, snap));
        }
    }

    /** Removes and returns every factory minute before {@code minute} (complete: no sample can still fall into it). */
    public List<MinuteRow> closeBefore(long minute) {
        List<MinuteRow> rows = new ArrayList<>();
        for (Iterator<Acc> it = open.values().iterator(); it.hasNext(); ) {
            Acc a = it.next();
            if (a.minute < minute) {
                rows.add(a.row(carry));
                it.remove();
            }
        }
        return rows;
    }

    /** Removes and returns every version minute before {@code minute}. */
    public List<VersionMinuteRow> closeVersionsBefore(long minute) {
        List<VersionMinuteRow> rows = new ArrayList<>();
        for (Iterator<VersionAcc> it = versions.values().iterator(); it.hasNext(); ) {
            VersionAcc v = it.next();
            if (v.minute < minute) {
                rows.add(v.row());
                it.remove();
            }
        }
        return rows;
    }

    /**
     * Removes and returns every minute held open for one factory, and drops its version minutes: what an ended life
     * of the factory id booked and was not written yet (it still counts for the fleet, not for the new life).
     */
    public List<MinuteRow> detach(String factoryId) {
        List<MinuteRow> rows = new ArrayList<>();
        for (Iterator<Acc> it = open.values().iterator(); it.hasNext(); ) {
            Acc a = it.next();
            if (a.factoryId.equals(factoryId)) {
                rows.add(a.row(carry));
                it.remove();
            }
        }
        versions.values().removeIf(v -> v.factoryId.equals(factoryId));
        carry.keySet().removeIf(k -> k.startsWith(factoryId + "|"));
        return rows;
    }

    /** Puts rows that could not be written back, so the next write retries them (their minutes add up). */
    public void reopen(List<MinuteRow> rows, List<VersionMinuteRow> versionRows) {
        for (MinuteRow r : rows) {
            Acc a = acc(r.factoryId(), r.slot());
            a.add(r);
        }
        for (VersionMinuteRow r : versionRows) {
            VersionAcc v = versions.computeIfAbsent(
                    r.factoryId() + "|" + r.version() + "|" + r.minute(),
                    k -> new VersionAcc(r.factoryId(), r.version(), r.minute()));
            v.made += r.made();
            v.rejected += r.rejected();
            v.materialIn += r.materialIn();
            v.plannedSeconds += r.plannedSeconds();
            v.runSeconds += r.runSeconds();
            v.idealSeconds += r.idealSeconds();
            v.totalCount += r.totalCount();
            v.goodCount += r.goodCount();
            v.shareSum += r.share() * r.samples();
            v.samples += r.samples();
        }
    }

    /** Minutes (factory and version) held open, for the retry's bound. */
    public int openMinutes() {
        return open.size() + versions.size();
    }

    /** Rounds {@code value} plus what earlier roundings of the same count left over, and keeps the new remainder. */
    static long rounded(Map<String, double[]> carry, String key, double value) {
        double[] c = carry.computeIfAbsent(key, k -> new double[1]);
        double exact = value + c[0];
        long whole = Math.round(exact);
        c[0] = exact - whole;
        return whole;
    }

    public static long minute(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), 60_000L);
    }

    private Acc acc(String factoryId, long minute) {
        return open.computeIfAbsent(factoryId + "|" + minute, k -> new Acc(factoryId, minute));
    }

    private static final class Acc {
        final String factoryId;
        final long minute;
        double materialIn;
        double plannedSeconds;
        double runSeconds;
        double idealSeconds;
        double totalCount;
        double goodCount;
        double runningSeconds;
        double idleSeconds;
        double downSeconds;
        double maintenanceSeconds;
        int samples;
        int failedPolls;
        double rateMin = Double.POSITIVE_INFINITY;
        double rateMax = Double.NEGATIVE_INFINITY;
        final Map<String, double[]> products = new LinkedHashMap<>();

        Acc(String factoryId, long minute) {
            this.factoryId = factoryId;
            this.minute = minute;
        }

        void add(MinuteRow r) {
            r.products().forEach((product, mr) -> {
                double[] p = products.computeIfAbsent(product, k -> new double[2]);
                p[0] += mr[0];
                p[1] += mr[1];
            });
            if (r.products().isEmpty()) { // rows without products (older callers) keep their totals
                double[] p = products.computeIfAbsent("", k -> new double[2]);
                p[0] += r.made();
                p[1] += r.rejected();
            }
            materialIn += r.materialIn();
            plannedSeconds += r.plannedSeconds();
            runSeconds += r.runSeconds();
            idealSeconds += r.idealSeconds();
            totalCount += r.totalCount();
            goodCount += r.goodCount();
            runningSeconds += r.runningSeconds();
            idleSeconds += r.idleSeconds();
            downSeconds += r.downSeconds();
            maintenanceSeconds += r.maintenanceSeconds();
            samples += r.samples();
            failedPolls += r.failedPolls();
            if (r.rateMin() != null) {
                rateMin = Math.min(rateMin, r.rateMin());
            }
            if (r.rateMax() != null) {
                rateMax = Math.max(rateMax, r.rateMax());
            }
        }

        MinuteRow row(Map<String, double[]> carry) {
            Map<String, long[]> rounded = new LinkedHashMap<>();
            long made = 0;
            long rejected = 0;
            for (Map.Entry<String, double[]> p : products.entrySet()) {
                long m = rounded(carry, factoryId + "|made|" + p.getKey(), p.getValue()[0]);
                long r = rounded(carry, factoryId + "|rejected|" + p.getKey(), p.getValue()[1]);
                made += m;
                rejected += r;
                if (!p.getKey().isEmpty()) {
                    rounded.put(p.getKey(), new long[] {m, r});
                }
            }
            return new MinuteRow(
                    factoryId,
                    minute,
                    made,
                    rejected,
                    materialIn,
                    plannedSeconds,
                    runSeconds,
                    idealSeconds,
                    rounded(carry, factoryId + "|total", totalCount),
                    rounded(carry, factoryId + "|good", goodCount),
                    runningSeconds,
                    idleSeconds,
                    downSeconds,
                    maintenanceSeconds,
                    samples,
                    failedPolls,
                    samples == 0 ? null : rateMin,
                    samples == 0 ? null : rateMax,
                    Map.copyOf(rounded));
        }
    }

    private static final class VersionAcc {
        final String factoryId;
        final String version;
        final long minute;
        long made;
        long rejected;
        double materialIn;
        double plannedSeconds;
        double runSeconds;
        double idealSeconds;
        long totalCount;
        long goodCount;
        int samples;
        double shareSum;

        VersionAcc(String factoryId, String version, long minute) {
            this.factoryId = factoryId;
            this.version = version;
            this.minute = minute;
        }

        VersionMinuteRow row() {
            return new VersionMinuteRow(
                    factoryId,
                    version,
                    minute,
                    made,
                    rejected,
                    materialIn,
                    plannedSeconds,
                    runSeconds,
                    idealSeconds,
                    totalCount,
                    goodCount,
                    samples,
                    samples == 0 ? 0 : shareSum / samples);
        }
    }
}
