package io.meshportal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal killed with SIGKILL while eight threads write users, alert rules and audit entries through its
 * services: the SQLite file opens clean, and every write the services had returned from is in it.
 */
class DurabilityTest {

    static final Map<String, String> TABLE = Map.of(
            "user",
            "select username from user_account",
            "rule",
            "select name from alert_rule",
            "audit",
            "select target from audit_entry");

    @Test
    void everyCommittedWriteSurvivesAKillInTheMiddleOfWriting(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Process portal = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurabilityWriter.class.getName(),
                        data.toString(),
                        "8")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> committed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(portal.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (committed.size() < 600 && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                if (line.startsWith("OK ")) {
                    committed.add(line.substring(3));
                } else if (line.startsWith("FAILED ")) {
                    failed.add(line);
                }
            }
            // SIGKILL: no shutdown hooks, no pool closing, writes in flight (those not yet reported are not checked)
            portal.destroyForcibly();
            portal.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.println("killed after " + committed.size() + " committed writes (" + failed.size() + " failed)");
        assertThat(committed).hasSizeGreaterThanOrEqualTo(600);
        assertThat(failed).as("writes refused under concurrency (SQLITE_BUSY?)").isEmpty();

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("meshportal.db"));
                Statement s = db.createStatement()) {
            try (ResultSet check = s.executeQuery("pragma integrity_check")) {
                check.next();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
            Map<String, Set<String>> stored = Map.of(
                    "user",
                    keys(s, TABLE.get("user")),
                    "rule",
                    keys(s, TABLE.get("rule")),
                    "audit",
                    keys(s, TABLE.get("audit")));
            List<String> missing = committed.stream()
                    .filter(c -> {
                        String[] kindKey = c.split(" ");
                        return !stored.get(kindKey[0]).contains(kindKey[1]);
                    })
                    .toList();
            assertThat(missing).as("committed but missing after the kill").isEmpty();
        }
    }

    static Set<String> keys(Statement s, String query) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return keys;
    }
}
