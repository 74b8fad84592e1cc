package io.meshportal.telemetry;

import com.zaxxer.hikari.HikariDataSource;
import io.meshportal.base.DataProperties;
import io.meshportal.bench.BenchReport;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollup store at fleet scale (issue "True production figures", item 7): 2,000 factories with 14 days of minutes
 * and 90 days of hours, bulk-loaded into a SQLite file by the real migrations, the time indexes dropped before
 * loading and built after. Measured while the tables are full: the hour roll-up a minute costs (the fold of a
 * minute's batch into its hours, and the recompute of a closed hour), retention (an hour's worth of minutes, as the
 * job deletes, and a day's worth), a 90-day fleet chart and a 90-day chart for 500 factories picked by a filter. Each figure is
 * the median of several runs, wall time and the calling thread's CPU (SQLite runs on it), beside a baseline from the
 * same run: the statements as they were before this change, or the bare read of the rows a chart sums.
 *
 * <p>One product row per factory minute and hour is loaded (the simulated furniture plants record two); the minute
 * batches written during the measurement carry two. {@code -Drollup.factories=} loads fewer factories.
 */
@Tag("bench")
class RollupScaleBenchmark {

    static final int FACTORIES = Integer.getInteger("rollup.factories", 2000);
    static final int MINUTE_DAYS = 14;
    static final int HOUR_DAYS = 90;
    /** Half a minute before the hour: the current hour holds 59 minutes. */
    static final Instant NOW = Instant.parse("2026-11-26T11:59:30Z");

    static final Viewer OFFICE = new Viewer("bench", Role.OFFICE_MANAGER, null);
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** The statements of commit 321a2c6 (before this change), for the baselines. */
    static final String OLD_SUMS = "made, rejected, material_in, planned_s, run_s, ideal_s, total_count, good_count,"
            + " running_s, idle_s, down_s, maintenance_s, samples, failed_polls";

    static final List<String> OLD_ROLL_UP = List.of(
            "insert or replace into factory_hour (factory_id, hour, " + OLD_SUMS + ", made_min, made_max)"
                    + " select factory_id, minute / 60, sum(made), sum(rejected), sum(material_in),"
                    + " sum(planned_s), sum(run_s), sum(ideal_s), sum(total_count), sum(good_count),"
                    + " sum(running_s), sum(idle_s), sum(down_s), sum(maintenance_s), sum(samples),"
                    + " sum(failed_polls), min(made), max(made) from factory_minute"
                    + " where minute >= ? and minute < ? group by factory_id, minute / 60",
            "insert or replace into factory_hour_product (factory_id, hour, product, made, rejected)"
                    + " select factory_id, minute / 60, product, sum(made), sum(rejected)"
                    + " from factory_minute_product where minute >= ? and minute < ?"
                    + " group by factory_id, minute / 60, product",
            "insert or replace into fleet_hour (hour, " + OLD_SUMS + ") select minute / 60, sum(made),"
                    + " sum(rejected), sum(material_in), sum(planned_s), sum(run_s), sum(ideal_s),"
                    + " sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s),"
                    + " sum(maintenance_s), sum(samples), sum(failed_polls) from fleet_minute"
                    + " where minute >= ? and minute < ? group by minute / 60");

    /** The old retention's product batch: no time index, so SQLite reads the table until it has found the batch. */
    static final String OLD_PRODUCT_RETENTION = "delete from factory_minute_product where (factory_id, minute,"
            + " product) in (select factory_id, minute, product from factory_minute_product where minute < ? limit ?)";

    /** The old retention's minute batch: through the time index, in time order. */
    static final String OLD_MINUTE_RETENTION = "delete from factory_minute where (factory_id, minute) in (select"
            + " factory_id, minute from factory_minute where minute < ? limit ?)";

    @TempDir
    Path dir;

    final List<String> rows = new ArrayList<>();

    @Test
    void rollupsAtFleetScale() throws Exception {
        String load0 = loadAverage();
        Path file = dir.resolve("meshportal.db");
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        long nowMinute = Math.floorDiv(NOW.toEpochMilli(), 60_000);
        long nowHour = nowMinute / 60;
        long firstMinute = nowMinute - MINUTE_DAYS * 1440L;
        long firstHour = nowHour - HOUR_DAYS * 24L;

        // 1. bulk load: time indexes dropped, rows inserted in primary-key order, indexes built after
        double[] load = load(file, firstMinute, nowMinute, firstHour, nowHour);
        long bytes = Files.size(file);

        rows.add("| measure | median wall | median CPU | runs | baseline in the same run | goal |");
        rows.add("|---|---:|---:|---:|---|---|");
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            ds.setMaximumPoolSize(4); // as the portal's DatabaseConfig
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            RollupStore store = new RollupStore(jdbc, tx);
            HistoryService history = new HistoryService(
                    store,
                    new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 5000, 250_000),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    id -> io.meshportal.calendar.FactoryTime.UTC_THREE_SHIFTS,
                    (java.util.function.Supplier<java.util.Collection<String>>) java.util.List::of);

            // 2. the hour roll-up a minute: the fold of a minute's batch into its hours, within the batch's write
            long[] minute = {nowMinute};
            Measure fold = measure(7, () -> {
                store.write(batch(minute[0]++));
                return null;
            });
            Measure plain = measure(7, () -> {
                writeWithoutFold(jdbc, tx, batch(minute[0]++));
                return null;
            });
            row(
                    "hour roll-up a minute: one minute's batch (" + FACTORIES + " factories, 2 products each) written"
                            + " and folded into the factories' and the fleet's hours",
                    fold,
                    String.format(
                            Locale.ROOT,
                            "the same batch written without the fold (as before): %s; the fold: %.0f ms",
                            plain.brief(),
                            fold.wall() - plain.wall()),
                    "≤ 200 ms");
            // the hour just closed, recomputed once from its 60 minutes
            Measure closed = measure(5, () -> {
                store.rollUpHours(nowHour - 1, nowHour);
                return null;
            });
            row(
                    "recompute of the hour just closed, its products summed (" + FACTORIES + " × 60 minutes; once an"
                            + " hour)",
                    closed,
                    "see the old roll-up below",
                    "≤ 200 ms");

            // 3. charts over 90 days
            HistoryRange days90 = new HistoryRange(NOW.minus(Duration.ofDays(90)), NOW);
            HistoryRange days30 = new HistoryRange(NOW.minus(Duration.ofDays(30)), NOW);
            List<String> filtered = new ArrayList<>();
            for (int i = 0; i < FACTORIES; i += 4) {
                filtered.add(id(i)); // every fourth, as a country or a state filter picks them
            }
            Measure fleet90 = measure(10, () -> history.chart(OFFICE, null, days90, TimeRangeBuckets.BUCKETS));
            row("90-day fleet chart (fleet sums, 2,160 hours)", fleet90, "", "≤ 200 ms");
            long[] span = {firstHour, nowHour + 1};
            Measure bare = measure(5, () -> bareRead(jdbc, filtered, span[0], span[1]));
            Measure allColumns = measure(3, () -> {
                store.slots(true, filtered, span[0], span[1], s -> {});
                return null;
            });
            Measure chart90 = measure(5, () -> history.chart(OFFICE, filtered, days90, TimeRangeBuckets.BUCKETS));
            row(
                    "90-day chart, " + filtered.size() + " of " + FACTORIES + " factories by a filter ("
                            + filtered.size() * HOUR_DAYS * 24 + " factory-hours)",
                    chart90,
                    "bare read of the same rows (count and one sum, no grouping): " + bare.brief()
                            + "; the same grouping with every column summed (as the CSV and before): "
                            + allColumns.brief(),
                    "≤ 200 ms");
            Measure chart30 = measure(5, () -> history.chart(OFFICE, filtered, days30, TimeRangeBuckets.BUCKETS));
            row(
                    "30-day chart, " + filtered.size() + " factories by a filter (" + filtered.size() * 30 * 24
                            + " factory-hours)",
                    chart30,
                    "",
                    "≤ 200 ms");

            // 4. retention: as the job deletes (a whole hour of minutes once an hour), and a day's worth
            long[] cut = {Math.floorDiv(firstMinute, 60) * 60 + 60};
            store.deleteBefore(cut[0], Long.MIN_VALUE, 5000); // to the first whole hour, not measured
            Measure run = measure(3, () -> {
                cut[0] += 60;
                return store.deleteBefore(cut[0], Long.MIN_VALUE, 5000);
            });
            cut[0] += 60;
            long[] oldDeleted = {0};
            Measure oldOrder = measure(1, () -> {
                int n;
                do {
                    n = tx.execute(st -> jdbc.update(OLD_MINUTE_RETENTION, cut[0], 5000));
                    oldDeleted[0] += n;
                } while (n == 5000);
                return null;
            });
            store.deleteBefore(cut[0], Long.MIN_VALUE, 5000); // that hour's products and fleet minutes
            row(
                    "retention run: an hour's worth of minutes, as the job deletes once an hour (" + 2 * 60 * FACTORIES
                            + " minute and product rows, batches of 5,000)",
                    run,
                    "before (time order through the time index), the minute table alone, an hour's worth ("
                            + oldDeleted[0] + " rows): " + oldOrder.brief(),
                    "≤ 200 ms");
            long[] dayCut = {Math.floorDiv(cut[0], 1440) * 1440 + 1440, firstHour + 24};
            long[] deleted = new long[1];
            Measure day = measure(2, () -> {
                long n = store.deleteBefore(dayCut[0], dayCut[1], 5000);
                deleted[0] = n;
                dayCut[0] += 1440;
                dayCut[1] += 24;
                return n;
            });
            long batches = (deleted[0] + 4999) / 5000;
            row(
                    "retention of a day's worth: minutes, products, hours (" + deleted[0] + " rows, about " + batches
                            + " batches of 5,000)",
                    day,
                    String.format(
                            Locale.ROOT,
                            "%.0f ms a batch (one transaction each; a writer waits at most about that long)",
                            day.wall() / batches),
                    "≤ 200 ms a batch");

            // 5. the baselines that are slow: the old roll-up of two hours (every minute before), and the old
            // retention's product batch when nothing is due (it reads the whole table; each run ended so)
            Measure oldRollUp = measure(1, () -> {
                tx.executeWithoutResult(s -> {
                    for (String sql : OLD_ROLL_UP) {
                        jdbc.update(sql, (nowHour - 1) * 60, (nowHour + 1) * 60);
                    }
                });
                return null;
            });
            row(
                    "baseline: the roll-up before this change, every minute (two hours through the time index, the"
                            + " product table read whole)",
                    oldRollUp,
                    "",
                    "");
            Measure oldRetention = measure(1, () -> jdbc.update(OLD_PRODUCT_RETENTION, firstMinute, 5000));
            row(
                    "baseline: a product batch of the retention before this change when fewer than a batch are due,"
                            + " as every run ended (no time index: reads the whole table)",
                    oldRetention,
                    "",
                    "");
        }
        String sqlite;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select sqlite_version()")) {
            r.next();
            sqlite = r.getString(1);
        }
        rows.add("");
        rows.add(String.format(
                Locale.ROOT,
                "Data: %,d factories; %,d minute rows and as many product rows (14 days), %,d hour rows and as many"
                        + " product rows (90 days); SQLite %s, file %.1f GiB. Bulk load %.0f s, index build after it"
                        + " %.0f s. Load average before: %s; after: %s.",
                FACTORIES,
                (long) FACTORIES * MINUTE_DAYS * 1440,
                (long) FACTORIES * HOUR_DAYS * 24,
                sqlite,
                bytes / 1024.0 / 1024 / 1024,
                load[0],
                load[1],
                load0,
                loadAverage()));
        BenchReport.section("Rollups at scale: 2,000 factories, 14 days of minutes, 90 days of hours", rows);
    }

    /** The chart width the dashboard asks for. */
    static final class TimeRangeBuckets {
        static final int BUCKETS = 600;
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "f-%04d", i);
    }

    /** Loads the tables; returns seconds for the rows and for the indexes. */
    static double[] load(Path file, long firstMinute, long nowMinute, long firstHour, long nowHour) throws Exception {
        long t0 = System.nanoTime();
        List<String> indexes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("pragma journal_mode=off");
                s.execute("pragma synchronous=off");
                s.execute("pragma cache_size=-262144");
                try (ResultSet r = s.executeQuery("select sql from sqlite_master where type = 'index' and sql is not"
                        + " null and tbl_name in ('factory_minute', 'factory_minute_product', 'factory_hour',"
                        + " 'factory_hour_product')")) {
                    while (r.next()) {
                        indexes.add(r.getString(1));
                    }
                }
                for (String index : indexes) {
                    s.execute("drop index " + index.split("\\s+")[2]);
                }
            }
            c.setAutoCommit(false);
            String minutes = "with recursive m(x) as (select ? union all select x + 1 from m where x < ?) ";
            try (PreparedStatement minute = c.prepareStatement("insert into factory_minute (factory_id, minute, made,"
                            + " rejected, material_in, planned_s, run_s, ideal_s, total_count, good_count, running_s,"
                            + " idle_s, down_s, maintenance_s, samples, failed_polls, rate_min, rate_max) " + minutes
                            + "select ?3, x, 8 + (x + ?4) % 5, x % 7 = 0, 80.5, 60, 55, 50.5, 8 + (x + ?4) % 5,"
                            + " 8 + (x + ?4) % 5 - (x % 7 = 0), 55, 0, 5, 0, 60, 0, 7.5, 12.5 from m");
                    PreparedStatement product = c.prepareStatement("insert into factory_minute_product (factory_id,"
                            + " minute, product, made, rejected) " + minutes + "select ?3, x, 'chair', 8 + (x + ?4) %"
                            + " 5, x % 7 = 0 from m");
                    PreparedStatement hour = c.prepareStatement("insert into factory_hour (factory_id, hour, made,"
                            + " rejected, material_in, planned_s, run_s, ideal_s, total_count, good_count, running_s,"
                            + " idle_s, down_s, maintenance_s, samples, failed_polls, made_min, made_max) " + minutes
                            + "select ?3, x, 600 + (x + ?4) % 50, 8, 4830.5, 3600, 3300, 3030.5, 600 + (x + ?4) %"
                            + " 50, 592, 3300, 0, 300, 0, 3600, 0, 8, 12 from m");
                    PreparedStatement hourProduct = c.prepareStatement("insert into factory_hour_product (factory_id,"
                            + " hour, product, made, rejected) " + minutes + "select ?3, x, 'chair', 600 + (x + ?4) %"
                            + " 50, 8 from m")) {
                for (int i = 0; i < FACTORIES; i++) {
                    bind(minute, firstMinute, nowMinute - 1, i);
                    bind(product, firstMinute, nowMinute - 1, i);
                    bind(hour, firstHour, nowHour, i);
                    bind(hourProduct, firstHour, nowHour, i);
                }
            }
            try (PreparedStatement fleet = c.prepareStatement("insert into fleet_minute " + minutes + "select x, 10"
                            + " * ?3, ?3 / 7, 80.5 * ?3, 60 * ?3, 55 * ?3, 50.5 * ?3, 10 * ?3, 10 * ?3 - ?3 / 7, 55 * ?3,"
                            + " 0, 5 * ?3, 0, 60 * ?3, 0 from m");
                    PreparedStatement fleetHour = c.prepareStatement("insert into fleet_hour " + minutes + "select x,"
                            + " 625 * ?3, 8 * ?3, 4830.5 * ?3, 3600 * ?3, 3300 * ?3, 3030.5 * ?3, 625 * ?3, 592 * ?3,"
                            + " 3300 * ?3, 0, 300 * ?3, 0, 3600 * ?3, 0, 8 * ?3, 12 * ?3 from m")) {
                fleet.setLong(1, firstMinute);
                fleet.setLong(2, nowMinute - 1);
                fleet.setLong(3, FACTORIES);
                fleet.executeUpdate();
                fleetHour.setLong(1, firstHour);
                fleetHour.setLong(2, nowHour);
                fleetHour.setLong(3, FACTORIES);
                fleetHour.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            long t1 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                for (String index : indexes) {
                    s.execute(index);
                }
                s.execute("pragma journal_mode=wal");
            }
            return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
        }
    }

    private static void bind(PreparedStatement ps, long from, long last, int factory) throws Exception {
        ps.setLong(1, from);
        ps.setLong(2, last);
        ps.setString(3, id(factory));
        ps.setInt(4, factory);
        ps.executeUpdate();
    }

    /** One minute of every factory, as the recorder closes it: two products each. */
    static List<MinuteRow> batch(long minute) {
        List<MinuteRow> batch = new ArrayList<>(FACTORIES);
        for (int i = 0; i < FACTORIES; i++) {
            long made = 8 + (minute + i) % 5;
            batch.add(new MinuteRow(
                    id(i),
                    minute,
                    made,
                    minute % 7 == 0 ? 1 : 0,
                    80.5,
                    60,
                    55,
                    50.5,
                    made,
                    made,
                    55,
                    0,
                    5,
                    0,
                    60,
                    0,
                    7.5,
                    12.5,
                    Map.of("chair", new long[] {made - 2, 0}, "table", new long[] {2, 0})));
        }
        return batch;
    }

    /** The minute batch as it was written before the fold (commit 321a2c6): minutes, the fleet's minute, products. */
    static void writeWithoutFold(JdbcTemplate jdbc, TransactionTemplate tx, List<MinuteRow> rows) {
        String add = Arrays.stream(OLD_SUMS.split(","))
                .map(String::trim)
                .map(c -> c + " = " + c + " + excluded." + c)
                .collect(java.util.stream.Collectors.joining(", "));
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate(
                    "insert into factory_minute (factory_id, minute, " + OLD_SUMS + ", rate_min, rate_max) values (?,"
                            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (factory_id, minute) do"
                            + " update set " + add,
                    rows,
                    500,
                    (ps, r) -> {
                        ps.setString(1, r.factoryId());
                        ps.setLong(2, r.slot());
                        ps.setLong(3, r.made());
                        ps.setLong(4, r.rejected());
                        ps.setDouble(5, r.materialIn());
                        ps.setDouble(6, r.plannedSeconds());
                        ps.setDouble(7, r.runSeconds());
                        ps.setDouble(8, r.idealSeconds());
                        ps.setLong(9, r.totalCount());
                        ps.setLong(10, r.goodCount());
                        ps.setDouble(11, r.runningSeconds());
                        ps.setDouble(12, r.idleSeconds());
                        ps.setDouble(13, r.downSeconds());
                        ps.setDouble(14, r.maintenanceSeconds());
                        ps.setInt(15, r.samples());
                        ps.setInt(16, r.failedPolls());
                        ps.setObject(17, r.rateMin());
                        ps.setObject(18, r.rateMax());
                    });
            double[] f = new double[14];
            List<Object[]> products = new ArrayList<>();
            for (MinuteRow r : rows) {
                f[0] += r.made();
                f[1] += r.rejected();
                f[2] += r.materialIn();
                f[3] += r.plannedSeconds();
                f[4] += r.runSeconds();
                f[5] += r.idealSeconds();
                f[6] += r.totalCount();
                f[7] += r.goodCount();
                f[8] += r.runningSeconds();
                f[9] += r.idleSeconds();
                f[10] += r.downSeconds();
                f[11] += r.maintenanceSeconds();
                f[12] += r.samples();
                f[13] += r.failedPolls();
                r.products().forEach((p, mr) -> products.add(new Object[] {r.factoryId(), r.slot(), p, mr[0], mr[1]}));
            }
            Object[] fleet = new Object[15];
            fleet[0] = rows.getFirst().slot();
            for (int i = 0; i < 14; i++) {
                fleet[i + 1] = f[i];
            }
            jdbc.batchUpdate(
                    "insert into fleet_minute (minute, " + OLD_SUMS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?, ?) on conflict (minute) do update set " + add,
                    List.<Object[]>of(fleet));
            jdbc.batchUpdate(
                    "insert into factory_minute_product (factory_id, minute, product, made, rejected) values (?, ?, ?,"
                            + " ?, ?) on conflict (factory_id, minute, product) do update set made = made +"
                            + " excluded.made, rejected = rejected + excluded.rejected",
                    products);
        });
    }

    /** The least any chart over these rows must do: read each once (through the primary key), no grouping. */
    static Object bareRead(JdbcTemplate jdbc, List<String> ids, long from, long to) {
        List<Object> args = new ArrayList<>(List.of(from, to));
        args.addAll(ids);
        return jdbc.queryForList(
                "select count(*), sum(made) from factory_hour where hour >= ? and hour < ? and factory_id in ("
                        + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")",
                args.toArray());
    }

    record Measure(double wall, double cpu, int runs, double[] walls) {
        String brief() {
            return String.format(Locale.ROOT, "%.0f ms wall, %.0f ms CPU", wall, cpu);
        }
    }

    /** Median wall and CPU milliseconds over {@code n} runs (no warm-up run: the first is part of the figure). */
    static Measure measure(int n, Supplier<Object> what) {
        double[] wall = new double[n];
        double[] cpu = new double[n];
        for (int i = 0; i < n; i++) {
            long c = CPU.getCurrentThreadCpuTime();
            long w = System.nanoTime();
            what.get();
            wall[i] = (System.nanoTime() - w) / 1e6;
            cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
        }
        double[] walls = wall.clone();
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Measure(wall[n / 2], cpu[n / 2], n, walls);
    }

    void row(String what, Measure m, String baseline, String goal) {
        String runs = Arrays.stream(m.walls())
                .mapToObj(w -> String.format(Locale.ROOT, "%.0f", w))
                .collect(java.util.stream.Collectors.joining(", "));
        rows.add(String.format(
                Locale.ROOT,
                "| %s | %.0f ms | %.0f ms | %d: [%s] | %s | %s |",
                what,
                m.wall(),
                m.cpu(),
                m.runs(),
                runs,
                baseline,
                goal));
        System.out.println(rows.getLast());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
