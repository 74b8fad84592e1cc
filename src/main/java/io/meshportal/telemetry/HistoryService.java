package io.meshportal.telemetry;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.calendar.FactoryTimes;
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
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * History beyond the live hour, from the rollup tables: charts over any range up to the hour retention, downsampled
 * on the server to the chart's width ({@link ChartReader}), OEE for any range from summed times and counts
 * ({@link RangeSums}), shift reports in each factory's own zone and shift calendar ({@link ShiftReport}), and CSV
 * export streamed row by row ({@link HistoryCsv}). This is the one door to them: every read is checked and cut here to what the viewer may
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
    private final RollupStore store;
    private final ProductHistory products;

    @org.springframework.beans.factory.annotation.Autowired
    HistoryService(
            RollupStore store,
            HistoryProperties properties,
            Clock clock,
            FactoryTimes times,
            io.meshportal.fleet.FactorySource fleet) {
        this(store, properties, clock, times, () -> fleet.factories().stream()
                .map(io.meshportal.fleet.FactoryRef::id)
                .toList());
    }

    /** @param fleet every factory's id (tests of the store alone give their own) */
    HistoryService(
            RollupStore store,
            HistoryProperties properties,
            Clock clock,
            FactoryTimes times,
            java.util.function.Supplier<Collection<String>> fleet) {
        this.properties = properties;
        this.clock = clock;
        SlotPlanner planner = new SlotPlanner(properties, clock);
        this.charts = new ChartReader(store, planner);
        this.sums = new RangeSums(store, planner);
        this.shiftReport = new ShiftReport(sums, properties, clock, times, fleet);
        this.csv = new HistoryCsv(store, planner);
        this.store = store;
        this.products = new ProductHistory(store, planner);
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
     * One row of the shift report: a shift of a factory's production day, or in the fleet's report a factory's
     * whole production day or (first) the sum of those days; beside the one before it and the same one a week
     * earlier. Start and end are instants; shown in {@code zone}, the factory's own.
     *
     * @param factoryId null for the fleet's sum of each factory's own day
     * @param name      the shift's name as its calendar has it; null for a whole production day
     * @param zone      the factory's time zone; null for the fleet's sum
     * @param day       the production day (it starts with the first shift, in the factory's zone)
     * @param start     null for the fleet's sum, as are {@code end} and {@code length}
     * @param length    8 h for an eight-hour shift, 7 h or 9 h across a clock change
     * @param planned   planned time by the calendar: the length without the planned breaks (the fleet's: summed)
     * @param totals    OEE from the sums without the planned breaks' minutes; made, rejected and the minutes per
     *                  state from the whole shift or day
     * @param previous  the shift before (the night shift of the day before for the first), or the day before
     */
    public record ShiftRow(
            String factoryId,
            String name,
            java.time.ZoneId zone,
            LocalDate day,
            Instant start,
            Instant end,
            Duration length,
            Duration planned,
            Totals totals,
            Totals previous,
            Totals weekBefore) {}

    /**
     * The shifts of production day {@code day} of one factory, in its zone and shift calendar (a shift not yet
     * begun is left out); or (null) the viewer's fleet: each factory's own production day {@code day}, and first
     * their sum.
     */
    public List<ShiftRow> shifts(Viewer viewer, String factoryId, LocalDate day) {
        Collection<String> ids = scope(viewer, factoryId == null ? null : List.of(factoryId));
        return shiftReport.shifts(ids, factoryId, day);
    }

    /**
     * The production day a report opens on: the factory's current one in its zone; for the viewer's fleet the
     * earliest of theirs (the latest day every one of its factories has begun).
     */
    public LocalDate today(Viewer viewer, String factoryId) {
        Collection<String> ids = scope(viewer, factoryId == null ? null : List.of(factoryId));
        return shiftReport.today(ids, factoryId);
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
        csv.writeShifts(shifts(viewer, factoryId, day), out);
    }

    /** The most factories a per-product read covers (per-product rows are kept per factory, not for the fleet). */
    public static final int MAX_PRODUCT_FACTORIES = 100;

    /** One bucket of one product: mean units made and rejected per minute; NaN where the bucket has no data. */
    public record ProductPoint(Instant at, double madePerMinute, double rejectedPerMinute) {}

    /** A chart per product, with the bucket length. */
    public record ProductChart(Map<String, List<ProductPoint>> products, Duration step, boolean fromHours) {}

    /** One product's units over a range. */
    public record ProductTotals(String product, long made, long rejected) {}

    /**
     * Output and rejects per product over the range, for up to {@link #MAX_PRODUCT_FACTORIES} factories (null:
     * the viewer's own factory for a factory manager; office roles name the factories).
     */
    public ProductChart productChart(Viewer viewer, Collection<String> factoryIds, HistoryRange range, int buckets) {
        Collection<String> ids = productScope(viewer, factoryIds);
        check(range);
        return products.chart(ids, range, buckets);
    }

    /** Units made and rejected per product over the range. */
    public List<ProductTotals> productTotals(Viewer viewer, Collection<String> factoryIds, HistoryRange range) {
        Collection<String> ids = productScope(viewer, factoryIds);
        check(range);
        return products.totals(ids, range);
    }

    /** Output and rejects per product and slot as CSV (RFC 4180, streamed), for the factories named. */
    public void exportProducts(Viewer viewer, Collection<String> factoryIds, HistoryRange range, Writer out) {
        Collection<String> ids = productScope(viewer, factoryIds);
        check(range);
        products.export(ids, range, out);
    }

    private static Collection<String> productScope(Viewer viewer, Collection<String> requested) {
        Collection<String> ids = scope(viewer, requested);
        if (ids == null || ids.size() > MAX_PRODUCT_FACTORIES) {
            throw new io.meshportal.base.InvalidRequestException(Map.of(
                    "factories",
                    "Per product: name up to " + MAX_PRODUCT_FACTORIES
                            + " factories (products are kept per factory, not for the whole fleet)"));
        }
        return ids;
    }

    /**
     * One version's own minute while its factory ran two: what its counters grew by (not weighted) and the share
     * of the plant it ran. OEE is NaN where the version had no planned time in the minute.
     */
    public record VersionMinute(
            String version,
            Instant minute,
            long made,
            long rejected,
            double materialIn,
            double oeePercent,
            double share) {}

    /** A factory's version minutes in the range (kept as long as its minutes), oldest first. */
    public List<VersionMinute> versionMinutes(Viewer viewer, String factoryId, HistoryRange range) {
        scope(viewer, List.of(factoryId));
        check(range);
        return store
                .versionMinutes(
                        factoryId,
                        Math.floorDiv(range.from().toEpochMilli(), 60_000L),
                        Math.floorDiv(range.to().toEpochMilli() + 59_999L, 60_000L))
                .stream()
                .map(r -> new VersionMinute(
                        r.version(),
                        Instant.ofEpochSecond(r.minute() * 60),
                        r.made(),
                        r.rejected(),
                        r.materialIn(),
                        r.plannedSeconds() > 0
                                ? 100
                                        * Oee.of(
                                                        r.plannedSeconds(),
                                                        r.runSeconds(),
                                                        r.idealSeconds(),
                                                        r.totalCount(),
                                                        r.goodCount())
                                                .oee()
                                : Double.NaN,
                        r.share()))
                .toList();
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
