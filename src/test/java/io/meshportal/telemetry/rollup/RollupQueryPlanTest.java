package io.meshportal.telemetry.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.base.DataProperties;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every statement the rollup store runs finds its rows through an index: SQLite's own plan for each (EXPLAIN QUERY
 * PLAN, against a database migrated by the real migrations) never reads a whole rollup table ({@code SCAN
 * factory_minute_product}); searching an index or the primary key is fine, and so is scanning a temporary b-tree or
 * the list of factories a statement builds. The statements are the very strings the store ran: each call goes
 * through a data source that records what it was asked to prepare.
 */
class RollupQueryPlanTest {

    static final List<String> ROLLUP_TABLES = List.of(
            "factory_minute",
            "factory_minute_product",
            "factory_hour",
            "factory_hour_product",
            "factory_version_minute",
            "fleet_minute",
            "fleet_hour");

    /** A full read of a rollup table, or of one of its indexes from end to end. */
    static final Pattern FULL_SCAN = Pattern.compile("\\bSCAN (TABLE )?(" + String.join("|", ROLLUP_TABLES) + ")\\b");

    @TempDir
    Path dir;

    @Test
    void noStatementOfTheStoreReadsAWholeRollupTable() throws Exception {
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        Set<String> ran = new LinkedHashSet<>();
        DataSource recording = recording(new DriverManagerDataSource(url), ran);
        RollupStore store = new RollupStore(
                new JdbcTemplate(recording), new TransactionTemplate(new DataSourceTransactionManager(recording)));

        long minute = 29_000_000;
        List<MinuteRow> rows = new ArrayList<>();
        for (int m = 0; m < 90; m++) {
            rows.add(row("a-1", minute + m));
            rows.add(row("b-1", minute + m));
        }
        store.write(rows);
        store.writeVersions(List.of(new VersionMinuteRow("a-1", "v2", minute, 5, 0, 1, 60, 55, 50, 5, 5, 60, 0.5)));
        store.rollUpHours(minute / 60, minute / 60 + 2);
        for (boolean hours : new boolean[] {false, true}) {
            long from = hours ? minute / 60 : minute;
            store.slots(hours, null, from, from + 90, s -> {});
            store.slots(hours, List.of("a-1"), from, from + 90, s -> {});
            store.slots(hours, List.of("a-1", "b-1", "c-1"), from, from + 90, s -> {});
            store.chartSlots(hours, null, from, from + 90, s -> {});
            store.chartSlots(hours, List.of("a-1", "b-1", "c-1"), from, from + 90, s -> {});
        }
        store.versionMinutes("a-1", minute, minute + 60);
        store.productSlots(false, List.of("a-1", "b-1"), minute, minute + 90, s -> {});
        store.productSlots(true, List.of("a-1"), minute / 60, minute / 60 + 2, s -> {});
        store.daySums("a-1", minute, minute + 30, minute + 60);
        store.life("a-1");
        store.beginLife("a-1", "life-1", minute);
        store.beginLife("a-1", "life-2", minute + 60); // another life: the old history is removed
        store.endLife("b-1", minute + 60);
        store.deleteBefore(minute + 30, minute / 60 + 1, 7);

        assertThat(ran)
                .as("the roll-up and retention statements were run")
                .contains(RollupStore.ROLL_UP_HOURS, RollupStore.ROLL_UP_HOUR_PRODUCTS, RollupStore.ROLL_UP_FLEET_HOURS)
                .containsAll(RollupStore.DELETE_MINUTES)
                .containsAll(RollupStore.DELETE_HOURS);
        Map<String, List<String>> plans = plans(url, ran);
        Map<String, List<String>> scans = new LinkedHashMap<>();
        plans.forEach((sql, plan) -> {
            List<String> full =
                    plan.stream().filter(l -> FULL_SCAN.matcher(l).find()).toList();
            if (!full.isEmpty()) {
                scans.put(sql, full);
            }
        });
        assertThat(scans).as("statements that read a whole rollup table").isEmpty();
        // and the check can fail: a statement without a usable index is caught
        assertThat(plans(url, Set.of("select sum(made) from factory_minute_product where product = ?"))
                        .values()
                        .iterator()
                        .next())
                .anyMatch(l -> FULL_SCAN.matcher(l).find());
    }

    /** Each statement's plan lines (the "detail" column), its parameters left unbound. */
    static Map<String, List<String>> plans(String url, Set<String> statements) throws Exception {
        Map<String, List<String>> plans = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url)) {
            for (String sql : statements) {
                List<String> lines = new ArrayList<>();
                try (var ps = c.prepareStatement("explain query plan " + sql);
                        ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        lines.add(r.getString("detail"));
                    }
                }
                plans.put(sql, lines);
            }
        }
        return plans;
    }

    /** A data source whose connections record every statement they prepare or execute. */
    static DataSource recording(DataSource target, Set<String> ran) {
        return (DataSource) Proxy.newProxyInstance(
                RollupQueryPlanTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object result = invoke(target, m, args);
                    if (result instanceof Connection c) {
                        return proxy(Connection.class, c, (cp, cm, cargs) -> {
                            if ((cm.getName().equals("prepareStatement")
                                            || cm.getName().equals("prepareCall"))
                                    && cargs != null
                                    && cargs[0] instanceof String sql) {
                                ran.add(sql);
                            }
                            Object r = invoke(c, cm, cargs);
                            if (r instanceof Statement s && cm.getName().equals("createStatement")) {
                                return proxy(Statement.class, s, (sp, sm, sargs) -> {
                                    if (sm.getName().startsWith("execute")
                                            && sargs != null
                                            && sargs.length > 0
                                            && sargs[0] instanceof String sql) {
                                        ran.add(sql);
                                    }
                                    return invoke(s, sm, sargs);
                                });
                            }
                            return r;
                        });
                    }
                    return result;
                });
    }

    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(RollupQueryPlanTest.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static MinuteRow row(String factory, long minute) {
        return new MinuteRow(
                factory,
                minute,
                10,
                1,
                20,
                60,
                55,
                50,
                10,
                9,
                55,
                0,
                5,
                0,
                60,
                0,
                9.0,
                11.0,
                Map.of("chair", new long[] {8, 1}, "table", new long[] {2, 0}));
    }
}
