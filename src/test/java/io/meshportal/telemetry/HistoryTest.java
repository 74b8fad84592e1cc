package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.base.Csv;
import io.meshportal.base.DataProperties;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Oee;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.MinuteRecorder;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The rollups against a real SQLite file migrated by the real migrations. */
class HistoryTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
    static final Viewer OFFICE = new Viewer("history-office", Role.OFFICE_MANAGER, null);
    static final Viewer MANAGER = new Viewer("history-manager", Role.FACTORY_MANAGER, "oslo-1");

    @TempDir
    Path dir;

    RollupStore store;
    HistoryService history;
    JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        jdbc = new JdbcTemplate(ds);
        store = new RollupStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        history = new HistoryService(
                store,
                new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 100, 250_000),
                Clock.fixed(NOW, ZoneOffset.UTC),
                id -> io.meshportal.calendar.FactoryTime.UTC_THREE_SHIFTS,
                (java.util.function.Supplier<java.util.Collection<String>>) List::of);
    }

    /** Snapshots of the simulated factory once a second over [from, from + seconds). */
    static List<TelemetrySnapshot> samples(FactorySpec spec, Instant from, int seconds) {
        Simulation sim = new Simulation(spec);
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            out.add(sim.at(from.plusSeconds(i)));
        }
        return out;
    }

    static List<MinuteRow> record(String id, List<TelemetrySnapshot> snapshots) {
        MinuteRecorder recorder = new MinuteRecorder();
        TelemetrySnapshot prev = null;
        for (TelemetrySnapshot s : snapshots) {
            recorder.observe(id, s, prev);
            prev = s;
        }
        return recorder.closeBefore(Long.MAX_VALUE);
    }

    @Test
    void oeeOverARangeIsComputedFromSumsNotAveraged() {
        FactorySpec spec = FactorySpec.furniture("oslo-1", "Oslo", "NO");
        // 20 minutes inside one shift (08:00-16:00 UTC), ending before NOW
        Instant from = Instant.parse("2026-11-26T09:30:00Z");
        List<TelemetrySnapshot> snaps = samples(spec, from, 20 * 60);
        List<MinuteRow> rows = record("oslo-1", snaps);
        store.write(rows);
        TelemetrySnapshot first = snaps.getFirst();
        TelemetrySnapshot last = snaps.getLast();

        HistoryService.Totals totals =
                history.totals(OFFICE, List.of("oslo-1"), new HistoryRange(from, from.plusSeconds(20 * 60)));
        // by hand: what the factory's own shift counters grew by between the first and the last sample
        Oee byHand = Oee.of(
                last.oee().plannedSeconds() - first.oee().plannedSeconds(),
                last.oee().runSeconds() - first.oee().runSeconds(),
                last.oee().idealSeconds() - first.oee().idealSeconds(),
                last.oee().totalCount() - first.oee().totalCount(),
                last.oee().goodCount() - first.oee().goodCount());
        assertThat(totals.oee().oee()).isCloseTo(byHand.oee(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(totals.oee().availability())
                .isCloseTo(byHand.availability(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(totals.made()).isEqualTo(last.outputTotal() - first.outputTotal());
        assertThat(totals.samples()).isEqualTo(20 * 60);
        // and it is not the mean of the minutes' OEE (which weighs an idle minute like a busy one)
        double meanOfMinutes = rows.stream()
                .filter(r -> r.plannedSeconds() > 0)
                .mapToDouble(
                        r -> Oee.of(r.plannedSeconds(), r.runSeconds(), r.idealSeconds(), r.totalCount(), r.goodCount())
                                .oee())
                .average()
                .orElseThrow();
        assertThat(Math.abs(meanOfMinutes - totals.oee().oee())).isGreaterThan(1e-6);
        double seconds =
                totals.runningMinutes() + totals.idleMinutes() + totals.downMinutes() + totals.maintenanceMinutes();
        assertThat(seconds).isCloseTo(20 - 1 / 60.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void downsamplingKeepsEachBucketsLowestAndHighestMinute() {
        long start = Math.floorDiv(NOW.toEpochMilli(), 60_000) - 600;
        List<MinuteRow> rows = new ArrayList<>();
        for (int m = 0; m < 600; m++) {
            long made = m == 123 ? 500 : m == 456 ? 0 : 10;
            rows.add(row("oslo-1", start + m, made));
        }
        store.write(rows);
        HistoryService.Chart chart = history.chart(
                OFFICE,
                List.of("oslo-1"),
                new HistoryRange(Instant.ofEpochMilli(start * 60_000), Instant.ofEpochMilli((start + 600) * 60_000)),
                20);
        assertThat(chart.points()).hasSize(20);
        assertThat(chart.step()).isEqualTo(Duration.ofMinutes(30));
        assertThat(chart.points().stream()
                        .mapToDouble(HistoryService.Point::outputMax)
                        .max()
                        .orElseThrow())
                .isEqualTo(500);
        assertThat(chart.points().stream()
                        .mapToDouble(HistoryService.Point::outputMin)
                        .min()
                        .orElseThrow())
                .isEqualTo(0);
        HistoryService.Point spiky = chart.points().get(123 / 30);
        assertThat(spiky.outputPerMinute())
                .isCloseTo((29 * 10 + 500) / 30.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * Two steady factories (10 a minute each) for 25 days. Oslo stops for ten minutes 20 hours ago; both stop for ten
     * minutes 20 days ago (a power cut). Hours are rolled up from the minutes, then the minutes older than the
     * minute retention are deleted, as the recorder and retention do: the 20-day-old stoppage lives on in the hours
     * alone. Every range shows each stoppage it covers as the lowest minute of its bucket.
     */
    @Test
    void aTenMinuteStoppageIsVisibleAtEveryRange() {
        long now = Math.floorDiv(NOW.toEpochMilli(), 60_000);
        long oslo = (now - 20 * 60) / 60 * 60 + 25; // minute 25 of its hour
        long fleet = (now - 20 * 1440) / 60 * 60 + 40; // minute 40 of its hour
        List<MinuteRow> batch = new ArrayList<>();
        for (long m = now - 25 * 1440; m < now; m++) {
            boolean cut = m >= fleet && m < fleet + 10;
            batch.add(row("oslo-1", m, cut || (m >= oslo && m < oslo + 10) ? 0 : 10));
            batch.add(row("bergen-1", m, cut ? 0 : 10));
            if (batch.size() >= 10_000) {
                store.write(batch);
                batch.clear();
            }
        }
        store.write(batch);
        // the hours as folded while writing equal the hours recomputed from the minutes
        String hours = "select * from factory_hour order by factory_id, hour";
        String fleetHours = "select * from fleet_hour order by hour";
        List<Map<String, Object>> folded = jdbc.queryForList(hours);
        List<Map<String, Object>> foldedFleet = jdbc.queryForList(fleetHours);
        store.rollUpHours((now - 25 * 1440) / 60, now / 60 + 1);
        assertThat(jdbc.queryForList(hours)).isEqualTo(folded);
        assertThat(jdbc.queryForList(fleetHours)).isEqualTo(foldedFleet);
        store.deleteBefore(now - 14 * 1440, Long.MIN_VALUE, 1000);
        assertThat(jdbc.queryForObject(
                        "select count(*) from factory_minute where minute < ?", Long.class, now - 14 * 1440))
                .isZero();

        for (int days : new int[] {1, 7, 30, 90}) {
            HistoryRange range = new HistoryRange(NOW.minus(Duration.ofDays(days)), NOW);
            HistoryService.Chart one = history.chart(OFFICE, List.of("oslo-1"), range, 600);
            HistoryService.Chart all = history.chart(OFFICE, null, range, 600);
            assertThat(one.extremes()).isEqualTo(HistoryService.Extremes.EXACT);
            assertThat(all.extremes()).isEqualTo(HistoryService.Extremes.EXACT);
            assertThat(one.fromHours()).isEqualTo(days > 7);
            assertThat(at(one, oslo).outputMin())
                    .as("Oslo's stoppage, %d days", days)
                    .isZero();
            assertThat(at(all, oslo).outputMin())
                    .as("the fleet during Oslo's stoppage, %d days", days)
                    .isEqualTo(10);
            if (days > 20) {
                assertThat(at(one, fleet).outputMin())
                        .as("the power cut in Oslo, %d days", days)
                        .isZero();
                assertThat(at(all, fleet).outputMin())
                        .as("the power cut, %d days", days)
                        .isZero();
            }
            // nowhere else a dip
            for (HistoryService.Point p : one.points()) {
                if (!Double.isNaN(p.outputMin()) && !overlaps(one, p, oslo) && !overlaps(one, p, fleet)) {
                    assertThat(p.outputMin()).as("%d days at %s", days, p.at()).isEqualTo(10);
                    assertThat(p.outputMax()).isEqualTo(10);
                }
            }
        }
        // the two factories summed from their hours: each hour's lowest is the sum of their lowest minutes, a bound
        HistoryService.Chart both = history.chart(
                OFFICE, List.of("oslo-1", "bergen-1"), new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW), 600);
        assertThat(both.fromHours()).isTrue();
        assertThat(both.extremes()).isEqualTo(HistoryService.Extremes.BOUNDS);
        assertThat(at(both, oslo).outputMin()).isEqualTo(10);
        assertThat(at(both, fleet).outputMin()).isZero();

        // the CSV: from minutes (1 day) and from hours (30 and 90 days), with the lowest and highest minute of each
        for (int days : new int[] {1, 30, 90}) {
            HistoryRange range = new HistoryRange(NOW.minus(Duration.ofDays(days)), NOW);
            Map<String, List<String>> oneCsv = csvRows(List.of("oslo-1"), range);
            Map<String, List<String>> allCsv = csvRows(null, range);
            String osloAt = slotStart(oslo, days > 1);

            assertThat(allCsv.get(osloAt).subList(17, 20))
                    .as("fleet, %d days", days)
                    .containsExactly("10", days > 1 ? "20" : "10", "exact");
            assertThat(oneCsv.get(osloAt).subList(17, 20)).containsExactly("0", days > 1 ? "10" : "0", "exact");
            if (days > 20) {
                assertThat(allCsv.get(slotStart(fleet, true)).subList(17, 20)).containsExactly("0", "20", "exact");
            }
        }
        Map<String, List<String>> bothCsv =
                csvRows(List.of("oslo-1", "bergen-1"), new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(bothCsv.get(slotStart(oslo, true)).subList(17, 20)).containsExactly("10", "20", "bounds");
    }

    @Test
    void anHourRecordedWithoutItsExtremesShowsItsAverageAndSaysSo() {
        long hour = Math.floorDiv(NOW.toEpochMilli(), 3_600_000) - 24 * 20;
        jdbc.update(
                "insert into factory_hour (factory_id, hour, made, rejected, material_in, planned_s, run_s, ideal_s,"
                        + " total_count, good_count, running_s, idle_s, down_s, maintenance_s, samples, failed_polls) values"
                        + " ('oslo-1', " + hour + ", 600, 0, 0, 3600, 3600, 3000, 600, 600, 3600, 0, 0, 0, 3600, 0)");
        HistoryService.Chart chart =
                history.chart(OFFICE, List.of("oslo-1"), new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW), 600);
        assertThat(chart.extremes()).isEqualTo(HistoryService.Extremes.AVERAGES);
        assertThat(at(chart, hour * 60).outputMin()).isEqualTo(10);
        assertThat(at(chart, hour * 60).outputMax()).isEqualTo(10);
        Map<String, List<String>> csv =
                csvRows(List.of("oslo-1"), new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(csv.get(slotStart(hour * 60, true)).subList(17, 20)).containsExactly("", "", "");
    }

    @Test
    void migrationV14KeepsTheExtremesOfHoursWhoseMinutesAreAllStillThere(@TempDir Path other) {
        String url = new DataProperties(other).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).target("13").load().migrate();
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url));
        long h = 490_000;
        // minutes from the middle of hour h (retention cut into it), all of hour h + 1 (one of them stopped)
        for (long m = h * 60 + 30; m < (h + 2) * 60; m++) {
            old.update(
                    "insert into fleet_minute values (?, ?, 0, 0, 60, 60, 50, 0, 0, 60, 0, 0, 0, 60, 0)",
                    m,
                    m == (h + 1) * 60 + 7 ? 0 : m == (h + 1) * 60 + 8 ? 25 : 10);
        }
        for (long hour = h - 1; hour < h + 2; hour++) {
            old.update(
                    "insert into fleet_hour values (?, 600, 0, 0, 3600, 3600, 3000, 0, 0, 3600, 0, 0, 0, 3600, 0)",
                    hour);
        }
        Flyway.configure().dataSource(url, null, null).load().migrate();
        Map<Long, List<Object>> extremes = new java.util.TreeMap<>();
        old.query("select hour, made_min, made_max from fleet_hour", rs -> {
            extremes.put(rs.getLong(1), java.util.Arrays.asList(rs.getObject(2), rs.getObject(3)));
        });
        assertThat(extremes.get(h - 1)).as("no minutes left").containsExactly(null, null);
        assertThat(extremes.get(h)).as("half its minutes deleted").containsExactly(null, null);
        assertThat(extremes.get(h + 1)).as("all its minutes kept").containsExactly(0, 25);
    }

    /** The point whose bucket holds the epoch minute. */
    static HistoryService.Point at(HistoryService.Chart chart, long minute) {
        return chart.points().stream()
                .filter(p -> covers(chart, p, minute))
                .findFirst()
                .orElseThrow();
    }

    static boolean covers(HistoryService.Chart chart, HistoryService.Point p, long minute) {
        long t = minute * 60_000;
        return !p.at().isAfter(Instant.ofEpochMilli(t))
                && p.at().plus(chart.step()).isAfter(Instant.ofEpochMilli(t));
    }

    /** Whether the point's bucket holds any of the ten minutes from {@code minute}. */
    static boolean overlaps(HistoryService.Chart chart, HistoryService.Point p, long minute) {
        return p.at().isBefore(Instant.ofEpochMilli((minute + 10) * 60_000))
                && p.at().plus(chart.step()).isAfter(Instant.ofEpochMilli(minute * 60_000));
    }

    static String slotStart(long minute, boolean hours) {
        long slot = hours ? minute / 60 * 60 : minute;
        return Instant.ofEpochMilli(slot * 60_000).toString();
    }

    /** The chart's CSV: each row's cells by its time; the header checked. */
    Map<String, List<String>> csvRows(List<String> ids, HistoryRange range) {
        StringWriter out = new StringWriter();
        history.exportChart(OFFICE, ids, range, out);
        String[] lines = out.toString().split("\r\n");
        assertThat(List.of(lines[0].split(",")).subList(17, 20))
                .containsExactly("lowest minute made", "highest minute made", "minute extremes");
        Map<String, List<String>> rows = new java.util.HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            List<String> cells = List.of(lines[i].split(",", -1));
            rows.put(cells.getFirst(), cells);
        }
        return rows;
    }

    @Test
    void retentionRemovesExactlyWhatIsDueWhileWritersRun() throws Exception {
        long cutoff = Math.floorDiv(NOW.toEpochMilli(), 60_000) - 14 * 1440;
        List<MinuteRow> seed = new ArrayList<>();
        for (String f : List.of("a-1", "b-1", "c-1")) {
            for (int m = -700; m < 700; m++) {
                seed.add(row(f, cutoff + m, 1));
            }
        }
        store.write(seed);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            long m = cutoff + 10_000;
            while (writing.get()) {
                store.write(List.of(row("d-1", m++, 1)));
                written.incrementAndGet();
            }
        });
        long deleted = store.deleteBefore(cutoff, Long.MIN_VALUE, 100);
        writing.set(false);
        writer.join();
        // minute rows, their product rows, and the fleet's minutes
        assertThat(deleted).isEqualTo(3 * 700 + 3 * 700 + 700);
        assertThat(jdbc.queryForObject("select count(*) from factory_minute where minute < ?", Long.class, cutoff))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from factory_minute where minute >= ?", Long.class, cutoff))
                .isEqualTo(3 * 700 + written.get());
        assertThat(written.get())
                .as("the writer kept writing during the deletion")
                .isPositive();
    }

    @Test
    void csvIsRfc4180AndNeutralisesFormulas() {
        StringWriter out = new StringWriter();
        Csv csv = new Csv(out);
        csv.row("plain", "a,b", "say \"hi\"", "two\nlines", "=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", 3.5, 42L);
        assertThat(out.toString())
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1,'+1,'-2,'@SUM(A1),\"'\tx\",\"'\rx\","
                        + "3.5,42\r\n");
    }

    @Test
    void aRangeMustEndAfterItsStartNotInTheFutureAndWithinRetention() {
        assertThat(new HistoryRange(NOW, NOW.minusSeconds(60)).problems(NOW, Duration.ofDays(400)))
                .containsKey("to");
        assertThat(new HistoryRange(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)))
                        .problems(NOW, Duration.ofDays(400)))
                .containsEntry("to", "The end cannot be in the future");
        assertThat(new HistoryRange(NOW.minus(Duration.ofDays(401)), NOW).problems(NOW, Duration.ofDays(400)))
                .containsKey("from");
        assertThat(new HistoryRange(NOW.minus(Duration.ofDays(90)), NOW).problems(NOW, Duration.ofDays(400)))
                .isEmpty();
        assertThatThrownBy(() -> history.chart(OFFICE, null, new HistoryRange(NOW, NOW.minusSeconds(1)), 10))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aFactoryManagerGetsOnlyTheirOwnFactory() {
        long minute = Math.floorDiv(NOW.toEpochMilli(), 60_000) - 30;
        store.write(List.of(row("oslo-1", minute, 7), row("bergen-1", minute, 1000)));
        HistoryRange range = new HistoryRange(NOW.minus(Duration.ofHours(1)), NOW);
        assertThat(history.totals(MANAGER, null, range).made()).isEqualTo(7);
        assertThat(history.totals(OFFICE, null, range).made()).isEqualTo(1007);
        assertThatThrownBy(() -> history.totals(MANAGER, List.of("bergen-1"), range))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(history.totals(MANAGER, List.of("oslo-1", "bergen-1"), range).made())
                .isEqualTo(7);
        StringWriter csv = new StringWriter();
        history.exportChart(MANAGER, null, range, csv);
        assertThat(csv.toString()).contains("oslo-1").doesNotContain("bergen-1").contains(",7,");
        StringWriter report = new StringWriter();
        history.exportShifts(MANAGER, null, NOW.atZone(ZoneOffset.UTC).toLocalDate(), report);
        assertThat(report.toString()).doesNotContain("bergen-1").doesNotContain("1007");
    }

    static MinuteRow row(String factory, long minute, long made) {
        return new MinuteRow(
                factory,
                minute,
                made,
                0,
                made * 2.0,
                60,
                60,
                50,
                made,
                made,
                60,
                0,
                0,
                0,
                60,
                0,
                (double) made,
                (double) made,
                Map.of("table", new long[] {made, 0}));
    }
}
