package io.meshportal.base;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SQLite data source. The directory is created first (SQLite cannot create it: SQLITE_CANTOPEN), and the URL
 * carries WAL + busy timeout + IMMEDIATE transactions, without which concurrent read-then-write transactions
 * fail with SQLITE_BUSY (docs/VERSIONS.md, "SQLite").
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean
    DataSource dataSource(DataProperties properties) {
        try {
            Files.createDirectories(properties.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create data directory " + properties.dir().toAbsolutePath(), e);
        }
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(properties.jdbcUrl());
        ds.setPoolName("sqlite");
        ds.setMaximumPoolSize(4);
        return ds;
    }
}
