package io.meshportal.telemetry;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.factory.Oee;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * History beyond the live hour, from the rollup tables: charts over any range up to the hour retention, downsampled
 * on the server to the chart's width ({@link ChartReader}), OEE for any range from summed times and counts
 * ({@link RangeSums}), shift reports ({@link ShiftReport}), and CSV export streamed row by row
 * ({@link HistoryCsv}). This is the one door to them: every read is checked and cut here to what the viewer may
 * see (a factory manager gets their own factory only). What is recorded into the tables is {@link HistoryRecorder}'s
 * job.
 */
@Service
public class HistoryService {

    private final HistoryProperties properties;
    private final Clock clock;
    private final ChartReader charts;
    private final RangeSums sums;
    private final ShiftReport shiftReport;
    private final HistoryCsv csv;

    @org.springframework.beans.factory.annotation.Autowired
    HistoryService(RollupStore store, HistoryProperties properties, Clock clock, TelemetryService telemetry) {
        this.properties = properties;
        this.clock = clock;
        SlotPlanner planner = new SlotPlanner(properties, clock);
        this.charts = new ChartReader(store, planner);
        this.sums = new RangeSums(store, planner);
        this.shiftReport = new ShiftReport(sums, properties, clock, telemetry);
        this.csv = new HistoryCsv(store, planner);
    }

    /** Without the telemetry service: shifts are of the configured length (tests of the store alone). */
    HistoryService(RollupStore store, HistoryProperties properties, Clock clock) {
        this(store, properties, clock, null);
    }

    /** The longest a range may reach back. */
    public Duration retention() {
        return properties.hourRetention();
    }

    /**
     * One bucket of a chart. Rates are units (or material) per minute; NaN where the bucket has no data.
     *
     * @param outputMin the bucket's lowest minute: the fewest units made in one minute (what it is: {@link Extremes})
     * @param outputMax the bucket's highest minute
     */
    public record Point(
            Instant at,
            double outputPerMinute,
            double outputMin,
            double outputMax,
            double materialPerMinute,
            double oeePercent) {}

    /** A chart's points, the bucket length they were made with, and what their lowest and highest minute are. */
    public record Chart(List<Point> points, Duration step, boolean fromHours, Extremes extremes) {}

    /** What a chart's lowest and highest minute ({@link Point#outputMin}, {@link Point#outputMax}) are. */
    public enum Extremes {
        /**
         * Each bucket's own lowest and highest minute of what the chart sums: read from minutes, or from the hours
         * of one factory or of the whole fleet (each hour keeps its lowest and highest minute).
         */
        EXACT,
        /**
         * Read from the hours of several factories, where the lowest minute of their sum is not stored: the lowest
         * is the sum of each factory's lowest minute (their sum never made less in a minute of that hour), the
         * highest the sum of their highest (never more). A stoppage shows; the band may be wider than it was.
         */
        BOUNDS,
        /**
         * Some hours were recorded without their lowest and highest minute (before they were kept, their minutes
         * since deleted): those hours show their average as both, so a short stoppage within them does not show.
         */
        AVERAGES
    }

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
        return charts.read(ids, range, buckets);
    }

    /** Sums over the range (hours where the range is hour-aligned or older than the minutes kept, else minutes). */
    public Totals totals(Viewer viewer, Collection<String> factoryIds, HistoryRange range) {
        Collection<String> ids = scope(viewer, factoryIds);
        check(range);
        return sums.sum(ids, range);
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
        return shiftReport.shifts(viewer, ids, factoryId, day);
    }

    /**
     * Writes the range as CSV (RFC 4180), one row per slot with the sums of the factories asked for, read and
     * written row by row: a long range is streamed, never built in memory.
     */
    public void exportChart(Viewer viewer, Collection<String> factoryIds, HistoryRange range, Writer out) {
        Collection<String> ids = scope(viewer, factoryIds);
        check(range);
        csv.writeChart(ids, range, out);
    }

    /** The shift report as CSV. */
    public void exportShifts(Viewer viewer, String factoryId, LocalDate day, Writer out) {
        csv.writeShifts(factoryId, shifts(viewer, factoryId, day), out);
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
}
