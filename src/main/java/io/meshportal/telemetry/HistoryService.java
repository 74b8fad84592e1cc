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
import java.util.Map;
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
    private final RollupStore store;
    private final ProductHistory products;

    @org.springframework.beans.factory.annotation.Autowired
    HistoryService(RollupStore store, HistoryProperties properties, Clock clock, TelemetryService telemetry) {
        this.properties = properties;
        this.clock = clock;
        SlotPlanner planner = new SlotPlanner(properties, clock);
        this.charts = new ChartReader(store, planner);
        this.sums = new RangeSums(store, planner);
        this.shiftReport = new ShiftReport(sums, properties, clock, telemetry);
        this.csv = new HistoryCsv(store, planner);
        this.store = store;
        this.products = new ProductHistory(store, planner);
    }

    /** Without the telemetry service: shifts are of the configured length (tests of the store alone). */
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
