package io.meshportal.telemetry;

import io.meshportal.base.DataProperties;
import io.meshportal.bench.BenchReport;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.MinuteRecorder;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * History at fleet scale, against a real SQLite file: the cost of recording 2,000 factories (the recorder on every
 * tick, one batch write a minute), bytes per factory per day, 30-day chart queries for one factory and for 2,000
 * (goal ≤ 200 ms p99), and the database after 90 days (a backfill writes the rows the recorder would have).
 */
@Tag("bench")
class HistoryBenchmark {

    static final int FACTORIES = 2000;
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Viewer OFFICE = new Viewer("bench", Role.OFFICE_MANAGER, null);
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @Test
    void historyAtFleetScale() throws Exception {
        Path file = dir.resolve("meshportal.db");
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        RollupStore store = new RollupStore(jdbc, tx);
        HistoryService history = new HistoryService(
                store,
                new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 5000, 250_000),
                Clock.fixed(NOW, ZoneOffset.UTC),
                id -> io.meshportal.calendar.FactoryTime.UTC_THREE_SHIFTS,
                (java.util.function.Supplier<java.util.Collection<String>>) List::of);
        List<String> rows = new ArrayList<>();
        rows.add("| measure | figure | against |");
        rows.add("|---|---|---|");

        // 1. recording: 2,000 factories, 60 ticks of real snapshots (one minute), then the minute's batch write
        List<FactorySpec> specs = new ArrayList<>();
        for (int i = 0; i < FACTORIES; i++) {
            specs.add(FactorySpec.furniture("f-" + i, "F " + i, "DE"));
        }
        List<Simulation> sims = specs.stream().map(Simulation::new).toList();
        Instant minuteStart = NOW.minus(Duration.ofMinutes(10));
        List<List<TelemetrySnapshot>> ticks = new ArrayList<>();
        for (int t = 0; t <= 60; t++) {
            List<TelemetrySnapshot> tick = new ArrayList<>(FACTORIES);
            for (Simulation sim : sims) {
                tick.add(sim.at(minuteStart.plusSeconds(t)));
            }
            ticks.add(tick);
        }
        MinuteRecorder recorder = new MinuteRecorder();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        for (int t = 0; t < ticks.size(); t++) {
            for (int i = 0; i < FACTORIES; i++) {
                recorder.observe(
                        "f-" + i,
                        ticks.get(t).get(i),
                        t == 0 ? null : ticks.get(t - 1).get(i));
            }
        }
        double recordMsPerTick = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6 / ticks.size();
        List<MinuteRow> minute = recorder.closeBefore(Long.MAX_VALUE);
        store.write(minute); // warm up
        long[] writeCpu = new long[5];
        long[] writeWall = new long[5];
        for (int r = 0; r < writeCpu.length; r++) {
            List<MinuteRow> next = shift(minute, r + 1);
            long c = CPU.getCurrentThreadCpuTime();
            long w = System.nanoTime();
            store.write(next);
            writeCpu[r] = CPU.getCurrentThreadCpuTime() - c;
            writeWall[r] = System.nanoTime() - w;
        }
        double writeCpuMs = Arrays.stream(writeCpu).average().orElseThrow() / 1e6;
        double writeWallMs = Arrays.stream(writeWall).average().orElseThrow() / 1e6;
        rows.add(String.format(
                Locale.ROOT,
                "| recorder, 2,000 factories | %.1f ms CPU per 1 s tick | %.1f %% of a core |",
                recordMsPerTick,
                recordMsPerTick / 10));
        rows.add(String.format(
                Locale.ROOT,
                "| minute batch write, 2,000 rows + 4,000 product rows | %.0f ms wall, %.0f ms CPU | %.2f %% of a"
                        + " core (one a minute) |",
                writeWallMs,
                writeCpuMs,
                writeWallMs / 600));

