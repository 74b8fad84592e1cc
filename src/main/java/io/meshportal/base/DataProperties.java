package io.meshportal.base;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the portal keeps its state: the SQLite file and files generated on first start. */
@ConfigurationProperties("meshportal.data")
public record DataProperties(@DefaultValue("./data") Path dir) {

    static final String SQLITE_OPTIONS = "journal_mode=WAL&busy_timeout=10000&transaction_mode=IMMEDIATE";

    public Path database() {
        return dir.resolve("meshportal.db");
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + database().toAbsolutePath() + "?" + SQLITE_OPTIONS;
    }
}
