package io.meshportal.telemetry;

import io.meshportal.base.Csv;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.factory.Oee;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * History beyond the live hour, from the rollup tables: charts over any range up to the hour retention, downsampled
 * on the server to the chart's width (each bucket keeps its lowest and highest minute, so spikes survive), OEE for
 * any range from summed times and counts (ISO 22400), shift reports, and CSV export streamed row by row. Every read
 * is cut to what the viewer may see: a factory manager gets their own factory only.
 */
@Service
public class HistoryService {

    /** Above this many factory-minutes a chart reads hours instead (SQLite scans them in well under a second). */
    static final long MAX_MINUTE_ROWS = 1_500_000;

    private final RollupStore store;
    private final HistoryProperties properties;
    private final Clock clock;
    /** For a factory's own shift length; null in tests of the store alone. */
    private final TelemetryService telemetry;

    @org.springframework.beans.factory.annotation.Autowired
    HistoryService(RollupStore store, HistoryProperties properties, Clock clock, TelemetryService telemetry) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    HistoryService(RollupStore store, HistoryProperties properties, Clock clock) {
        this(store, properties, clock, null);
    }

    /** The longest a range may reach back. */
    public Duration retention() {
        return properties.hourRetention();
    }

    /** One bucket of a chart. Rates are units (or material) per minute; NaN where the bucket has no data. */
    public record Point(
            Instant at,
            double outputPerMinute,
            double outputMin,
            double outputMax,
            double materialPerMinute,
            double oeePercent) {}

    /** A chart's points and the bucket length they were made with. */
    public record Chart(List<Point> points, Duration step, boolean fromHours) {}

    /** Sums over a range: what was made, OEE with its factors, and how the time was spent. */
    public record Totals(
            long made,
            long rejected,
            Oee oee,
            double runningMinutes,
            double idleMinutes,
            double downMinutes,
            double maintenanceMinutes,
            long samples,
            long failedPolls) {}