        // 2. bytes per factory per day: a day of minutes for 100 factories, and their 24 hours
        long before = size(file);
        List<MinuteRow> day = new ArrayList<>();
        long firstMinute = Math.floorDiv(NOW.minus(Duration.ofDays(2)).toEpochMilli(), 60_000);
        for (int m = 0; m < 1440; m++) {
            for (int f = 0; f < 100; f++) {
                day.add(row("d-" + f, firstMinute + m, m));
            }
            if (day.size() >= 20_000) {
                store.write(day);
                day.clear();
            }
        }
        store.write(day);
        store.rollUpHours(firstMinute / 60, firstMinute / 60 + 24);
        jdbc.execute("pragma wal_checkpoint(truncate)");
        double bytesPerFactoryDay = (size(file) - before) / 100.0;
        rows.add(String.format(
                Locale.ROOT,
                "| SQLite bytes per factory per day (minutes + hours + products) | %.0f KiB | %.1f MiB per factory"
                        + " for 14 days of minutes |",
                bytesPerFactoryDay / 1024,
                bytesPerFactoryDay * 14 / 1024 / 1024));

        // 3. 30-day charts: hours for 2,000 factories over 30 days, then queries
        long firstHour = Math.floorDiv(NOW.minus(Duration.ofDays(30)).toEpochMilli(), 3_600_000);
        backfillHours(jdbc, tx, FACTORIES, firstHour, 30 * 24);
        fleetHours(jdbc);
        HistoryRange month = new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW);
        List<String> quarter = new ArrayList<>();
        for (int i = 0; i < FACTORIES / 4; i++) {
            quarter.add("f-" + i);
        }
        double[] one = time(20, () -> history.chart(OFFICE, List.of("f-7"), month, 600));
        double[] fleet = time(20, () -> history.chart(OFFICE, null, month, 600));
        double[] filtered = time(5, () -> history.chart(OFFICE, quarter, month, 600));
        rows.add(String.format(
                Locale.ROOT,
                "| 30-day chart, one factory (720 hours) | p50 %.0f ms, p99 %.0f ms | goal ≤ 200 ms |",
                one[0],
                one[1]));
        rows.add(String.format(
                Locale.ROOT,
                "| 30-day chart, fleet of 2,000 (fleet sums: 720 hours) | p50 %.0f ms, p99 %.0f ms | goal ≤ 200 ms |",
                fleet[0],
                fleet[1]));
        rows.add(String.format(
                Locale.ROOT,
                "| 30-day chart, 500 of 2,000 by a filter (360,000 hours) | p50 %.0f ms, p99 %.0f ms | goal ≤ 200 ms"
                        + " |",
                filtered[0],
                filtered[1]));

        // 4. 90 days for 200 factories: minutes for the last 14 (retention), hours for all 90
        Path ninety = dir.resolve("ninety");
        Files.createDirectories(ninety);
        String url90 = new DataProperties(ninety).jdbcUrl();
        Flyway.configure().dataSource(url90, null, null).load().migrate();
        DriverManagerDataSource ds90 = new DriverManagerDataSource(url90);
        JdbcTemplate jdbc90 = new JdbcTemplate(ds90);
        TransactionTemplate tx90 = new TransactionTemplate(new DataSourceTransactionManager(ds90));
        RollupStore store90 = new RollupStore(jdbc90, tx90);
        int backfill = 200;
        long w0 = System.nanoTime();
        backfillHours(
                jdbc90,
                tx90,
                backfill,
                Math.floorDiv(NOW.minus(Duration.ofDays(90)).toEpochMilli(), 3_600_000),
                90 * 24);
        long minute14 = Math.floorDiv(NOW.minus(Duration.ofDays(14)).toEpochMilli(), 60_000);
        List<MinuteRow> batch = new ArrayList<>();
        for (long m = minute14; m < minute14 + 14 * 1440; m++) {
            for (int f = 0; f < backfill; f++) {
                batch.add(row("f-" + f, m, (int) (m % 1440)));
            }
            if (batch.size() >= 20_000) {
                store90.write(batch);
                batch.clear();
            }
        }
        store90.write(batch);
        jdbc90.execute("pragma wal_checkpoint(truncate)");
        double seconds = (System.nanoTime() - w0) / 1e9;
        double mib = size(ninety.resolve("meshportal.db")) / 1024.0 / 1024;
        rows.add(String.format(
                Locale.ROOT,
                "| database after 90 days, %d factories (backfill %.0f s) | %.0f MiB | ≈ %.1f GiB for 2,000 (linear)"
                        + " |",
                backfill,
                seconds,
                mib,
                mib * FACTORIES / backfill / 1024));
        BenchReport.section("History: rollups in SQLite", rows);
    }

    static List<MinuteRow> shift(List<MinuteRow> rows, int minutes) {
        return rows.stream()
                .map(r -> new MinuteRow(
                        r.factoryId(),
                        r.slot() + minutes,
                        r.made(),
                        r.rejected(),
                        r.materialIn(),
                        r.plannedSeconds(),
                        r.runSeconds(),
                        r.idealSeconds(),
                        r.totalCount(),
                        r.goodCount(),
                        r.runningSeconds(),
                        r.idleSeconds(),
                        r.downSeconds(),
                        r.maintenanceSeconds(),
                        r.samples(),
                        r.failedPolls(),
                        r.rateMin(),
                        r.rateMax(),
                        r.products()))
                .toList();
    }

    static MinuteRow row(String factory, long minute, int seed) {
        long made = 8 + seed % 5;
        return new MinuteRow(
                factory,
                minute,
                made,
                seed % 7 == 0 ? 1 : 0,
                made * 9.4,
                120,
                110,
                95,
                made,
                made - (seed % 7 == 0 ? 1 : 0),
                55,
                0,
                5,
                0,
                60,
                0,
                (double) made - 1,
                (double) made + 1,
                Map.of("chair", new long[] {made - 2, 0}, "table", new long[] {2, seed % 7 == 0 ? 1 : 0}));
    }

    static void backfillHours(JdbcTemplate jdbc, TransactionTemplate tx, int factories, long firstHour, int hours) {
        List<Object[]> batch = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            for (int f = 0; f < factories; f++) {
                batch.add(new Object[] {
                    "f-" + f,
                    firstHour + h,
                    600,
                    8,
                    5600.0,
                    7200.0,
                    6600.0,
                    5700.0,
                    600,
                    592,
                    3300.0,
                    0.0,
                    300.0,
                    0.0,
                    3600,
                    0,
                    7,
                    12
                });
                if (batch.size() >= 20_000) {
                    flushHours(jdbc, tx, batch);
                }
            }
        }
        flushHours(jdbc, tx, batch);
    }

    /** The fleet's hourly sums, as migration V6 computes them from the factories' hours. */
    static void fleetHours(JdbcTemplate jdbc) {
        jdbc.update("insert or replace into fleet_hour select hour, sum(made), sum(rejected), sum(material_in),"
                + " sum(planned_s), sum(run_s), sum(ideal_s), sum(total_count), sum(good_count), sum(running_s),"
                + " sum(idle_s), sum(down_s), sum(maintenance_s), sum(samples), sum(failed_polls) from factory_hour"
                + " group by hour");
    }

    private static void flushHours(JdbcTemplate jdbc, TransactionTemplate tx, List<Object[]> batch) {
        tx.executeWithoutResult(s -> jdbc.batchUpdate(
                "insert or replace into factory_hour (factory_id, hour, made, rejected, material_in, planned_s,"
                        + " run_s, ideal_s, total_count, good_count, running_s, idle_s, down_s, maintenance_s,"
                        + " samples, failed_polls, made_min, made_max) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?)",
                batch));
        batch.clear();
    }

    /** p50 and p99 in milliseconds over {@code n} runs after one warm-up. */
    static double[] time(int n, Runnable query) {
        query.run();
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            query.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]};
    }

    static long size(Path file) throws Exception {
        long total = Files.size(file);
        for (String suffix : List.of("-wal", "-shm")) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(f)) {
                total += Files.size(f);
            }
        }
        return total;
    }
}
