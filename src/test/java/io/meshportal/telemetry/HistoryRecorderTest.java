package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.base.DataProperties;
import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Oee;
import io.meshportal.factory.Simulation;
import io.meshportal.telemetry.rollup.RollupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A minute batch that cannot be written is kept and written with the next, exactly once: against a real SQLite
 * file whose fleet table is renamed away for a few minutes (each write then fails inside its transaction, after the
 * factories' rows went in), every table ends as it does in the same run with the database up throughout. Past the
 * bound on minutes kept in memory, the oldest are dropped and counted.
 */
class HistoryRecorderTest {

    static final Instant T0 = Instant.parse("2026-06-10T09:50:00Z");
    static final List<String> FACTORIES = List.of("oslo-1", "bergen-1", "lyon-1");
    static final List<String> TABLES = List.of(
            "select * from factory_minute order by factory_id, minute",
            "select * from factory_minute_product order by factory_id, minute, product",
            "select * from fleet_minute order by minute",
            "select * from factory_hour order by factory_id, hour",
            "select * from factory_hour_product order by factory_id, hour, product",
            "select * from fleet_hour order by hour");

    @TempDir
    Path dir;

    /** A recorder over its own database; the scenario's clock is the minute it flushes before. */
    record Run(HistoryRecorder recorder, ProductionCounter counter, JdbcTemplate jdbc) {}

    Run run(String name, int maxUnwritten) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        String url = new DataProperties(data).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        RollupStore store = new RollupStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        ProductionCounter counter = new ProductionCounter(
                id -> new FactoryTime(ZoneId.of("UTC"), ShiftCalendar.threeShifts()),
                request -> new LiveCount.Base(request.day(), Map.of(), Map.of(), Oee.NONE));
        HistoryRecorder recorder = new HistoryRecorder(
                counter,
                store,
                new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 1000, maxUnwritten),
                Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        return new Run(recorder, counter, jdbc);
    }

    /**
     * Twenty minutes across an hour boundary, three factories polled every second; every 5 seconds the recorder
     * flushes the complete minutes, as it does in the portal; while {@code down} says so for a minute, the database
     * refuses every write.
     */
    static void play(Run run, IntPredicate down) {
        List<Simulation> sims = FACTORIES.stream()
                .map(id -> new Simulation(FactorySpec.furniture(id, id, "NO")))
                .toList();
        boolean wasDown = false;
        for (int s = 0; s < 20 * 60; s++) {
            Instant t = T0.plusSeconds(s);
            for (int f = 0; f < FACTORIES.size(); f++) {
                run.counter.count(
                        FACTORIES.get(f),
                        null,
                        List.of(new VersionReading("v1", 1, sims.get(f).at(t), null)),
                        t);
            }
            if (s % 5 == 4) {
                boolean isDown = down.test(s / 60);
                if (isDown != wasDown) {
                    run.jdbc.execute(
                            isDown
                                    ? "alter table fleet_minute rename to fleet_minute_away"
                                    : "alter table fleet_minute_away rename to fleet_minute");
                    wasDown = isDown;
                }
                run.recorder.flushBefore(Math.floorDiv(t.toEpochMilli(), 60_000L));
            }
        }
        if (wasDown) {
            run.jdbc.execute("alter table fleet_minute_away rename to fleet_minute");
        }
        run.recorder.stop(); // the open minute, and the closed hours recomputed
    }

    @Test
    void aFailedMinuteBatchIsWrittenLaterExactlyOnce() throws Exception {
        Run up = run("up", 250_000);
        play(up, minute -> false);
        Run flaky = run("flaky", 250_000);
        play(flaky, minute -> minute >= 4 && minute < 7 || minute == 10); // across the hour boundary at 10:00

        assertThat(flaky.recorder.failedWrites())
                .as("batches refused while the table was away")
                .isGreaterThan(20);
        assertThat(flaky.recorder.droppedMinutes()).isZero();
        assertThat(up.recorder.failedWrites()).isZero();
        for (String table : TABLES) {
            assertThat(flaky.jdbc.queryForList(table)).as(table).isEqualTo(up.jdbc.queryForList(table));
        }
        // every minute once per factory, none doubled
        assertThat(flaky.jdbc.queryForObject("select count(*) from factory_minute", Long.class))
                .isEqualTo(20L * FACTORIES.size());
        assertThat(flaky.jdbc.queryForObject(
                        "select count(*) from (select factory_id, minute / 60 from factory_minute group by 1, 2)",
                        Long.class))
                .isEqualTo(flaky.jdbc.queryForObject("select count(*) from factory_hour", Long.class));
        assertThat(flaky.jdbc.queryForObject("select sum(made) from factory_minute", Long.class))
                .isEqualTo(flaky.jdbc.queryForObject("select sum(made) from fleet_minute", Long.class))
                .isEqualTo(flaky.jdbc.queryForObject("select sum(made) from fleet_hour", Long.class))
                .isPositive();
    }

    @Test
    void pastTheBoundTheOldestMinutesAreDroppedAndCounted() throws Exception {
        // 3 factories; at most 12 minutes in memory: the three open ones and three more for each factory
        Run run = run("bounded", 12);
        play(run, minute -> minute >= 2 && minute < 12);

        long dropped = run.recorder.droppedMinutes();
        long written = run.jdbc.queryForObject("select count(*) from factory_minute", Long.class);
        assertThat(dropped).as("factory minutes dropped").isPositive();
        assertThat(written + dropped).isEqualTo(20L * FACTORIES.size());
        // the newest were kept: three minutes a factory (the bound less the three open ones) from before the
        // database came back, minute 1 (its batch the first refused) to 7 dropped
        List<Long> minutes = run.jdbc.queryForList(
                "select distinct minute from factory_minute where factory_id = 'oslo-1' order by minute", Long.class);
        long m0 = T0.getEpochSecond() / 60;
        List<Long> expected = new java.util.ArrayList<>(List.of(m0));
        for (long m = m0 + 8; m < m0 + 20; m++) {
            expected.add(m);
        }
        assertThat(minutes).isEqualTo(expected);
        assertThat(dropped).isEqualTo(7L * FACTORIES.size());
    }
}
