package io.meshportal.factory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The factory as a pure function of (spec, time). Every minute gets a state and a speed derived from a hash of
 * (factory id, minute), so replicas agree, restarts lose nothing and scaling never changes the numbers.
 *
 * <p>Model per minute: a daily planned maintenance window (20 min, start seeded per day), a planned break in the
 * middle of each shift (10 min), unplanned stoppages (in 15 % of 15-minute blocks, 1-4 min), otherwise running at
 * 82-98 % of ideal speed with 0.5-4 % rejects. A version's {@link Tuning} stretches the cycle, sets the reject share
 * and the share of blocks with a stoppage. Material is delivered at every full hour, refilling stock to 125 %
 * of an hour's ideal consumption.
 *
 * <p>Counters are a pure function of time, so they start from zero only at 00:00 UTC (the day's totals) and at each
 * shift's start (OEE's times and counts); the snapshot says when, so a reader tells a reset from a wrong value.
 */
public final class Simulation {

    static final int MAINTENANCE_MINUTES = 20;
    static final int BREAK_MINUTES = 10;
    private static final long MINUTES_PER_DAY = 1440;

    private final FactorySpec spec;
    private final long seed;
    private final List<String> materials;

    public Simulation(FactorySpec spec) {
        this.spec = spec;
        this.seed = fnv1a(spec.id());
        this.materials =
                spec.lines().stream().map(ProductLine::material).distinct().toList();
    }

    public FactorySpec spec() {
        return spec;
    }

    public TelemetrySnapshot at(Instant time) {
        long epochMs = time.toEpochMilli();
        long minute = Math.floorDiv(epochMs, 60_000L);
        double fraction = Math.floorMod(epochMs, 60_000L) / 60_000.0;
        long dayStart = Math.floorDiv(minute, MINUTES_PER_DAY) * MINUTES_PER_DAY;
        long shiftLength = spec.shiftHours() * 60L;
        long shiftStart = dayStart + (minute - dayStart) / shiftLength * shiftLength;
        long hourStart = minute / 60 * 60;

        Window day = window(dayStart, minute, fraction);
        Window shift = window(shiftStart, minute, fraction);
        Window hour = window(hourStart, minute, fraction);

        FactoryState state = stateAt(minute);
        double speed = state == FactoryState.RUNNING ? performanceAt(minute) : 0;

        List<TelemetrySnapshot.Output> outputs = new ArrayList<>();
        Map<String, double[]> input = new LinkedHashMap<>(); // material -> {rate, total, hourConsumed, hourIdeal}
        for (String material : materials) {
            input.put(material, new double[4]);
        }
        for (int i = 0; i < spec.lines().size(); i++) {
            ProductLine line = spec.lines().get(i);
            double rate = line.idealPerMinute() * speed;
            outputs.add(new TelemetrySnapshot.Output(
                    line.product(), line.unit(), round(rate), (long) day.produced[i], (long) day.rejected[i]));
            double[] in = input.get(line.material());
            in[0] += rate * line.materialPerUnit();
            in[1] += day.produced[i] * line.materialPerUnit();
            in[2] += hour.produced[i] * line.materialPerUnit();
            in[3] += line.idealPerMinute() * 60 * line.materialPerUnit();
        }
        List<TelemetrySnapshot.Input> inputs = new ArrayList<>();
        input.forEach((material, in) -> inputs.add(new TelemetrySnapshot.Input(
                material, materialUnit(material), round(in[0]), round(in[1]), round(1.25 * in[3] - in[2]))));

        return new TelemetrySnapshot(
                spec.id(),
                spec.name(),
                spec.country(),
                spec.version(),
                Instant.ofEpochMilli(epochMs),
                state,
                List.copyOf(inputs),
                List.copyOf(outputs),
                shift.oee(),
                spec.shiftHours(),
                Instant.ofEpochMilli(dayStart * 60_000L),
                Instant.ofEpochMilli(shiftStart * 60_000L));
    }

