package io.meshportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The schema is Flyway's. {@code src/test/resources/db/release-0.1.0.db} was written by release 0.1.0 (Hibernate
 * {@code ddl-auto=update}, before migrations) through its own services: users (one disabled), alert rules, an
 * acknowledged alert, audit entries, local factories (one scaled, one autoscaled). An installation upgrading from
 * it must start with every row intact; a new installation must get exactly that schema from migration V1.
 */
class SchemaMigrationTest {

    static final Path FIXTURE = Path.of("src/test/resources/db/release-0.1.0.db");
    static final List<String> TABLES =
            List.of("alert_event", "alert_rule", "audit_entry", "local_factory", "user_account");

    @Test
    void aDatabaseOfRelease010UpgradesWithEveryRowIntact(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.copy(FIXTURE, data.resolve("meshportal.db"));
        Files.writeString(data.resolve(".local-fleet-seeded"), "as in the release's data directory\n");
        Map<String, List<Map<String, Object>>> before = rows(FIXTURE);
        assertThat(before.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

        try (ConfigurableApplicationContext portal = start(data)) {
            // Hibernate validated the schema (ddl-auto=validate) or the context would not have started
            assertThat(portal.isRunning()).isTrue();
        }
        Path migrated = data.resolve("meshportal.db");
        Map<String, List<Map<String, Object>>> after = rows(migrated);
        // every row as the release left it; an alert that was open stays open (and acknowledged) after the upgrade
        for (String table : TABLES) {
            // the columns the release had, each value as it was (later migrations only add columns)
            List<Map<String, Object>> asReleased = after.get(table).stream()
                    .map(row -> {
                        Map<String, Object> kept = new TreeMap<>(row);
                        kept.keySet().retainAll(before.get(table).getFirst().keySet());
                        return kept;
                    })
                    .toList();
            assertThat(asReleased).as(table).containsAll(before.get(table));
        }
        // V4: the release's factories run v1 as designed, with no canary
        assertThat(after.get("local_factory")).allSatisfy(row -> {
            assertThat(row.get("version")).isEqualTo("v1");
            assertThat(row.get("cycle_time_factor")).isEqualTo(1.0);
            assertThat(row.get("canary_version")).isNull();
            assertThat(row.get("canary_weight")).isEqualTo(0);
        });
        assertThat(after.get("alert_event")).anyMatch(r -> r.get("resolved_at") == null);
        try (Connection c = open(migrated);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select version, type, success from flyway_schema_history order by installed_rank")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("1");
            assertThat(r.getString("type")).isEqualTo("BASELINE");
            assertThat(r.getBoolean("success")).isTrue();
            assertThat(r.next()).as("later migrations run after the baseline").isTrue();
            assertThat(r.getString("version")).isEqualTo("2");
            assertThat(r.getBoolean("success")).isTrue();
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("3");
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("4");
        }
    }

    @Test
    void aNewDatabaseGetsExactlyTheReleaseSchemaFromMigrationV1(@TempDir Path dir) throws Exception {
        Path v1 = dir.resolve("v1.db");
        org.flywaydb.core.Flyway.configure()
                .dataSource("jdbc:sqlite:" + v1, null, null)
                .target("1")
                .load()
                .migrate();
        assertThat(schema(v1)).isEqualTo(schema(FIXTURE));

        // the portal itself migrates a new database all the way; V2 only widens the alert kinds
        Path data = dir.resolve("data");
        try (ConfigurableApplicationContext portal = start(data)) {
            assertThat(portal.isRunning()).isTrue();
        }
        Map<String, String> expected = new TreeMap<>(schema(FIXTURE));
        expected.replaceAll((table, sql) ->
                sql.replace("'node_memory_above')", "'node_memory_above','error_rate_above','latency_p99_above')"));
        // V3: rule ids are never reused (alert history names its rule by id)
        expected.computeIfPresent(
                "alert_rule", (table, sql) -> sql.replace("(id integer, ", "(id integer primary key autoincrement, ")
                        .replace(", primary key (id))", ")"));
        // V4: factory versions and canaries (embedded fleet), and rollouts
        expected.computeIfPresent(
                "local_factory",
                (table, sql) -> sql.replace(
                        "replicas integer not null, primary key",
                        "replicas integer not null, version varchar(20) not null default 'v1', cycle_time_factor"
                                + " float not null default 1.0, reject_rate float, stoppage_rate float not null default"
                                + " 0.15, canary_version varchar(20), canary_cycle_time_factor float, canary_reject_rate"
                                + " float, canary_stoppage_rate float, canary_replicas integer, canary_weight integer"
                                + " not null default 0, primary key"));
        expected.put(
                "rollout",
                "create table rollout ( id integer primary key autoincrement, factory_id varchar(63) not null,"
                        + " stable_version varchar(20) not null, canary_version varchar(20) not null, automatic boolean"
                        + " not null, steps varchar(100) not null, dwell_seconds integer not null, min_samples integer"
                        + " not null, max_error_percent_increase float not null, max_p99_ratio float not null,"
                        + " max_reject_percent_increase float not null, max_oee_drop float not null,"
                        + " max_output_drop_percent float not null, state varchar(16) not null check ((state in"
                        + " ('running','held','promoted','rolled_back','aborted'))), step_index integer not null,"
                        + " canary_weight integer not null, step_started_at timestamp, started_by varchar(64) not"
                        + " null, started_at timestamp not null, finished_at timestamp, message varchar(1000))");
        // V7: each rule's webhook signing secret
        expected.computeIfPresent(
                "alert_rule",
                (table, sql) -> sql.replace(
                        "webhook_url varchar(500))", "webhook_url varchar(500), webhook_secret varchar(64))"));
        // V9: single-sign-on accounts, V11: the user's language (added columns: SQLite's ALTER TABLE writes them before
        // the table constraint)
        expected.computeIfPresent(
                "user_account",
                (table, sql) -> sql.replace(
                        "primary key (id))",
                        "sign_in varchar(16) not null default 'local' check ((sign_in in"
                                + " ('local','single_sign_on'))), subject varchar(255), language varchar(8), primary key"
                                + " (id))"));
        // V8: account requests from the sign-in page
        expected.put(
                "account_request",
                "create table account_request ( id integer primary key autoincrement, username varchar(64) not null,"
                        + " full_name varchar(100) not null, reason varchar(500), password_hash varchar(255) not null,"
                        + " client varchar(64), requested_at timestamp not null, state varchar(16) not null check"
                        + " ((state in ('pending','approved','rejected'))), decided_by varchar(64), decided_at"
                        + " timestamp)");
        // V10: personal access tokens for the HTTP API
        expected.put(
                "access_token",
                "create table access_token ( id integer primary key autoincrement, username varchar(64) not null,"
                        + " name varchar(64) not null, secret_digest varchar(64) not null unique, created_at timestamp"
                        + " not null, expires_at timestamp not null, last_used_at timestamp, unique (username, name))");
        // V5: history rollups per factory; V6: the fleet's own sums
        expected.put(
                "factory_minute",
                "create table factory_minute ( factory_id varchar(63) not null, minute integer not null, made"
                        + " integer not null, rejected integer not null, material_in float not null, planned_s float not null,"
                        + " run_s float not null, ideal_s float not null, total_count integer not null, good_count integer not"
                        + " null, running_s float not null, idle_s float not null, down_s float not null, maintenance_s float"
                        + " not null, samples integer not null, failed_polls integer not null, rate_min float, rate_max float,"
                        + " primary key (factory_id, minute)) without rowid");
        expected.put(
                "factory_minute_product",
                "create table factory_minute_product ( factory_id varchar(63) not null, minute integer not null,"
                        + " product varchar(100) not null, made integer not null, rejected integer not null, primary key"
                        + " (factory_id, minute, product)) without rowid");
        expected.put(
                "factory_hour",
                "create table factory_hour ( factory_id varchar(63) not null, hour integer not null, made integer"
                        + " not null, rejected integer not null, material_in float not null, planned_s float not null, run_s"
                        + " float not null, ideal_s float not null, total_count integer not null, good_count integer not null,"
                        + " running_s float not null, idle_s float not null, down_s float not null, maintenance_s float not"
                        + " null, samples integer not null, failed_polls integer not null, made_min integer, made_max integer,"
                        + " primary key (factory_id, hour)) without rowid");
        expected.put(
                "factory_hour_product",
                "create table factory_hour_product ( factory_id varchar(63) not null, hour integer not null, product"
                        + " varchar(100) not null, made integer not null, rejected integer not null, primary key (factory_id,"
                        + " hour, product)) without rowid");
        expected.put(
                "fleet_minute",
                "create table fleet_minute ( minute integer primary key, made integer not null, rejected integer not"
                        + " null, material_in float not null, planned_s float not null, run_s float not null, ideal_s float"
                        + " not null, total_count integer not null, good_count integer not null, running_s float not null,"
                        + " idle_s float not null, down_s float not null, maintenance_s float not null, samples integer not"
                        + " null, failed_polls integer not null)");
        expected.put(
                "fleet_hour",
                "create table fleet_hour ( hour integer primary key, made integer not null, rejected integer not"
                        + " null, material_in float not null, planned_s float not null, run_s float not null, ideal_s float"
                        + " not null, total_count integer not null, good_count integer not null, running_s float not null,"
                        + " idle_s float not null, down_s float not null, maintenance_s float not null, samples integer not"
                        + " null, failed_polls integer not null)");
        // V14: each fleet hour keeps its lowest and highest minute
        expected.computeIfPresent(
                "fleet_hour",
                (table, sql) -> sql.replace(
                        "failed_polls integer not null)",
                        "failed_polls integer not null, made_min integer, made_max integer)"));
        // V12: each version's own minutes and the lifetime a factory id's history belongs to; V13: factory calendars
        expected.put(
                "factory_version_minute",
                "create table factory_version_minute ( factory_id varchar(63) not null, version varchar(63) not null,"
                        + " minute integer not null, made integer not null, rejected integer not null, material_in float"
                        + " not null, planned_s float not null, run_s float not null, ideal_s float not null, total_count"
                        + " integer not null, good_count integer not null, samples integer not null, share float not"
                        + " null, primary key (factory_id, minute, version))");
        expected.put(
                "factory_life",
                "create table factory_life ( factory_id varchar(63) primary key, life varchar(100) not null,"
                        + " since_minute integer not null)");
        expected.put(
                "factory_calendar",
                "create table factory_calendar ( factory_id varchar(63) primary key, zone varchar(64) not null,"
                        + " shifts varchar(4000) not null, changed_by varchar(100) not null, changed_at integer not"
                        + " null)");
        assertThat(schema(data.resolve("meshportal.db"))).isEqualTo(expected);
        try (Connection c = open(data.resolve("meshportal.db"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select version, type, success from flyway_schema_history order by installed_rank")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("1");
            assertThat(r.getString("type")).isEqualTo("SQL");
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("2");
            assertThat(r.getBoolean("success")).isTrue();
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("3");
            assertThat(r.next()).isTrue();
            assertThat(r.getString("version")).isEqualTo("4");
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.fleet.local.factories[0].id=mig-1",
                        "--meshportal.fleet.local.factories[0].name=Migration",
                        "--meshportal.fleet.local.factories[0].country=DE");
    }

    /** Table → CREATE statement, normalised for letter case and whitespace; Flyway's own table left out. */
    static Map<String, String> schema(Path db) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Connection c = open(db);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select name, sql from sqlite_master where type = 'table'")) {
            while (r.next()) {
                if (!r.getString(1).startsWith("flyway_") && !r.getString(1).startsWith("sqlite_")) {
                    tables.put(
                            r.getString(1),
                            r.getString(2).toLowerCase().replace("\"", "").replaceAll("\\s+", " "));
                }
            }
        }
        return tables;
    }

    static Map<String, List<Map<String, Object>>> rows(Path db) throws SQLException {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        try (Connection c = open(db);
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("select * from " + table)) {
                    while (r.next()) {
                        Map<String, Object> row = new TreeMap<>();
                        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                            row.put(r.getMetaData().getColumnName(i), r.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                all.put(table, rows);
            }
        }
        return all;
    }

    private static Connection open(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
    }
}