    /**
     * @param factoryIds the factories to sum (null: every factory the viewer may see); ids the viewer may not see
     *                   are left out
     * @param buckets    how many points the chart has room for
     */
    public Chart chart(Viewer viewer, Collection<String> factoryIds, HistoryRange range, int buckets) {
        Collection<String> ids = scope(viewer, factoryIds);
        check(range);
        int n = Math.max(1, Math.min(buckets, 2000));
        boolean hours = useHours(range, ids);
        long slotMillis = hours ? 3_600_000L : 60_000L;
        long from = Math.floorDiv(range.from().toEpochMilli(), slotMillis);
        long to = Math.floorDiv(range.to().toEpochMilli() + slotMillis - 1, slotMillis);
        long step = Math.max(1, (to - from + n - 1) / n);
        int count = (int) ((to - from + step - 1) / step);
        double[] made = new double[count];
        double[] min = new double[count];
        double[] max = new double[count];
        double[] material = new double[count];
        double[][] oee = new double[count][5];
        int[] slots = new int[count];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
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
            slots[b]++;
        });
        List<Point> points = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            Instant at = Instant.ofEpochMilli((from + b * step) * slotMillis);
            if (slots[b] == 0) {
                points.add(new Point(at, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            } else {
                Oee o = Oee.of(oee[b][0], oee[b][1], oee[b][2], (long) oee[b][3], (long) oee[b][4]);
                points.add(new Point(
                        at,
                        made[b] / slots[b],
                        min[b],
                        max[b],
                        material[b] / slots[b],
                        oee[b][0] > 0 ? 100 * o.oee() : Double.NaN));
            }
        }
        return new Chart(points, Duration.ofMillis(step * slotMillis), hours);
    }

    /** Sums over the range (hours where the range is hour-aligned or older than the minutes kept, else minutes). */
    public Totals totals(Viewer viewer, Collection<String> factoryIds, HistoryRange range) {
        Collection<String> ids = scope(viewer, factoryIds);
        check(range);
        return sums(ids, range);
    }

    Totals sums(Collection<String> ids, HistoryRange range) {
        boolean hours = hourAligned(range) || !withinMinutes(range);
        long slotMillis = hours ? 3_600_000L : 60_000L;
        double[] t = new double[13];
        store.slots(
                hours,
                ids,
                Math.floorDiv(range.from().toEpochMilli(), slotMillis),
                Math.floorDiv(range.to().toEpochMilli() + slotMillis - 1, slotMillis),
                s -> {
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

    /**
     * One shift's figures with the shift before it and the same shift a week earlier.
     *
     * @param start the shift's start (shifts start at midnight UTC, as the factories count them)
     */
    public record ShiftRow(Instant start, Instant end, Totals shift, Totals previous, Totals weekBefore) {}

    /**
     * The shifts of one day (UTC), for one factory or (null) the viewer's whole fleet; shifts of
     * {@code meshportal.history.shift-hours}. A shift not yet begun is left out.
     */
    public List<ShiftRow> shifts(Viewer viewer, String factoryId, LocalDate day) {
        Collection<String> ids = scope(viewer, factoryId == null ? null : List.of(factoryId));
        Instant now = clock.instant();
        Duration shift = Duration.ofHours(shiftHours(viewer, factoryId));
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (dayStart.isAfter(now) || dayStart.isBefore(now.minus(retention()))) {
            throw new InvalidRequestException(java.util.Map.of(
                    "day", "A day from the last " + retention().toDays() + " days, not in the future"));
        }
        List<ShiftRow> rows = new ArrayList<>();
        for (Instant start = dayStart; start.isBefore(dayStart.plus(Duration.ofDays(1))); start = start.plus(shift)) {
            if (start.isAfter(now)) {
                break;
            }
            Instant end = start.plus(shift);
            rows.add(new ShiftRow(
                    start,
                    end,
                    sums(ids, new HistoryRange(start, end)),
                    sums(ids, new HistoryRange(start.minus(shift), start)),
                    sums(ids, new HistoryRange(start.minus(Duration.ofDays(7)), end.minus(Duration.ofDays(7))))));
        }
        return rows;
    }

    /** The factory's own shift length as it reports it; the configured one for the fleet or an older factory. */
    private int shiftHours(Viewer viewer, String factoryId) {
        if (factoryId == null || telemetry == null) {
            return properties.shiftHours();
        }
        return telemetry
                .factory(viewer, factoryId)
                .map(FactoryTelemetry::latest)
                .map(io.meshportal.factory.TelemetrySnapshot::shiftHours)
                .filter(h -> h != null && h > 0 && 24 % h == 0)
                .orElse(properties.shiftHours());
    }

    /**
     * Writes the range as CSV (RFC 4180), one row per slot with the sums of the factories asked for, read and
     * written row by row: a long range is streamed, never built in memory.
     */
    public void exportChart(Viewer viewer, Collection<String> factoryIds, HistoryRange range, Writer out) {
        Collection<String> ids = scope(viewer, factoryIds);
        check(range);
        boolean hours = useHours(range, ids);
        long slotMillis = hours ? 3_600_000L : 60_000L;
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
                "failed polls");
        String scope = ids == null ? "all" : String.join(" ", ids);
        store.slots(
                hours,
                ids,
                Math.floorDiv(range.from().toEpochMilli(), slotMillis),
                Math.floorDiv(range.to().toEpochMilli() + slotMillis - 1, slotMillis),
                s -> {
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
                            (s.failedPolls()));
                });
        csv.flush();
    }

    /** The shift report as CSV. */
    public void exportShifts(Viewer viewer, String factoryId, LocalDate day, Writer out) {
        List<ShiftRow> rows = shifts(viewer, factoryId, day);
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

    /** The ids a read covers: null means every factory (office roles asking for all). */
    private static Collection<String> scope(Viewer viewer, Collection<String> requested) {
        Viewer.signedIn(viewer);
        if (requested == null) {
            return viewer.seesAllFactories() ? null : List.of(viewer.factoryId());
        }
        if (requested.size() == 1) {
            viewer.requireCanSee(requested.iterator().next());
            return List.copyOf(requested);
        }
        return Set.copyOf(requested.stream().filter(viewer::canSee).toList());
    }

    private void check(HistoryRange range) {
        var problems = range.problems(clock.instant(), retention());
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private boolean useHours(HistoryRange range, Collection<String> ids) {
        long factories = ids == null ? 1 : Math.max(1, ids.size()); // the whole fleet reads its own sums
        return !withinMinutes(range) || range.span().toMinutes() * factories > MAX_MINUTE_ROWS;
    }

    private boolean withinMinutes(HistoryRange range) {
        return !range.from().isBefore(clock.instant().minus(properties.minuteRetention()));
    }

    private static boolean hourAligned(HistoryRange range) {
        return range.from().toEpochMilli() % 3_600_000L == 0 && range.to().toEpochMilli() % 3_600_000L == 0;
    }
}