    /** The state of the given epoch minute. */
    FactoryState stateAt(long minute) {
        long day = Math.floorDiv(minute, MINUTES_PER_DAY);
        long minuteOfDay = minute - day * MINUTES_PER_DAY;
        long maintenanceStart = 60 + (long) (uniform(day, 1) * (MINUTES_PER_DAY - 120));
        if (minuteOfDay >= maintenanceStart && minuteOfDay < maintenanceStart + MAINTENANCE_MINUTES) {
            return FactoryState.MAINTENANCE;
        }
        long shiftLength = spec.shiftHours() * 60L;
        long inShift = minuteOfDay % shiftLength;
        if (inShift >= shiftLength / 2 && inShift < shiftLength / 2 + BREAK_MINUTES) {
            return FactoryState.IDLE;
        }
        long block = Math.floorDiv(minute, 15);
        if (uniform(block, 2) < spec.tuning().stoppageRate()) {
            long start = block * 15 + (long) (uniform(block, 3) * 10);
            long length = 1 + (long) (uniform(block, 4) * 4);
            if (minute >= start && minute < start + length) {
                return FactoryState.DOWN;
            }
        }
        return FactoryState.RUNNING;
    }

    double performanceAt(long minute) {
        return (0.82 + 0.16 * uniform(minute, 5)) / spec.tuning().cycleTimeFactor();
    }

    double rejectRateAt(long minute) {
        Double mean = spec.tuning().rejectRate();
        if (mean == null) {
            return 0.005 + 0.035 * uniform(minute, 6);
        }
        return Math.min(1, mean * (0.5 + uniform(minute, 6)));
    }

    private Window window(long fromMinute, long currentMinute, double currentFraction) {
        Window w = new Window(spec.lines().size());
        for (long m = fromMinute; m <= currentMinute; m++) {
            double share = m == currentMinute ? currentFraction : 1.0;
            if (share > 0) {
                w.add(m, share);
            }
        }
        return w;
    }

    private String materialUnit(String material) {
        return spec.lines().stream()
                .filter(l -> l.material().equals(material))
                .findFirst()
                .map(ProductLine::materialUnit)
                .orElse("");
    }

    /** Sums of one time window: produced and rejected per line, planned and run equipment-time, ideal time. */
    private final class Window {
        final double[] produced;
        final double[] rejected;
        double plannedSeconds;
        double runSeconds;
        double idealSeconds;

        Window(int lines) {
            produced = new double[lines];
            rejected = new double[lines];
        }

        void add(long minute, double share) {
            FactoryState state = stateAt(minute);
            if (state == FactoryState.IDLE || state == FactoryState.MAINTENANCE) {
                return;
            }
            int lineCount = produced.length;
            plannedSeconds += 60 * share * lineCount;
            if (state != FactoryState.RUNNING) {
                return;
            }
            runSeconds += 60 * share * lineCount;
            double speed = performanceAt(minute);
            double rejectRate = rejectRateAt(minute);
            for (int i = 0; i < lineCount; i++) {
                ProductLine line = spec.lines().get(i);
                double units = line.idealPerMinute() * speed * share;
                produced[i] += units;
                rejected[i] += units * rejectRate;
                // ideal time per unit on a line with n stations is cycle / n
                idealSeconds += units * line.idealCycleSeconds() / line.stations();
            }
        }

        Oee oee() {
            long total = 0;
            long good = 0;
            for (int i = 0; i < produced.length; i++) {
                long t = (long) produced[i];
                long r = Math.min(t, (long) rejected[i]);
                total += t;
                good += t - r;
            }
            return Oee.of(round(plannedSeconds), round(runSeconds), round(idealSeconds), total, good);
        }
    }

    /** Deterministic uniform number in [0, 1) for (factory, slot, salt): splitmix64 finaliser. */
    double uniform(long slot, int salt) {
        long z = seed ^ (slot * 0x9E3779B97F4A7C15L) ^ (salt * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
