package io.meshportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The data directory and the database files (which hold password hashes) are their owner's only. */
class DataAtRestTest {

    @Test
    void aNewAndAnExistingInstallKeepTheDatabaseOwnerOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (var portal = start(data)) {
            assertThat(portal.isRunning()).isTrue();
            assertOwnerOnly(data);
        }
        // an install made before: world-readable files are tightened at the next start
        for (Path file : new Path[] {data, data.resolve("meshportal.db")}) {
            Files.setPosixFilePermissions(
                    file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try (var portal = start(data)) {
            assertOwnerOnly(data);
        }
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        for (String name : new String[] {"meshportal.db", "meshportal.db-wal", "meshportal.db-shm"}) {
            Path file = data.resolve(name);
            if (Files.exists(file)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(name)
                        .isEqualTo("rw-------");
            }
        }
        assertThat(data.resolve("meshportal.db-wal"))
                .as("WAL file while the portal runs")
                .exists();
    }

    private static org.springframework.context.ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.fleet.local.factories[0].id=rest-1",
                        "--meshportal.fleet.local.factories[0].name=Rest",
                        "--meshportal.fleet.local.factories[0].country=DE");
    }
}
